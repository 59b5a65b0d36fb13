import { ENVIRONMENTS, Environment } from "../../stacks/config/defaults";
import { keysAt } from "../../stacks/config/keys";
import { BERTH_NAMESPACE } from "../../stacks/config/namespaces";
import { policiesSchema, PolicySettings, resolvePolicies } from "../../stacks/config/policies";
import { describeIssue } from "../../stacks/config/problems";
import { PlanError } from "../errors";
import { structured } from "./values";

/** Whether the stack names a Berth environment, as platform:environment or as its own name. */
export function hasBerthEnvironment(config: Record<string, string>, stack: string): boolean {
    return config[`${BERTH_NAMESPACE}:environment`] !== undefined || (ENVIRONMENTS as readonly string[]).includes(stack);
}

/**
 * The policy settings of a stack, from its config as the Pulumi runtime holds it (keys `platform:policies`,
 * `aws:region`; structured values as JSON text): what `berth check` reads from Pulumi.<stack>.yaml and what the
 * Pulumi CLI hands the CrossGuard pack (PULUMI_CONFIG). The environment is platform:environment, else the stack's
 * name, as the program decides it.
 */
export function policySettingsOf(config: Record<string, string>, stack: string): PolicySettings {
    const given = structured(config[`${BERTH_NAMESPACE}:environment`]) ?? stack;
    if (!(ENVIRONMENTS as readonly unknown[]).includes(given)) {
        throw new PlanError(`Stack "${stack}" has no environment for its policies`, 2, [
            `${BERTH_NAMESPACE}:environment: must be one of ${ENVIRONMENTS.join(", ")} (got ${JSON.stringify(given)})`,
        ]);
    }
    const raw = config[`${BERTH_NAMESPACE}:policies`];
    const parsed = policiesSchema
        .optional()
        .safeParse(raw === undefined ? undefined : structured(raw), { reportInput: true, jitless: true });
    if (!parsed.success) {
        const problems = parsed.error.issues.flatMap((issue) =>
            describeIssue({ ...issue, path: ["policies", ...issue.path] }, (path) => keysAt(policiesSchema, path.slice(1))),
        );
        throw new PlanError(`Stack "${stack}" has invalid policy settings`, 2, problems);
    }
    return resolvePolicies(given as Environment, parsed.data);
}
