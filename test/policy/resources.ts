import { contextOf, findingsOf } from "../../delivery/policies/check";
import type { ProviderView, ResourceView, Rule } from "../../delivery/policies/types";
import { DEFAULT_REQUIRED_TAGS, POLICY_DEFAULTS } from "../../stacks/config/policies";

/** An AWS provider of the stack, adding the environment's tags to everything it creates (as stacks/platform.ts does). */
export const TAGGING_PROVIDER: ProviderView = {
    type: "pulumi:providers:aws",
    name: "aws-eu-west-1",
    urn: "urn:pulumi:prod::platform::pulumi:providers:aws::aws-eu-west-1",
    // Provider inputs reach the plan as JSON text, as the SDK serialises them.
    inputs: { region: "eu-west-1", defaultTags: JSON.stringify({ tags: { "berth:environment": "prod", "cost-centre": "platform-prod" } }) },
};

/** A resource as rules see it, named `name`, with a URN made from its type and name. */
export function resource(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    extra: { provider?: ProviderView; dependencies?: string[] } = {},
): ResourceView {
    return {
        type,
        name,
        urn: `urn:pulumi:prod::platform::${type}::${name}`,
        inputs,
        provider: extra.provider ?? TAGGING_PROVIDER,
        dependencies: extra.dependencies ?? [],
    };
}

/** Every finding of `rule` over `resources`, as "<resource name>: <message>", with prod's settings. */
export function findings(rule: Rule, ...resources: ResourceView[]): string[] {
    const context = contextOf({
        environment: "prod",
        severities: POLICY_DEFAULTS.prod,
        requiredTags: DEFAULT_REQUIRED_TAGS,
        exceptions: [],
    });
    return findingsOf(rule, resources, context).map(({ resource, finding }) => `${resource.name}: ${finding.message}`);
}
