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
import { ACCOUNT, allowedActions, decide, trustsWebIdentity } from "../../helpers/iam";

const NODE_EUW1 = `arn:aws:iam::${ACCOUNT}:role/prod-euw1-node`;
const NODE_USE1 = `arn:aws:iam::${ACCOUNT}:role/prod-use1-node`;
const CI = `arn:aws:iam::${ACCOUNT}:role/berth-ci`;
const STOREFRONT = `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/apps/storefront`;

// What `docker pull` and `docker push` call on a repository (ECR user guide, "Private repository policy examples");
// both also need the account-wide ecr:GetAuthorizationToken, which only identity policies can grant.
const DOCKER_PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
const DOCKER_PUSH = [
    "ecr:BatchCheckLayerAvailability",
    "ecr:CompleteLayerUpload",
    "ecr:InitiateLayerUpload",
    "ecr:PutImage",
    "ecr:UploadLayerPart",
];

/** An identity policy that lets its role do anything in ECR: what a repository policy's Deny must still stop. */
const ECR_ADMIN = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ecr:*", Resource: "*" }] };

/** Every ECR action `policy` allows on one repository. */
const ecrActionsOn = (policy: string, repository: string) =>
    allowedActions(policy, ["ecr"], { resources: { "ecr:repository": repository } });

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
        const withCi = repositoryPolicy({ pullRoleArns: [NODE_USE1, NODE_EUW1, NODE_USE1], pushRoleArn: CI });
        const onStorefront = (role: string, action: string, identity?: object) =>
            decide({ role, action, resource: STOREFRONT }, { resource: withCi, identity });

        it("lets every node role pull, with no identity policy of its own", async () => {
            for (const role of [NODE_EUW1, NODE_USE1]) {
                for (const action of DOCKER_PULL) {
                    expect(await onStorefront(role, action), `${role} ${action}`).to.equal("Allowed");
                }
            }
        });

        it("lets the CI role push", async () => {
            for (const action of DOCKER_PUSH) {
                expect(await onStorefront(CI, action), action).to.equal("Allowed");
            }
        });

        it("denies pushes by every other role, node roles included, even one whose identity policy allows all of ECR", async () => {
            for (const role of [NODE_EUW1, `arn:aws:iam::${ACCOUNT}:role/admin`]) {
                for (const action of DOCKER_PUSH.filter((candidate) => !DOCKER_PULL.includes(candidate))) {
                    expect(await onStorefront(role, action, ECR_ADMIN), `${role} ${action}`).to.equal("ExplicitlyDenied");
                }
            }
        });

        it("grants no one else a pull", async () => {
            expect(await onStorefront(`arn:aws:iam::${ACCOUNT}:role/stranger`, "ecr:BatchGetImage")).to.equal("ImplicitlyDenied");
        });

        it("without a CI role, grants pulls only and leaves pushes to identity policies", async () => {
            const pullOnly = repositoryPolicy({ pullRoleArns: [NODE_EUW1] });
            const on = (role: string, action: string, identity?: object) =>
                decide({ role, action, resource: STOREFRONT }, { resource: pullOnly, identity });
            expect(await on(NODE_EUW1, "ecr:BatchGetImage")).to.equal("Allowed");
            expect(await on(NODE_EUW1, "ecr:PutImage")).to.equal("ImplicitlyDenied");
            expect(await on(CI, "ecr:PutImage")).to.equal("ImplicitlyDenied");
            expect(await on(CI, "ecr:PutImage", ECR_ADMIN)).to.equal("Allowed");
        });

        it("keeps pull and push actions apart", () => {
            expect(PULL_ACTIONS.filter((action) => PUSH_ACTIONS.includes(action))).to.deep.equal([]);
        });
    });

    describe("CI role", () => {
        const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
        const trust = githubOidcTrustPolicy(provider, {
            repository: "example-org/applications",
            refs: ["refs/heads/main", "refs/tags/v*"],
            environments: ["prod"],
        });
        const token = (sub: string, aud = "sts.amazonaws.com") => ({ provider, claims: { sub, aud } });

        it("may be assumed by runs of the listed refs and environments of the one GitHub repository", () => {
            for (const sub of [
                "repo:example-org/applications:ref:refs/heads/main",
                "repo:example-org/applications:ref:refs/tags/v1.4.2",
                "repo:example-org/applications:environment:prod",
            ]) {
                expect(trustsWebIdentity(trust, token(sub)), sub).to.equal(true);
            }
        });

        it("may not be assumed by other branches, tags, environments, pull requests or repositories", () => {
            for (const sub of [
                "repo:example-org/applications:ref:refs/heads/feature",
                "repo:example-org/applications:ref:refs/tags/release-1",
                "repo:example-org/applications:environment:staging",
                "repo:example-org/applications:pull_request",
                "repo:example-org/applications-fork:ref:refs/heads/main",
                "repo:other-org/applications:ref:refs/heads/main",
            ]) {
                expect(trustsWebIdentity(trust, token(sub)), sub).to.equal(false);
            }
        });

        it("accepts only tokens issued for STS, through the given provider", () => {
            const main = "repo:example-org/applications:ref:refs/heads/main";
            expect(trustsWebIdentity(trust, token(main, "https://github.com/example-org"))).to.equal(false);
            expect(trustsWebIdentity(trust, { provider, claims: { sub: main } })).to.equal(false);
            const otherProvider = `arn:aws:iam::210987654321:oidc-provider/token.actions.githubusercontent.com`;
            expect(trustsWebIdentity(trust, { ...token(main), provider: otherProvider })).to.equal(false);
        });

        it("may log in to the registry and push to and pull from Berth's home-region repositories only", async () => {
            const policy = ciPushPolicy([`arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/apps/*`]);
            expect(await ecrActionsOn(policy, STOREFRONT)).to.deep.equal(
                [...new Set(["ecr:GetAuthorizationToken", ...DOCKER_PULL, ...DOCKER_PUSH])].sort(),
            );
            for (const elsewhere of [
                `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/tools/builder`,
                `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/apps/storefront`,
                `arn:aws:ecr:eu-west-1:210987654321:repository/apps/storefront`,
            ]) {
                expect(await ecrActionsOn(policy, elsewhere), elsewhere).to.deep.equal(["ecr:GetAuthorizationToken"]);
            }
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

        it("lets ECR create replicas and use the replica keys, scoped to Berth's repositories", async () => {
            const replicaKey = `arn:aws:kms:us-east-1:${ACCOUNT}:key/k1`;
            const policy = templateRolePolicy([`arn:aws:ecr:us-east-1:${ACCOUNT}:repository/apps/*`], [replicaKey]);
            expect(await ecrActionsOn(policy, `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/apps/storefront`)).to.deep.equal([
                "ecr:CreateRepository",
                "ecr:ReplicateImage",
                "ecr:TagResource",
            ]);
            for (const outside of [`arn:aws:ecr:us-east-1:${ACCOUNT}:repository/tools/builder`, STOREFRONT]) {
                expect(await ecrActionsOn(policy, outside), outside).to.deep.equal([]);
            }

            // The registry's keys set no key policy, so they get AWS's default one, which leaves the decision to IAM policies.
            const defaultKeyPolicy = {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }],
            };
            const role = `arn:aws:iam::${ACCOUNT}:role/berth-prod-registry-replica-creation`;
            const onKey = (action: string, key: string) =>
                decide({ role, action, resource: key }, { identity: policy, resource: defaultKeyPolicy });
            for (const action of ["kms:CreateGrant", "kms:DescribeKey", "kms:RetireGrant"]) {
                expect(await onKey(action, replicaKey), action).to.equal("Allowed");
                expect(await onKey(action, `arn:aws:kms:us-east-1:${ACCOUNT}:key/other`), `${action} on another key`).to.equal(
                    "ImplicitlyDenied",
                );
            }
            for (const action of ["kms:Decrypt", "kms:ScheduleKeyDeletion", "kms:PutKeyPolicy"]) {
                expect(await onKey(action, replicaKey), action).to.equal("ImplicitlyDenied");
            }
        });
    });

    it("lets nodes import upstream images into their own region's cache prefixes only", async () => {
        const policy = pullThroughCachePolicy("us-east-1", ACCOUNT, ["ecr-public", "k8s"]);
        const repository = (region: string, name: string) => `arn:aws:ecr:${region}:${ACCOUNT}:repository/${name}`;
        for (const cached of ["ecr-public/docker/library/nginx", "k8s/pause"]) {
            expect(await ecrActionsOn(policy, repository("us-east-1", cached)), cached).to.deep.equal([
                "ecr:BatchImportUpstreamImage",
                "ecr:CreateRepository",
            ]);
        }
        for (const elsewhere of [
            repository("eu-west-1", "k8s/pause"),
            repository("us-east-1", "apps/storefront"),
            repository("us-east-1", "quay/x"),
        ]) {
            expect(await ecrActionsOn(policy, elsewhere), elsewhere).to.deep.equal([]);
        }
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
