import { minorSupport } from "../../components/lib/versions";
import { ENVIRONMENTS, Environment } from "./defaults";
import { BerthConfigError } from "./errors";
import { platformSchema, PlatformConfig } from "./platform";
import { describeIssue, shown } from "./problems";

export { BerthConfigError } from "./errors";
export type { PlatformConfig } from "./platform";
export type { ClusterConfig } from "./cluster";
export type { RegistryConfig } from "./registry";
export type { NodePoolConfig, SystemPoolConfig } from "./nodePool";
export type { Environment } from "./defaults";

export interface ParsedConfig {
    config: PlatformConfig;
    /** Things that work today but need attention soon (e.g. a Kubernetes minor near end of support). */
    warnings: string[];
}

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
 * Parses the `platform:` namespace of a stack's config (keys without the "platform:" prefix) into
 * one validated object, or throws a BerthConfigError listing every problem.
 */
export function parsePlatformConfig(raw: Record<string, unknown>, options: { stack: string; today: Date }): ParsedConfig {
    const { environment, problem } = environmentOf(raw, options.stack);
    const result = platformSchema({ environment, today: options.today }).safeParse({ ...raw, environment }, { reportInput: true });
    const problems = [...(problem ? [problem] : []), ...(result.success ? [] : result.error.issues.flatMap(describeIssue))];
    if (problems.length > 0 || !result.success) {
        throw new BerthConfigError(problems);
    }
    const warnings = result.data.clusters.flatMap((cluster, index) => {
        const support = minorSupport(cluster.kubernetesVersion, options.today);
        return support.status === "ending"
            ? [
                  `platform:clusters[${index}].kubernetesVersion: ${cluster.kubernetesVersion} leaves EKS standard support on ${support.endOfStandardSupport} (${support.daysLeft} days); plan the upgrade`,
              ]
            : [];
    });
    return { config: result.data, warnings };
}
