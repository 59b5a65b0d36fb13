import { BerthConfigError } from "../../stacks/config";
import { ENVIRONMENTS, Environment } from "../../stacks/config/defaults";
import { keyPath, describeIssue } from "../../stacks/config/problems";
import { resolveWorkloads, WorkloadConfig, workloadsSchema } from "../../stacks/config/workloads";

/** The prefix `describeIssue` gives the one application this program parses, and the config key it really sits under. */
const AS_PLATFORM_ENTRY = keyPath([0]);
const CONFIG_KEY = "berth-app:application";

/**
 * The application of `berth-app:application` with the environment's defaults, as `platform:workloads` resolves it; or a
 * BerthConfigError naming every problem by its key path. The rules across the platform's config (clusters, hosts, the
 * registry's repositories) are the portal's to check before it runs this program: it validates the spec against them.
 */
export function applicationFromConfig(environment: string, application: unknown): WorkloadConfig {
    if (!(ENVIRONMENTS as readonly string[]).includes(environment)) {
        throw new BerthConfigError([
            `berth-app:environment: must be one of ${ENVIRONMENTS.join(", ")} (got ${JSON.stringify(environment)})`,
        ]);
    }
    const parsed = workloadsSchema.safeParse([application], { reportInput: true });
    if (!parsed.success) {
        const problems = parsed.error.issues
            .flatMap((issue) => describeIssue(issue))
            .map((problem) => problem.replace(AS_PLATFORM_ENTRY, CONFIG_KEY));
        throw new BerthConfigError(problems);
    }
    return resolveWorkloads(environment as Environment, parsed.data)[0];
}
