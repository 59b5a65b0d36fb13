import type { Registration } from "../monitor";
import { checkResources } from "./check";
import { viewsOfPlan } from "./planViews";
import { hasBerthEnvironment, policySettingsOf } from "./settings";
import type { Violation } from "./types";

export type { Violation } from "./types";

/**
 * The policy violations of a planned stack, judged by the settings of its config (the runtime's view of
 * Pulumi.<stack>.yaml); undefined for a project that is not a Berth environment (no platform:environment and a stack
 * named neither dev nor prod), whose plan is still worth having but whose policies would be guesswork.
 */
export function planViolations(
    registrations: readonly Registration[],
    config: Record<string, string>,
    stack: string,
): Violation[] | undefined {
    if (!hasBerthEnvironment(config, stack)) return undefined;
    return checkResources(viewsOfPlan(registrations, config), policySettingsOf(config, stack));
}
