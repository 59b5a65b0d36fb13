import type { PolicyRuleId, PolicySeverity } from "../../stacks/config/policies";

/**
 * A resource as a rule sees it, whichever path built the view: the offline plan (`berth check`), or the CrossGuard
 * pack in a real `pulumi preview` (policy/). Values a rule cannot see read SECRET or UNKNOWN (./values.ts).
 */
export interface ResourceView {
    type: string;
    name: string;
    urn: string;
    /**
     * Its properties: the inputs as the program passed them (the plan; CrossGuard resource policies, after the
     * provider's checks), or its outputs (CrossGuard stack policies, a superset of an AWS resource's inputs).
     */
    inputs: Record<string, unknown>;
    /** The provider it is created through: its inputs hold settings such as an AWS provider's defaultTags. */
    provider?: ProviderView;
    /** URNs of the resources it depends on. Only a rule's stack check can rely on them: CrossGuard gives a resource policy none. */
    dependencies: string[];
}

export interface ProviderView {
    type: string;
    name: string;
    urn: string;
    inputs: Record<string, unknown>;
}

/** What a rule found wrong with one resource. */
export interface Finding {
    /** For the reader: what is wrong and why it matters. */
    message: string;
    /** What exactly inside the resource is at fault (an IAM statement, a container), so an exception can accept exactly that. */
    subject?: string;
}

/** A finding of a rule's stack check, which may concern any resource of the stack. */
export interface StackFinding extends Finding {
    urn: string;
}

/** What a rule may be told about the environment it judges. */
export interface RuleContext {
    /** Tag keys every taggable AWS resource must carry. */
    requiredTags: string[];
}

/**
 * One policy rule, written once for both paths. A rule checks resources one at a time where it can (CrossGuard then
 * stops a bad resource before it is created) and looks across the stack only for what one resource cannot show:
 * an S3 bucket's settings live in resources of their own, an IAM attachment points at a policy elsewhere.
 */
export interface Rule {
    id: PolicyRuleId;
    /** One line, as `berth check` and the README list it. */
    title: string;
    /** What it checks and why, as CrossGuard shows it with a violation. */
    description: string;
    resources?: {
        appliesTo(type: string): boolean;
        check(resource: ResourceView, context: RuleContext): Finding[];
    };
    stack?: (resources: readonly ResourceView[], context: RuleContext) => StackFinding[];
}

/** One finding as the plan document records it. */
export interface Violation {
    rule: PolicyRuleId;
    severity: Exclude<PolicySeverity, "disabled">;
    urn: string;
    type: string;
    name: string;
    message: string;
    /** Why the finding is accepted, when an exception covers it: it then fails nothing and warns of nothing. */
    exception?: string;
}
