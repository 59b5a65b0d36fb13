import type { EnforcementLevel, Policies, ReportViolation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { contextOf } from "../delivery/policies/check";
import { exceptionFor } from "../delivery/policies/exceptions";
import { RULES } from "../delivery/policies/rules";
import type { Finding, ResourceView, Rule, RuleContext } from "../delivery/policies/types";
import type { PolicySettings } from "../stacks/config/policies";
import { viewOfArgs, viewOfResource } from "./views";

/**
 * Berth's rules as CrossGuard policies, one per rule, at the severity the stack's settings give it. A rule's
 * resource check becomes `validateResource` (run before each resource is created or updated) and its stack check
 * `validateStack` (run once the whole stack is previewed or deployed). Exceptions accept findings as `berth check`
 * does; an accepted finding is not reported.
 */
export function berthPolicies(settings: PolicySettings): Policies {
    const context = contextOf(settings);
    return RULES.map((rule) => {
        const report = (resource: ResourceView, finding: Finding, reportViolation: ReportViolation, urn?: string) => {
            if (exceptionFor(rule.id, resource, finding, settings.exceptions) === undefined) {
                reportViolation(finding.message, urn);
            }
        };
        // One policy may carry both checks: the policy SDK runs validateResource and validateStack of whichever it has.
        const policy: Partial<ResourceValidationPolicy & StackValidationPolicy> = {
            name: rule.id,
            description: rule.description,
            enforcementLevel: settings.severities[rule.id] satisfies EnforcementLevel,
        };
        if (rule.resources) {
            policy.validateResource = resourceValidation(rule.resources, context, report);
        }
        if (rule.stack) {
            const check = rule.stack;
            policy.validateStack = (args, reportViolation) => {
                const resources = args.resources.map(viewOfResource);
                const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
                for (const { urn, ...finding } of check(resources, context)) {
                    report(byUrn.get(urn)!, finding, reportViolation, urn);
                }
            };
        }
        return policy as ResourceValidationPolicy | StackValidationPolicy;
    });
}

function resourceValidation(
    check: NonNullable<Rule["resources"]>,
    context: RuleContext,
    report: (resource: ResourceView, finding: Finding, reportViolation: ReportViolation) => void,
): ResourceValidationPolicy["validateResource"] {
    return (args, reportViolation) => {
        // Cheap first: most of a stack's resources are none of this rule's business.
        if (!check.appliesTo(args.type)) {
            return;
        }
        const resource = viewOfArgs(args);
        for (const finding of check.check(resource, context)) {
            report(resource, finding, reportViolation);
        }
    };
}
