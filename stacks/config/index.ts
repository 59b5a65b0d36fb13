import { ENVIRONMENTS, Environment } from "./defaults";
import { BerthConfigError } from "./errors";
import { keysAt } from "./keys";
import { splitNamespaces } from "./namespaces";
import { platformSchema, PlatformConfig } from "./platform";
import { describeIssue, shown } from "./problems";
import { supportWarnings } from "./support";

export { BerthConfigError } from "./errors";
export type { ClusterConfig, PlatformConfig } from "./platform";
export type { RegistryConfig } from "./registry";
export type { NodePoolConfig, SystemPoolConfig } from "./nodePool";
export type { Environment } from "./defaults";

export interface ParsedConfig {
    config: PlatformConfig;
    /** Things that work but need attention (a Kubernetes minor near or past the end of standard support, and its cost). */
    warnings: string[];
}

/** The top-level platform keys, the same in every environment. */
const PLATFORM_KEYS = keysAt(platformSchema({ environment: "dev" }), []) ?? [];

function environmentOf(raw: Record<string, unknown>, stack: string): { environment: Environment; problem?: string } {
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

/**
 * Parses a stack's config into one validated object, or throws a BerthConfigError listing every problem. Keys
 * are as Pulumi names them (`platform:clusters`, `aws:region`); a key without a namespace is a `platform:` key,
 * the project's own, as in a stack file. Keys in a namespace nobody reads are problems too.
 */
export function parsePlatformConfig(stackConfig: Record<string, unknown>, options: { stack: string; today: Date }): ParsedConfig {
    const { platform: raw, problems: namespaceProblems } = splitNamespaces(stackConfig, PLATFORM_KEYS);
    const { environment, problem } = environmentOf(raw, options.stack);
    const schema = platformSchema({ environment });
    const result = schema.safeParse({ ...raw, environment }, { reportInput: true });
    const problems = [
        ...(problem ? [problem] : []),
        ...namespaceProblems,
        ...(result.success ? [] : result.error.issues.flatMap((issue) => describeIssue(issue, (path) => keysAt(schema, path)))),
    ];
    if (problems.length > 0 || !result.success) {
        throw new BerthConfigError(problems);
    }
    return { config: result.data, warnings: supportWarnings(result.data.clusters, options.today) };
}
