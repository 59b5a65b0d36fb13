import { policySettingsOf } from "../delivery/policies/settings";
import type { PolicySettings } from "../stacks/config/policies";

/**
 * The settings of the stack being previewed. The Pulumi CLI starts a policy pack with the stack's name
 * (PULUMI_STACK; PULUMI_NODEJS_STACK on older CLIs) and its config (PULUMI_CONFIG: JSON, keys such as
 * "platform:policies"), which `berth check` reads from Pulumi.<stack>.yaml instead.
 */
export function packSettings(env: NodeJS.ProcessEnv): PolicySettings {
    const stack = env.PULUMI_STACK ?? env.PULUMI_NODEJS_STACK;
    if (!stack) {
        throw new Error(
            "Berth's policy pack judges one stack, by its environment and platform:policies, and the Pulumi CLI did not name it " +
                "(PULUMI_STACK): run it with `pulumi preview --stack <stack> --policy-pack policy` from the project",
        );
    }
    return policySettingsOf(JSON.parse(env.PULUMI_CONFIG ?? "{}"), stack);
}
