import type { PolicySettings } from "../../stacks/config/policies";
import { exceptionFor } from "./exceptions";
import { RULES } from "./rules";
import type { Finding, ResourceView, Rule, RuleContext, Violation } from "./types";

/** What rules are told about the environment they judge. */
export const contextOf = (settings: PolicySettings): RuleContext => ({ requiredTags: settings.requiredTags });

/** Every finding of one rule over a stack's resources: each resource on its own, then the stack as a whole. */
export function findingsOf(
    rule: Rule,
    resources: readonly ResourceView[],
    context: RuleContext,
): { resource: ResourceView; finding: Finding }[] {
    const single = rule.resources;
    const own = single
        ? resources
              .filter((resource) => single.appliesTo(resource.type))
              .flatMap((resource) => single.check(resource, context).map((finding) => ({ resource, finding })))
        : [];
    const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
    const across = (rule.stack?.(resources, context) ?? []).flatMap(({ urn, ...finding }) => {
        const resource = byUrn.get(urn);
        return resource ? [{ resource, finding }] : [];
    });
    return [...own, ...across];
}

/** Checks a stack's resources against every rule its settings leave enabled, in rule order. */
export function checkResources(resources: readonly ResourceView[], settings: PolicySettings): Violation[] {
    const context = contextOf(settings);
    return RULES.flatMap((rule) => {
        const severity = settings.severities[rule.id];
        if (severity === "disabled") {
            return [];
        }
        return findingsOf(rule, resources, context).map(({ resource, finding }): Violation => {
            const exception = exceptionFor(rule.id, resource, finding, settings.exceptions);
            return {
                rule: rule.id,
                severity,
                urn: resource.urn,
                type: resource.type,
                name: resource.name,
                message: finding.message,
                ...(exception === undefined ? {} : { exception }),
            };
        });
    });
}
