import { ENVIRONMENTS, Environment } from "./defaults";
import { shown } from "./problems";

/**
 * Which environment's rules and defaults a stack gets: `platform:environment` when given, else the stack's name. Its own
 * file, free of Pulumi and zod, so that the portal can ask whether a stack is production without loading either.
 * `raw` holds the stack's `platform:` keys without the namespace, values as the runtime parses them.
 */
export function environmentOf(raw: Record<string, unknown>, stack: string): { environment: Environment; problem?: string } {
    const given = raw.environment ?? stack;
    if ((ENVIRONMENTS as readonly unknown[]).includes(given)) {
        return { environment: given as Environment };
    }
    const problem =
        raw.environment === undefined
            ? `platform:environment: is required when the stack name is not one of ${ENVIRONMENTS.join(", ")} (stack ${JSON.stringify(stack)})`
            : `platform:environment: must be one of ${ENVIRONMENTS.map((e) => JSON.stringify(e)).join(", ")} (got ${shown(raw.environment)})`;
    // Validate the rest against dev's defaults so that every other problem is still reported.
    return { environment: "dev", problem };
}
