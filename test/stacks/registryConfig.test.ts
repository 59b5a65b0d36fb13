import { expect } from "chai";
import { parsePlatformConfig } from "../../stacks/config";
import { ACCOUNT_IDS, problemsOf as configProblems, today } from "../helpers/config";

const devCluster = { name: "dev-euw1", region: "eu-west-1", network: { cidr: "10.10.0.0/16" } };
const useCluster = { name: "dev-use1", region: "us-east-1", network: { cidr: "10.11.0.0/16" } };
const prodCluster = {
    ...devCluster,
    name: "prod-euw1",
    endpoint: { publicAccessCidrs: ["203.0.113.0/24"] },
    ingress: { domains: ["apps.example.com"], tls: { gatewaySecret: "apps-tls" } },
};
const secret = (region: string) => `arn:aws:secretsmanager:${region}:123456789012:secret:ecr-pullthroughcache/upstream-AbCdEf`;

/** A config around `registry`: prod's allowed accounts, and with several clusters the first as the hub. */
function configWith(registry: unknown, stack: string, clusters: unknown[]): Record<string, unknown> {
    return {
        clusters,
        registry,
        hubCluster: (clusters[0] as { name: string }).name,
        ...(stack === "prod" ? { allowedAccountIds: ACCOUNT_IDS } : {}),
    };
}

function parse(registry: unknown, stack = "dev", clusters: unknown[] = [stack === "prod" ? prodCluster : devCluster]) {
    return parsePlatformConfig(configWith(registry, stack, clusters), { stack, today }).config.registry;
}

function problemsOf(registry: unknown, stack = "dev", clusters: unknown[] = [stack === "prod" ? prodCluster : devCluster]): string[] {
    return configProblems(configWith(registry, stack, clusters), stack);
}

const NAME_RULE =
    "must be 2-256 characters of a-z 0-9 . _ / -, each /-separated part starting and ending with a letter or digit (ECR's repository naming rule)";

describe("registry config", () => {
    describe("defaults", () => {
        it("gives dev mutable tags, basic scan on push and a short lifecycle", () => {
            expect(parse({ repositories: [{ name: "web" }] })).to.deep.equal({
                namePrefix: "apps",
                repositories: [{ name: "web" }],
                scanning: "basic-on-push",
                immutableTags: false,
                lifecycle: { keepReleaseImages: 10, releaseTagPrefix: "v", untaggedExpiryDays: 3 },
                pullThroughCache: [],
            });
        });

        it("gives prod immutable tags, continuous enhanced scanning and a longer lifecycle", () => {
            const registry = parse({ repositories: [{ name: "web" }], ci: { pushRoleArn: "arn:aws:iam::123456789012:role/ci" } }, "prod");
            expect(registry).to.deep.include({ scanning: "enhanced-continuous", immutableTags: true });
            expect(registry?.lifecycle).to.deep.equal({ keepReleaseImages: 50, releaseTagPrefix: "v", untaggedExpiryDays: 14 });
        });

        it("keeps given lifecycle values over the defaults, field by field", () => {
            expect(parse({ lifecycle: { releaseTagPrefix: "release-" } })?.lifecycle).to.deep.equal({
                keepReleaseImages: 10,
                releaseTagPrefix: "release-",
                untaggedExpiryDays: 3,
            });
        });

        it("defaults a GitHub OIDC role to pushes from main, and a cache's prefix to its upstream's name", () => {
            const registry = parse({
                ci: { githubOidc: { repository: "example-org/apps" } },
                pullThroughCache: [{ upstream: "ecr-public" }],
            });
            expect(registry?.ci).to.deep.equal({
                githubOidc: { repository: "example-org/apps", refs: ["refs/heads/main"], environments: [] },
            });
            expect(registry?.pullThroughCache).to.deep.equal([{ upstream: "ecr-public", prefix: "ecr-public", credentialArns: {} }]);
        });

        it("builds no registry when the config has none", () => {
            expect(parsePlatformConfig({ clusters: [devCluster] }, { stack: "dev", today }).config.registry).to.equal(undefined);
        });
    });

    describe("validation", () => {
        it("refuses repository names ECR would refuse, each by its key path, with the value received", () => {
            const names = ["web", "Bad_Name", "a", "apps//x", "web", "-web"].map((name) => ({ name }));
            expect(problemsOf({ repositories: names })).to.deep.equal([
                `platform:registry.repositories[1].name: ${NAME_RULE} (got "Bad_Name")`,
                `platform:registry.repositories[2].name: ${NAME_RULE} (got "a")`,
                `platform:registry.repositories[3].name: ${NAME_RULE} (got "apps//x")`,
                `platform:registry.repositories[5].name: ${NAME_RULE} (got "-web")`,
                'platform:registry.repositories[4].name: duplicates platform:registry.repositories[0].name (got "web")',
            ]);
        });

        it("counts the prefix in ECR's 256-character limit", () => {
            const name = "x".repeat(252);
            expect(problemsOf({ repositories: [{ name }] })).to.deep.equal([
                `platform:registry.repositories[0].name: makes the repository name apps/... 257 characters long; ECR allows 256 (got "${"x".repeat(56)}...)`,
            ]);
            expect(problemsOf({ namePrefix: "Apps" })).to.deep.equal([
                `platform:registry.namePrefix: ${NAME_RULE.replace("2-256", "2-100")} (got "Apps")`,
            ]);
        });

        it("keeps tags immutable in prod and requires a CI principal there", () => {
            expect(problemsOf({ repositories: [{ name: "web" }], immutableTags: false }, "prod")).to.deep.equal([
                "platform:registry.immutableTags: must be true in prod: a release tag must always name the image that was tested (got false)",
                "platform:registry.ci: is required in prod: name the role CI pushes with (pushRoleArn) or the GitHub repository whose workflows push (githubOidc)",
            ]);
            expect(parse({ repositories: [{ name: "web" }], immutableTags: false })?.immutableTags).to.equal(false);
        });

        it("takes exactly one CI principal, and checks the GitHub repository, refs and provider", () => {
            expect(problemsOf({ ci: {} })).to.deep.equal([
                "platform:registry.ci: must set exactly one of pushRoleArn (an existing role) and githubOidc (a role Berth creates) (got {})",
            ]);
            expect(
                problemsOf({
                    ci: {
                        githubOidc: {
                            repository: "apps",
                            refs: ["main"],
                            providerArn: "arn:aws:iam::123456789012:oidc-provider/example.com",
                        },
                    },
                }),
            ).to.deep.equal([
                'platform:registry.ci.githubOidc.repository: must be a GitHub repository as owner/name (got "apps")',
                'platform:registry.ci.githubOidc.refs[0]: must be a full git ref such as refs/heads/main or refs/tags/v* (got "main")',
                'platform:registry.ci.githubOidc.providerArn: must be the ARN of the account\'s token.actions.githubusercontent.com OIDC provider (got "arn:aws:iam::123456789012:oidc-provider/example.com")',
            ]);
            expect(problemsOf({ ci: { githubOidc: { repository: "o/r", refs: [] } } })).to.deep.equal([
                'platform:registry.ci.githubOidc: lets no workflow run push: list refs or environments (got {"repository":"o/r","refs":[],"environments":[]})',
            ]);
        });

        it("needs a cache secret for an upstream that requires credentials, in every cluster region and only there", () => {
            const clusters = [devCluster, useCluster];
            expect(
                problemsOf(
                    {
                        pullThroughCache: [
                            {
                                upstream: "docker-hub",
                                credentialArns: { "eu-west-1": secret("eu-west-1"), "ap-south-1": secret("ap-south-1") },
                            },
                        ],
                    },
                    "dev",
                    clusters,
                ),
            ).to.deep.equal([
                `platform:registry.pullThroughCache[0].credentialArns: needs a Secrets Manager secret for every cluster region, since each region runs its own cache: missing us-east-1 (got {"eu-west-1":"arn:aws:secretsmanager:eu-west-1:1234567890...)`,
                'platform:registry.pullThroughCache[0].credentialArns.ap-south-1: names a region no cluster runs in (eu-west-1, us-east-1) (got "ap-south-1")',
            ]);
            const both = { "eu-west-1": secret("eu-west-1"), "us-east-1": secret("us-east-1") };
            expect(
                parse({ pullThroughCache: [{ upstream: "ghcr", credentialArns: both }] }, "dev", clusters)?.pullThroughCache,
            ).to.deep.equal([{ upstream: "ghcr", prefix: "ghcr", credentialArns: both }]);
        });

        it("refuses a secret from another region, credentials for a public upstream, and cache prefixes that collide", () => {
            expect(
                problemsOf({
                    pullThroughCache: [
                        { upstream: "ghcr", credentialArns: { "eu-west-1": secret("us-east-1") } },
                        { upstream: "quay", credentialArns: { "eu-west-1": secret("eu-west-1") } },
                        { upstream: "k8s", prefix: "quay" },
                        { upstream: "ecr-public", prefix: "apps/public" },
                        { upstream: "nexus" },
                    ],
                }),
            ).to.deep.equal([
                'platform:registry.pullThroughCache[4].upstream: must be one of "ecr-public", "k8s", "quay", "docker-hub", "ghcr", "gitlab" (got "nexus")',
                `platform:registry.pullThroughCache[0].credentialArns.eu-west-1: must be a secret in eu-west-1: ECR reads it from the cache rule's own region (got "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr...)`,
                'platform:registry.pullThroughCache[1].credentialArns: must be left out: quay needs no credentials (got {"eu-west-1":"arn:aws:secretsmanager:eu-west-1:1234567890...)',
                'platform:registry.pullThroughCache[2].prefix: is also the prefix of platform:registry.pullThroughCache[1] (got "quay")',
                `platform:registry.pullThroughCache[3].prefix: overlaps namePrefix "apps": cached images would mix with the applications' repositories (got "apps/public")`,
            ]);
        });
    });
});
