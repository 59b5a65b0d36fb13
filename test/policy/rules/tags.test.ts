import { expect } from "chai";
import { awsRequiredTags } from "../../../delivery/policies/rules/tags";
import { findings, resource, TAGGING_PROVIDER } from "../resources";

const UNTAGGING_PROVIDER = { ...TAGGING_PROVIDER, inputs: { region: "eu-west-1" } };

describe("policy aws-required-tags", () => {
    it("passes resources tagged by their provider's defaultTags, by themselves, or by both", () => {
        expect(
            findings(
                awsRequiredTags,
                resource("aws:ec2/vpc:Vpc", "by-provider", { cidrBlock: "10.0.0.0/16" }),
                resource(
                    "aws:ec2/vpc:Vpc",
                    "by-itself",
                    { tags: { "berth:environment": "prod", "cost-centre": "cc" } },
                    { provider: UNTAGGING_PROVIDER },
                ),
                resource(
                    "aws:ec2/vpc:Vpc",
                    "by-both",
                    { tags: { "cost-centre": "cc" } },
                    { provider: { ...UNTAGGING_PROVIDER, inputs: { defaultTags: { tags: { "berth:environment": "prod" } } } } },
                ),
            ),
        ).to.deep.equal([]);
    });

    it("fails a taggable resource missing a required tag, or carrying it empty", () => {
        expect(
            findings(
                awsRequiredTags,
                resource("aws:s3/bucket:Bucket", "untagged", {}, { provider: UNTAGGING_PROVIDER }),
                resource(
                    "aws:kms/key:Key",
                    "empty-cost-centre",
                    { tags: { "berth:environment": "prod", "cost-centre": "" } },
                    { provider: UNTAGGING_PROVIDER },
                ),
            ),
        ).to.deep.equal([
            "untagged: lacks the tags berth:environment and cost-centre: neither its tags nor its provider's defaultTags set them",
            "empty-cost-centre: lacks the tag cost-centre: neither its tags nor its provider's defaultTags set it",
        ]);
    });

    it("leaves alone what takes no tags (a route, an IAM inline policy) and what is not AWS's", () => {
        expect(
            findings(
                awsRequiredTags,
                resource("aws:ec2/route:Route", "default-route", {}, { provider: UNTAGGING_PROVIDER }),
                resource("aws:iam/rolePolicy:RolePolicy", "inline", {}, { provider: UNTAGGING_PROVIDER }),
                resource("kubernetes:core/v1:Namespace", "logging", {}, { provider: UNTAGGING_PROVIDER }),
            ),
        ).to.deep.equal([]);
    });

    it("reads an Auto Scaling group's list of tags", () => {
        const group = (tags: unknown) => resource("aws:autoscaling/group:Group", "workers", { tags }, { provider: UNTAGGING_PROVIDER });
        expect(
            findings(
                awsRequiredTags,
                group([
                    { key: "berth:environment", value: "prod", propagateAtLaunch: true },
                    { key: "cost-centre", value: "cc", propagateAtLaunch: true },
                ]),
                group([{ key: "berth:environment", value: "prod", propagateAtLaunch: true }]),
            ),
        ).to.deep.equal(["workers: lacks the tag cost-centre: neither its tags nor its provider's defaultTags set it"]);
    });
});
