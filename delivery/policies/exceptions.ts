import type { PolicyException, PolicyRuleId } from "../../stacks/config/policies";
import { grantSubject } from "./rules/iam";
import type { Finding } from "./types";

/** A finding Berth itself accepts wherever it appears, with the reason: exactly these subjects, of this rule, on these types. */
interface BuiltInException {
    rule: PolicyRuleId;
    types: string[];
    subjects: string[];
    reason: string;
}

/**
 * The AWS Load Balancer Controller's policy (components/ingress/loadBalancerControllerPolicy.ts) is upstream's
 * recommended document, kept statement for statement so that a chart upgrade is a diff against upstream's file.
 * Upstream grants these writes on any resource: the controller opens node security groups it did not create to its
 * load balancers, creates security groups before it can tag them, manages listeners and rules (which carry no
 * cluster tag) and associates WAF and Shield protections. Narrowing them (say, to security groups tagged for this
 * cluster) would change upstream's policy in ways only a real controller on a real account can test.
 */
const LOAD_BALANCER_CONTROLLER: BuiltInException = {
    rule: "iam-no-unscoped-write",
    types: ["aws:iam/rolePolicy:RolePolicy"],
    subjects: [
        grantSubject("UseCertificatesWafAndShield", [
            "waf-regional:AssociateWebACL",
            "waf-regional:DisassociateWebACL",
            "wafv2:AssociateWebACL",
            "wafv2:DisassociateWebACL",
            "shield:CreateProtection",
            "shield:DeleteProtection",
        ]),
        grantSubject("OpenAnySecurityGroupToLoadBalancers", ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"]),
        grantSubject("CreateSecurityGroups", ["ec2:CreateSecurityGroup"]),
        grantSubject("ManageListenersAndRules", [
            "elasticloadbalancing:CreateListener",
            "elasticloadbalancing:DeleteListener",
            "elasticloadbalancing:CreateRule",
            "elasticloadbalancing:DeleteRule",
        ]),
        grantSubject("ConfigureListenersAndRules", [
            "elasticloadbalancing:SetWebAcl",
            "elasticloadbalancing:ModifyListener",
            "elasticloadbalancing:AddListenerCertificates",
            "elasticloadbalancing:RemoveListenerCertificates",
            "elasticloadbalancing:ModifyRule",
            "elasticloadbalancing:SetRulePriorities",
        ]),
    ],
    reason:
        "upstream's recommended policy for the AWS Load Balancer Controller grants these writes on any resource; Berth " +
        "keeps it verbatim (components/ingress/loadBalancerControllerPolicy.ts) so that upgrades stay a diff against upstream",
};

export const BUILT_IN_EXCEPTIONS: readonly BuiltInException[] = [LOAD_BALANCER_CONTROLLER];

/**
 * Why a finding is accepted, or undefined when nothing accepts it: a built-in exception that names exactly its
 * subject, or one of the stack's own (platform:policies.exceptions) for this rule on this resource.
 */
export function exceptionFor(
    rule: PolicyRuleId,
    resource: { type: string; name: string },
    finding: Finding,
    stackExceptions: readonly PolicyException[],
): string | undefined {
    const builtIn = BUILT_IN_EXCEPTIONS.find(
        (exception) =>
            exception.rule === rule &&
            exception.types.includes(resource.type) &&
            finding.subject !== undefined &&
            exception.subjects.includes(finding.subject),
    );
    if (builtIn) {
        return `accepted by Berth (delivery/policies/exceptions.ts): ${builtIn.reason}`;
    }
    const own = stackExceptions.find((exception) => exception.rule === rule && exception.resource === resource.name);
    return own && `accepted by platform:policies.exceptions: ${own.reason}`;
}
