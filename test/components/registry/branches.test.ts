import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { Registry, RegistryArgs } from "../../../components/registry";
import type { PlanDocument } from "../../../delivery/plan";
import { ACCOUNT, allows, decide, trustsWebIdentity } from "../../helpers/iam";
import { planInline } from "../../helpers/inline";
import { byUrn, named, ofType } from "../../helpers/plans";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const OIDC_PROVIDER = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";
const CACHE_RULE = "aws:ecr/pullThroughCacheRule:PullThroughCacheRule";

const STOREFRONT = `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/apps/storefront`;
const nodeRole = (region: string) => `arn:aws:iam::${ACCOUNT}:role/${region}-node`;
const ECR_ADMIN = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ecr:*", Resource: "*" }] };

/**
 * Plans a Registry named "reg" with a cluster in each of `regions` (the first is home) and an aws.Provider per
 * region, through the component's own API; the plan's `ciRoleArn` output is the component's.
 */
function planRegistry(regions: string[], args: Partial<RegistryArgs>): Promise<PlanDocument> {
    return planInline(() => {
        const providers = Object.fromEntries(
            regions.map((region) => [region, new aws.Provider(`aws-${region}`, { region: region as aws.Region })]),
        );
        const registry = new Registry("reg", {
            homeRegion: regions[0],
            providers,
            clusters: regions.map((region) => ({ name: `c-${region}`, region, nodeRoleArn: nodeRole(region) })),
            repositories: ["storefront"],
            ...args,
        });
        return { ciRoleArn: registry.ciRoleArn };
    });
}

const inputs = (plan: PlanDocument, type: string, name: string) => named(plan, type, name).inputs as Record<string, any>;
const storefrontPolicy = (plan: PlanDocument) => inputs(plan, "aws:ecr/repositoryPolicy:RepositoryPolicy", "reg-storefront-policy").policy;

describe("berth:registry:Registry branches the sample stacks never take", () => {
    describe("an existing CI role", () => {
        const teamCi = `arn:aws:iam::${ACCOUNT}:role/team-ci`;
        let plan: PlanDocument;
        before(async () => {
            plan = await planRegistry(["eu-west-1"], { ci: { pushRoleArn: teamCi } });
        });

        it("creates no IAM role, role policy or OIDC provider, and reports the given role as the CI role", () => {
            expect([...ofType(plan, ROLE), ...ofType(plan, ROLE_POLICY), ...ofType(plan, OIDC_PROVIDER)].map((r) => r.name)).to.deep.equal(
                [],
            );
            expect(plan.outputs.ciRoleArn).to.equal(teamCi);
        });

        it("lets that role push, still lets the nodes pull, and denies pushes by anyone else", async () => {
            const policy = storefrontPolicy(plan);
            const on = (role: string, action: string, identity?: object) =>
                decide({ role, action, resource: STOREFRONT }, { resource: policy, identity });
            expect(await on(teamCi, "ecr:PutImage")).to.equal("Allowed");
            expect(await on(nodeRole("eu-west-1"), "ecr:BatchGetImage")).to.equal("Allowed");
            expect(await on(`arn:aws:iam::${ACCOUNT}:role/admin`, "ecr:PutImage", ECR_ADMIN)).to.equal("ExplicitlyDenied");
        });
    });

    describe("the account's existing GitHub OIDC provider", () => {
        const existing = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
        let plan: PlanDocument;
        before(async () => {
            plan = await planRegistry(["eu-west-1"], {
                ci: {
                    githubOidc: {
                        repository: "example-org/applications",
                        refs: ["refs/heads/main"],
                        environments: [],
                        providerArn: existing,
                    },
                },
            });
        });

        it("creates no second provider (IAM allows one per issuer)", () => {
            expect(ofType(plan, OIDC_PROVIDER)).to.deep.equal([]);
        });

        it("has the CI role trust the given provider, for the listed refs only", () => {
            const trust = inputs(plan, ROLE, "reg-ci").assumeRolePolicy;
            const token = (sub: string) => ({ provider: existing, claims: { sub, aud: "sts.amazonaws.com" } });
            expect(trustsWebIdentity(trust, token("repo:example-org/applications:ref:refs/heads/main"))).to.equal(true);
            expect(trustsWebIdentity(trust, token("repo:example-org/applications:ref:refs/heads/dev"))).to.equal(false);
        });

        it("lets the role it creates, and no other, push to the repositories", async () => {
            const ciRoleArn = plan.outputs.ciRoleArn as string;
            expect(ciRoleArn).to.match(new RegExp(`^arn:aws:iam::${ACCOUNT}:role/reg-ci-`));
            const policy = storefrontPolicy(plan);
            expect(await decide({ role: ciRoleArn, action: "ecr:PutImage", resource: STOREFRONT }, { resource: policy })).to.equal(
                "Allowed",
            );
            expect(await decide({ action: "ecr:PutImage", resource: STOREFRONT }, { resource: policy, identity: ECR_ADMIN })).to.equal(
                "ExplicitlyDenied",
            );
            expect(inputs(plan, ROLE_POLICY, "reg-ci-push").role).to.equal(ciRoleArn.split("/").pop());
        });
    });

    describe("pull-through caches of upstreams that need credentials", () => {
        const secret = (region: string, upstream: string) =>
            `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:ecr-pullthroughcache/${upstream}-${region.replace(/-/g, "")}`;
        const regions = ["eu-west-1", "us-east-1"];
        const credentialArns = (upstream: string) => Object.fromEntries(regions.map((region) => [region, secret(region, upstream)]));
        let plan: PlanDocument;
        before(async () => {
            plan = await planRegistry(regions, {
                pullThroughCache: [
                    { upstream: "docker-hub", prefix: "docker-hub", credentialArns: credentialArns("docker-hub") },
                    { upstream: "ghcr", prefix: "ghcr", credentialArns: credentialArns("ghcr") },
                    { upstream: "k8s", prefix: "k8s", credentialArns: {} },
                ],
            });
        });

        it("gives every region's cache rule of a credentialed upstream the secret of its own region, and a public upstream none", () => {
            const rules = ofType(plan, CACHE_RULE).map((rule) => {
                const { ecrRepositoryPrefix, upstreamRegistryUrl, credentialArn } = rule.inputs as Record<string, any>;
                return {
                    region: (byUrn(plan, rule.provider).inputs as any).region,
                    ecrRepositoryPrefix,
                    upstreamRegistryUrl,
                    credentialArn,
                };
            });
            expect(rules).to.have.deep.members(
                regions.flatMap((region) => [
                    {
                        region,
                        ecrRepositoryPrefix: "docker-hub",
                        upstreamRegistryUrl: "registry-1.docker.io",
                        credentialArn: secret(region, "docker-hub"),
                    },
                    { region, ecrRepositoryPrefix: "ghcr", upstreamRegistryUrl: "ghcr.io", credentialArn: secret(region, "ghcr") },
                    { region, ecrRepositoryPrefix: "k8s", upstreamRegistryUrl: "registry.k8s.io", credentialArn: undefined },
                ]),
            );
        });

        it("lets each cluster's nodes fill the credentialed caches of their own region only", async () => {
            const policy = inputs(plan, ROLE_POLICY, "reg-cache-c-us-east-1").policy;
            const importInto = (region: string) => ({
                action: "ecr:BatchImportUpstreamImage",
                resource: `arn:aws:ecr:${region}:${ACCOUNT}:repository/docker-hub/library/nginx`,
            });
            expect(await allows(policy, importInto("us-east-1"))).to.equal(true);
            expect(await allows(policy, importInto("eu-west-1"))).to.equal(false);
        });
    });

    it("refuses, before creating anything, a region without a provider and a credentialed upstream without its secret", () => {
        // Refused before any resource is registered, so no provider need exist: only the map's keys count.
        const west = undefined as never;
        let error: unknown;
        try {
            new Registry("reg", {
                homeRegion: "eu-west-1",
                providers: { "eu-west-1": west },
                clusters: ["eu-west-1", "us-east-1"].map((region) => ({ name: `c-${region}`, region, nodeRoleArn: nodeRole(region) })),
                repositories: ["Storefront"],
                pullThroughCache: [
                    {
                        upstream: "docker-hub",
                        prefix: "docker-hub",
                        credentialArns: { "eu-west-1": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/hub" },
                    },
                ],
            });
        } catch (caught) {
            error = caught;
        }
        expect(pulumi.InputPropertiesError.isInstance(error), String(error)).to.equal(true);
        expect((error as pulumi.InputPropertiesError).errors.map((problem) => problem.propertyPath)).to.deep.equal([
            'providers["us-east-1"]',
            "repositories[0]",
            'pullThroughCache[0].credentialArns["us-east-1"]',
        ]);
    });
});
