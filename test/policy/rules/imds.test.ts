import { expect } from "chai";
import { imdsHopLimit } from "../../../delivery/policies/rules/imds";
import { findings, resource } from "../resources";

const launchTemplate = (metadataOptions: unknown) =>
    resource("aws:ec2/launchTemplate:LaunchTemplate", "prod-euw1-system-lt", metadataOptions === undefined ? {} : { metadataOptions });

describe("policy imds-hop-limit", () => {
    it("passes IMDSv2 with a hop limit of 1, and a template that turns the metadata service off", () => {
        expect(
            findings(
                imdsHopLimit,
                launchTemplate({ httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 }),
                launchTemplate({ httpEndpoint: "disabled" }),
                resource("aws:eks/nodeGroup:NodeGroup", "system", { launchTemplate: { id: "lt-1", version: "1" } }),
            ),
        ).to.deep.equal([]);
    });

    it("fails a hop limit of 2 (pods reach the token), IMDSv1 allowed, and settings left to defaults", () => {
        expect(
            findings(
                imdsHopLimit,
                launchTemplate({ httpTokens: "required", httpPutResponseHopLimit: 2 }),
                launchTemplate({ httpTokens: "optional", httpPutResponseHopLimit: 1 }),
                launchTemplate(undefined),
            ),
        ).to.deep.equal([
            "prod-euw1-system-lt: metadataOptions.httpPutResponseHopLimit is 2: pods can reach the node's instance credentials",
            "prod-euw1-system-lt: metadataOptions.httpTokens is optional: IMDSv1 answers without a token, so the hop limit protects nothing",
            "prod-euw1-system-lt: metadataOptions.httpPutResponseHopLimit is not set (the AMI's or the account's default applies): pods can reach the node's instance credentials",
            "prod-euw1-system-lt: metadataOptions.httpTokens is not set (IMDSv1 may stay allowed): IMDSv1 answers without a token, so the hop limit protects nothing",
        ]);
    });

    it("fails a managed node group without a launch template of the stack's", () => {
        expect(findings(imdsHopLimit, resource("aws:eks/nodeGroup:NodeGroup", "general", { clusterName: "prod-euw1" }))).to.deep.equal([
            "general: has no launch template: its nodes run with the metadata options of the template EKS generates, which the stack does not set",
        ]);
    });
});
