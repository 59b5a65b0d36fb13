import { expect } from "chai";
import {
    ciPushPolicy,
    githubOidcTrustPolicy,
    isRepositoryName,
    lifecyclePolicy,
    pullThroughCachePolicy,
    PULL_ACTIONS,
    PUSH_ACTIONS,
    replicaRegions,
    replicationRules,
    repositoryPolicy,
    repositoryUrl,
    templateRolePolicy,
} from "../../../components/registry";

const NODE_EUW1 = "arn:aws:iam::123456789012:role/prod-euw1-node";
const NODE_USE1 = "arn:aws:iam::123456789012:role/prod-use1-node";
const CI = "arn:aws:iam::123456789012:role/berth-ci";

describe("registry builders", () => {
    describe("lifecyclePolicy", () => {
        it("keeps the last N release images and expires untagged ones after D days, in that priority order", () => {
            expect(lifecyclePolicy({ keepReleaseImages: 50, releaseTagPrefix: "v", untaggedExpiryDays: 14 })).to.deep.equal({
                rules: [
                    {
                        rulePriority: 1,
                        description: 'Keep the last 50 release images (tags starting with "v")',
                        selection: { tagStatus: "tagged", tagPrefixList: ["v"], countType: "imageCountMoreThan", countNumber: 50 },
                        action: { type: "expire" },
                    },
                    {
                        rulePriority: 2,
                        description: "Expire untagged images 14 days after push",
                        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 14 },
                        action: { type: "expire" },
                    },
                ],
            });
        });

        it("gives every rule a distinct positive priority, and no rule selects tagStatus any (ECR requires it to come last)", () => {
            const rules = lifecyclePolicy({ keepReleaseImages: 3, releaseTagPrefix: "release-", untaggedExpiryDays: 1 }).rules;
            const priorities = rules.map((rule) => rule.rulePriority);
            expect(priorities).to.deep.equal([...priorities].sort((a, b) => a - b));
            expect(new Set(priorities).size).to.equal(rules.length);
            expect(priorities.every((priority) => Number.isInteger(priority) && priority >= 1)).to.equal(true);
            expect(rules.map((rule) => rule.selection.tagStatus)).to.not.include("any");
            expect(rules[0].selection).to.include({ countNumber: 3 });
            expect(rules[0].selection.tagPrefixList).to.deep.equal(["release-"]);
        });
    });

    describe("repositoryPolicy", () => {
        it("lets every node role pull and only the CI role push, denying pushes by anyone else", () => {
            expect(repositoryPolicy({ pullRoleArns: [NODE_USE1, NODE_EUW1, NODE_USE1], pushRoleArn: CI })).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ClusterNodesPull",
                        Effect: "Allow",
                        Principal: { AWS: [NODE_EUW1, NODE_USE1] },
                        Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                    },
                    {
                        Sid: "CiPushes",
                        Effect: "Allow",
                        Principal: { AWS: CI },
                        Action: [
                            "ecr:BatchCheckLayerAvailability",
                            "ecr:BatchGetImage",
                            "ecr:GetDownloadUrlForLayer",
                            "ecr:CompleteLayerUpload",
                            "ecr:InitiateLayerUpload",
                            "ecr:PutImage",
                            "ecr:UploadLayerPart",
                        ],
                    },
                    {
                        Sid: "OnlyCiPushes",
                        Effect: "Deny",
                        Principal: "*",
                        Action: ["ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"],
                        Condition: { ArnNotEquals: { "aws:PrincipalArn": CI } },
                    },
                ],
            });
        });

        it("grants only pulls when no CI role is configured", () => {
            expect(repositoryPolicy({ pullRoleArns: [NODE_EUW1] })).to.deep.equal({
                Version: "2012-10-17",
                Statement: [{ Sid: "ClusterNodesPull", Effect: "Allow", Principal: { AWS: [NODE_EUW1] }, Action: PULL_ACTIONS }],
            });
        });

        it("keeps pull and push actions apart", () => {
            expect(PULL_ACTIONS.filter((action) => PUSH_ACTIONS.includes(action))).to.deep.equal([]);
        });
    });

    describe("CI role", () => {
        it("trusts only STS tokens of the listed refs and environments of one GitHub repository", () => {
            const provider = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
            const trust = githubOidcTrustPolicy(provider, {
                repository: "example-org/applications",
                refs: ["refs/heads/main", "refs/tags/v*"],
                environments: ["prod"],
            });
            expect(JSON.parse(trust)).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: provider },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: {
                            StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
                            StringLike: {
                                "token.actions.githubusercontent.com:sub": [
                                    "repo:example-org/applications:ref:refs/heads/main",
                                    "repo:example-org/applications:ref:refs/tags/v*",
                                    "repo:example-org/applications:environment:prod",
                                ],
                            },
                        },
                    },
                ],
            });
        });

        it("may log in to the registry and push to Berth's repositories only", () => {
            expect(JSON.parse(ciPushPolicy(["arn:aws:ecr:eu-west-1:123456789012:repository/apps/*"]))).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
                    {
                        Sid: "PushApplicationImages",
                        Effect: "Allow",
                        Action: [...PULL_ACTIONS, ...PUSH_ACTIONS],
                        Resource: ["arn:aws:ecr:eu-west-1:123456789012:repository/apps/*"],
                    },
                ],
            });
        });
    });

    describe("replication", () => {
        it("replicates to every other region the clusters run in, once each, never to the home region", () => {
            expect(replicaRegions("eu-west-1", ["eu-west-1", "us-east-1", "eu-west-1", "ap-southeast-2", "us-east-1"])).to.deep.equal([
                "ap-southeast-2",
                "us-east-1",
            ]);
            expect(replicaRegions("eu-west-1", ["eu-west-1", "eu-west-1"])).to.deep.equal([]);
        });

        it("replicates the repositories under the prefix, and no sibling prefix, within the account", () => {
            expect(replicationRules("apps", "123456789012", ["us-east-1", "ap-southeast-2"])).to.deep.equal([
                {
                    destinations: [
                        { region: "us-east-1", registryId: "123456789012" },
                        { region: "ap-southeast-2", registryId: "123456789012" },
                    ],
                    repositoryFilters: [{ filter: "apps/", filterType: "PREFIX_MATCH" }],
                },
            ]);
        });

        it("lets ECR create replicas and use the replica keys, scoped to Berth's repositories", () => {
            const policy = templateRolePolicy(
                ["arn:aws:ecr:us-east-1:123456789012:repository/apps/*"],
                ["arn:aws:kms:us-east-1:123456789012:key/k1"],
            );
            expect(JSON.parse(policy)).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "CreateReplicatedRepositories",
                        Effect: "Allow",
                        Action: ["ecr:CreateRepository", "ecr:ReplicateImage", "ecr:TagResource"],
                        Resource: ["arn:aws:ecr:us-east-1:123456789012:repository/apps/*"],
                    },
                    {
                        Sid: "EncryptWithReplicaKeys",
                        Effect: "Allow",
                        Action: ["kms:CreateGrant", "kms:DescribeKey", "kms:RetireGrant"],
                        Resource: ["arn:aws:kms:us-east-1:123456789012:key/k1"],
                    },
                ],
            });
        });
    });

    it("lets nodes import upstream images into their own region's cache prefixes only", () => {
        expect(JSON.parse(pullThroughCachePolicy("us-east-1", "123456789012", ["ecr-public", "k8s"]))).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ImportUpstreamImages",
                    Effect: "Allow",
                    Action: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
                    Resource: [
                        "arn:aws:ecr:us-east-1:123456789012:repository/ecr-public/*",
                        "arn:aws:ecr:us-east-1:123456789012:repository/k8s/*",
                    ],
                },
            ],
        });
    });

    describe("names", () => {
        it("accepts ECR repository names and refuses the rest", () => {
            for (const good of ["ab", "apps/storefront", "payments/api-v2", "a.b_c-d/e"]) {
                expect(isRepositoryName(good), good).to.equal(true);
            }
            for (const bad of ["a", "Bad_Name", "apps//x", "apps/", "-web", "web-", "we--b", "x".repeat(257), "web app"]) {
                expect(isRepositoryName(bad), bad).to.equal(false);
            }
        });

        it("keeps the repository's name in every region and changes only the registry host", () => {
            expect(repositoryUrl("123456789012", "us-east-1", "apps/storefront")).to.equal(
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/apps/storefront",
            );
        });
    });
});
