import type { Finding, ResourceView, Rule, StackFinding } from "../types";
import { isHidden, isMap, listed, structured } from "../values";
import { UnscopedGrant, unscopedWrites } from "./iamStatements";

const POLICY = "aws:iam/policy:Policy";
const ROLE = "aws:iam/role:Role";
/** Inline policies, whose document is their `policy` input. */
const INLINE_POLICIES = ["aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy"];
const ATTACHMENTS = [
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
];

/** AWS-managed policies are AWS's to scope, and their documents are not in the stack to read. */
const isAwsManaged = (arn: unknown) => typeof arn === "string" && /^arn:[^:]+:iam::aws:policy\//.test(arn);

function describe(grant: UnscopedGrant): string {
    const what = grant.allExcept ? `every action except ${listed(grant.actions)}` : listed(grant.actions);
    return `statement ${grant.statement} allows ${what} on any resource without a condition`;
}

/** Names a grant exactly, so that an exception accepts these actions in this statement and nothing more. */
export const grantSubject = (statement: string, actions: readonly string[], allExcept = false) =>
    `${statement}: ${allExcept ? "all except " : ""}${[...actions].sort().join(",")}`;

const subjectOf = (grant: UnscopedGrant) => grantSubject(grant.statement, grant.actions, grant.allExcept);

function findingsOf(document: unknown, where = ""): Finding[] {
    return unscopedWrites(structured(document)).map((grant) => ({ message: `${where}${describe(grant)}`, subject: subjectOf(grant) }));
}

/** The policy documents a resource carries itself. */
function ownFindings({ type, inputs }: ResourceView): Finding[] {
    if (type === POLICY || INLINE_POLICIES.includes(type)) {
        return isHidden(inputs.policy) ? [] : findingsOf(inputs.policy);
    }
    const inline = Array.isArray(inputs.inlinePolicies) ? inputs.inlinePolicies : [];
    return inline
        .filter(isMap)
        .flatMap((policy) => (isHidden(policy.policy) ? [] : findingsOf(policy.policy, `inline policy ${String(policy.name ?? "")}: `)));
}

/**
 * The customer-managed policies of the stack that a resource attaches: the one whose ARN it names (CrossGuard's
 * stack policies see ARNs), else the policies it depends on (the plan knows no ARN of a policy it has not created).
 */
function attachedPolicies(resource: ResourceView, arns: unknown[], policies: readonly ResourceView[]): ResourceView[] {
    const named = policies.filter((policy) => typeof policy.inputs.arn === "string" && arns.includes(policy.inputs.arn));
    if (named.length > 0) {
        return named;
    }
    const customer = arns.filter((arn) => !isAwsManaged(arn));
    return customer.length === 0 ? [] : policies.filter((policy) => resource.dependencies.includes(policy.urn));
}

function attachmentFindings(resources: readonly ResourceView[]): StackFinding[] {
    const policies = resources.filter((resource) => resource.type === POLICY);
    return resources.flatMap((resource) => {
        const arns = ATTACHMENTS.includes(resource.type)
            ? [resource.inputs.policyArn]
            : resource.type === ROLE && Array.isArray(resource.inputs.managedPolicyArns)
              ? resource.inputs.managedPolicyArns
              : [];
        return attachedPolicies(resource, arns, policies).flatMap((policy) =>
            findingsOf(policy.inputs.policy, `attaches ${policy.name}, whose `).map((finding) => ({ ...finding, urn: resource.urn })),
        );
    });
}

export const iamNoUnscopedWrite: Rule = {
    id: "iam-no-unscoped-write",
    title: "No IAM policy allows write actions on every resource without a condition",
    description:
        "Identity policies (policies, inline role, user and group policies, and the customer policies roles attach) " +
        "allow write actions only on named resources or under a condition that scopes them (a tag, a service). A " +
        "write is any action not named Describe*, List*, Get* or BatchGet*; conditions only on transport, time, " +
        "MFA, user agent or region do not scope.",
    resources: {
        appliesTo: (type) => type === POLICY || type === ROLE || INLINE_POLICIES.includes(type),
        check: ownFindings,
    },
    stack: attachmentFindings,
};
