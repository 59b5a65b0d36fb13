import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { expect } from "chai";
import type { PlanDocument } from "../../delivery/plan";
import type { PolicyRuleId } from "../../stacks/config/policies";
import { planInline } from "../helpers/inline";

/** "<rule> <resource name>: <message>" for each of `rules`' findings in the plan. */
const found = (plan: PlanDocument, ...rules: PolicyRuleId[]) =>
    (plan.violations ?? [])
        .filter((violation) => rules.includes(violation.rule))
        .map(({ rule, name, message }) => `${rule} ${name}: ${message}`);

const UNSCOPED = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "TagAnything", Effect: "Allow", Action: ["ec2:CreateTags"], Resource: "*" }],
});

// Resources made with the providers' own SDKs and planned by the real planner: what the rules see is what the plan
// records (dependencies, serialised inputs, secrets), not a hand-written view.
describe("policies on resources the planner records", () => {
    it("find a bucket's settings through the dependencies the planner records, and name a bucket without them", async () => {
        const plan = await planInline(() => {
            const provider = new aws.Provider("west", { region: "eu-west-1" });
            const kept = new aws.s3.Bucket("kept", { bucketPrefix: "kept-" }, { provider });
            new aws.s3.BucketVersioning(
                "kept-versioning",
                { bucket: kept.id, versioningConfiguration: { status: "Enabled" } },
                { provider },
            );
            new aws.s3.BucketServerSideEncryptionConfiguration(
                "kept-encryption",
                { bucket: kept.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
                { provider },
            );
            new aws.s3.BucketPublicAccessBlock(
                "kept-public-access",
                { bucket: kept.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
                { provider },
            );
            new aws.s3.Bucket("bare", { bucketPrefix: "bare-" }, { provider });
        });
        expect(found(plan, "s3-encryption", "s3-versioning", "s3-no-public-access")).to.deep.equal([
            "s3-encryption bare: has no server-side encryption configuration (aws.s3.BucketServerSideEncryptionConfiguration)",
            "s3-versioning bare: keeps no object versions (no aws.s3.BucketVersioning): an overwritten or deleted object is lost",
            "s3-no-public-access bare: has no public access block (aws.s3.BucketPublicAccessBlock): an ACL or a bucket policy can make it public",
        ]);
    });

    it("follow an attachment to the stack's own policy, and a launch template's metadata options as the SDK sends them", async () => {
        const plan = await planInline(() => {
            const provider = new aws.Provider("west", { region: "eu-west-1" });
            const policy = new aws.iam.Policy("tag-anything", { policy: UNSCOPED }, { provider });
            new aws.iam.RolePolicyAttachment("ci-tag-anything", { role: "ci", policyArn: policy.arn }, { provider });
            new aws.ec2.LaunchTemplate("nodes", { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } }, { provider });
        });
        expect(found(plan, "iam-no-unscoped-write", "imds-hop-limit")).to.deep.equal([
            "imds-hop-limit nodes: metadataOptions.httpPutResponseHopLimit is 2: pods can reach the node's instance credentials",
            "iam-no-unscoped-write tag-anything: statement TagAnything allows ec2:CreateTags on any resource without a condition",
            "iam-no-unscoped-write ci-tag-anything: attaches tag-anything, whose statement TagAnything allows ec2:CreateTags on any resource without a condition",
        ]);
    });

    it("see the Kubernetes SDK make a Secret's data secret, and find a workload without requests and a chart without a pinned version", async () => {
        const plan = await planInline(() => {
            const provider = new k8s.Provider("cluster", { kubeconfig: "{}" });
            new k8s.core.v1.Secret("admin", { metadata: { name: "admin" }, stringData: { password: "hunter2" } }, { provider });
            new k8s.apps.v1.Deployment(
                "api",
                {
                    spec: {
                        selector: { matchLabels: { app: "api" } },
                        template: {
                            metadata: { labels: { app: "api" } },
                            spec: { containers: [{ name: "api", image: "example/api:1.0.0" }] },
                        },
                    },
                },
                { provider },
            );
            new k8s.helm.v3.Release(
                "tool",
                { chart: "tool", version: "~1.2.0", repositoryOpts: { repo: "https://example.com/charts" } },
                { provider },
            );
        });
        expect(plan.resources.find((resource) => resource.name === "admin")?.inputs.stringData).to.equal("[secret]");
        expect(found(plan, "no-plaintext-secrets", "workload-resource-requests", "helm-pinned-version")).to.deep.equal([
            'helm-pinned-version tool: chart tool has version "~1.2.0": pin an exact version such as 1.2.3',
            "workload-resource-requests api: container api requests no cpu and no memory",
        ]);
    });
});
