import type { ArgProblem } from "../lib/argProblems";
import { ENVIRONMENT_SEGMENT } from "./names";
import type { SecretsArgs } from "./secrets";

/** Every problem with the operator's arguments, so that the component is safe to use without Berth's stack config. */
export function secretsArgProblems(args: SecretsArgs): ArgProblem[] {
    const problems: ArgProblem[] = [];
    if (!ENVIRONMENT_SEGMENT.test(args.environment)) {
        problems.push({
            propertyPath: "environment",
            reason: `must be an environment name, lowercase letters, digits and "-" (the secrets' prefix is berth/<environment>/) (got ${args.environment})`,
        });
    }
    const replicas = args.replicas;
    if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 1 || replicas > 5)) {
        problems.push({ propertyPath: "replicas", reason: `must be a whole number, 1-5 (got ${replicas})` });
    }
    return problems;
}
