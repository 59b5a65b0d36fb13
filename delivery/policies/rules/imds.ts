import type { Finding, Rule } from "../types";
import { isHidden, valueAt } from "../values";

const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const INSTANCE = "aws:ec2/instance:Instance";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";

/**
 * A pod's traffic to the instance metadata service crosses one more hop than the node's own. With IMDSv2 required and
 * a hop limit of 1, the token the service answers with never reaches a pod, so pods cannot take the node role's
 * credentials; with IMDSv1 allowed, the hop limit protects nothing, since v1 needs no token.
 */
function metadataFindings(metadataOptions: unknown): Finding[] {
    if (isHidden(metadataOptions) || valueAt(metadataOptions, "httpEndpoint") === "disabled") {
        return [];
    }
    const findings: Finding[] = [];
    const hopLimit = valueAt(metadataOptions, "httpPutResponseHopLimit");
    if (!isHidden(hopLimit) && Number(hopLimit) !== 1) {
        const got = hopLimit === undefined ? "not set (the AMI's or the account's default applies)" : String(hopLimit);
        findings.push({ message: `metadataOptions.httpPutResponseHopLimit is ${got}: pods can reach the node's instance credentials` });
    }
    const tokens = valueAt(metadataOptions, "httpTokens");
    if (tokens !== "required" && !isHidden(tokens)) {
        const got = tokens === undefined ? "not set (IMDSv1 may stay allowed)" : String(tokens);
        findings.push({
            message: `metadataOptions.httpTokens is ${got}: IMDSv1 answers without a token, so the hop limit protects nothing`,
        });
    }
    return findings;
}

export const imdsHopLimit: Rule = {
    id: "imds-hop-limit",
    title: "Nodes answer instance metadata only with IMDSv2 and a hop limit of 1",
    description:
        "Launch templates and instances require IMDSv2 (httpTokens: required) with httpPutResponseHopLimit 1, so that " +
        "pods cannot take the node role's credentials; an EKS managed node group uses a launch template of the stack, " +
        "since the one EKS generates otherwise is not the stack's to set.",
    resources: {
        appliesTo: (type) => type === LAUNCH_TEMPLATE || type === INSTANCE || type === NODE_GROUP,
        check({ type, inputs }): Finding[] {
            if (type !== NODE_GROUP) {
                return metadataFindings(inputs.metadataOptions);
            }
            return inputs.launchTemplate === undefined
                ? [
                      {
                          message:
                              "has no launch template: its nodes run with the metadata options of the template EKS generates, which the stack does not set",
                      },
                  ]
                : [];
        },
    },
};
