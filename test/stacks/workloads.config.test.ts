import { expect } from "chai";
import { parsePlatformConfig } from "../../stacks/config";
import { shown } from "../../stacks/config/problems";
import { ACCOUNT_IDS, cluster, problemsOf, prodCluster, today } from "../helpers/config";

const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;
const REGISTRY = { repositories: [{ name: "storefront" }, { name: "payments/api" }] };
const storefront = (overrides: Record<string, unknown> = {}) => ({
    name: "storefront",
    clusters: ["dev-euw1"],
    image: { repository: "storefront", tag: "v1.4.2" },
    ...overrides,
});
const dev = (workloads: unknown[], extra: Record<string, unknown> = {}) => ({
    clusters: [cluster()],
    registry: REGISTRY,
    workloads,
    ...extra,
});
const prod = (workloads: unknown[], extra: Record<string, unknown> = {}) => ({
    allowedAccountIds: ACCOUNT_IDS,
    clusters: [prodCluster({ ingress: { domains: ["*.apps.example.com"], tls: { gatewaySecret: "apps-tls" } } })],
    registry: { ...REGISTRY, ci: { pushRoleArn: "arn:aws:iam::123456789012:role/ci" } },
    workloads,
    ...extra,
});
const prodApp = (overrides: Record<string, unknown> = {}) =>
    storefront({ clusters: ["prod-euw1"], routing: { hosts: ["shop.apps.example.com"] }, ...overrides });

describe("stack config: workloads", () => {
    it("has no applications unless the config names some", () => {
        const { config } = parsePlatformConfig({ clusters: [cluster()] }, { stack: "dev", today });
        expect(config.workloads).to.deep.equal([]);
    });

    it("gives dev one to three replicas and prod three to ten, spot-tolerant in both, and passes the rest as written", () => {
        const { config: devConfig } = parsePlatformConfig(dev([storefront({ port: 3000, routing: { hosts: ["shop.example.com"] } })]), {
            stack: "dev",
            today,
        });
        expect(devConfig.workloads).to.deep.equal([
            {
                name: "storefront",
                clusters: ["dev-euw1"],
                image: { repository: "storefront", tag: "v1.4.2" },
                port: 3000,
                routing: { hosts: ["shop.example.com"] },
                replicas: { min: 1, max: 3 },
                spot: true,
            },
        ]);
        const { config: prodConfig } = parsePlatformConfig(prod([prodApp({ replicas: { max: 20 } })]), { stack: "prod", today });
        expect(prodConfig.workloads[0]).to.deep.include({ replicas: { min: 3, max: 20 }, spot: true });
    });

    it("accepts an image from outside the registry by its full repository", () => {
        const { config } = parsePlatformConfig(dev([storefront({ image: { repository: "public.ecr.aws/nginx/nginx", tag: "1.27" } })]), {
            stack: "dev",
            today,
        });
        expect(config.workloads[0].image.repository).to.equal("public.ecr.aws/nginx/nginx");
    });

    it("refuses a name that is not a DNS-1123 label, a cluster that does not exist and an image without tag or digest", () => {
        expect(
            problemsOf(dev([storefront({ name: "Store_Front", clusters: ["dev-euw2"], image: { repository: "storefront" } })])),
        ).to.deep.equal([
            'platform:workloads[0].name: must be a DNS-1123 label that starts with a letter: at most 63 lowercase letters, digits and "-", ending with a letter or digit; it names the application\'s namespace and Service (got Store_Front)',
            'platform:workloads[0].image: must give a tag or a digest: a workload runs an image pinned by immutable tag or digest, never whatever is newest (got {"repository":"storefront"})',
            'platform:workloads[0].clusters[0]: names no cluster of this stack (platform:clusters: dev-euw1) (got "dev-euw2")',
        ]);
    });

    it("refuses min replicas above max, also against the environment's default", () => {
        expect(problemsOf(dev([storefront({ replicas: { min: 4, max: 2 } })]))).to.deep.equal([
            "platform:workloads[0].replicas.max: must be >= min (got 2, min 4)",
        ]);
        expect(problemsOf(dev([storefront({ replicas: { min: 4 } })]))).to.deep.equal([
            "platform:workloads[0].replicas.min: must be <= max (got 4, max 3, the dev default)",
        ]);
        expect(problemsOf(prod([prodApp({ replicas: { max: 2 } })]), "prod")).to.deep.equal([
            "platform:workloads[0].replicas.max: must be >= min (got 2, min 3, the prod default)",
        ]);
    });

    it("refuses two applications claiming the same host on one cluster, but not on different clusters", () => {
        const two = [
            storefront({ routing: { hosts: ["shop.example.com"] } }),
            storefront({
                name: "payments",
                image: { repository: "payments/api", tag: "v2" },
                routing: { hosts: ["pay.example.com", "shop.example.com"] },
            }),
        ];
        expect(problemsOf(dev(two))).to.deep.equal([
            'platform:workloads[1].routing.hosts[1]: is already routed to platform:workloads[0] (storefront) on cluster dev-euw1: one host belongs to one application per cluster (got "shop.example.com")',
        ]);
        const apart = dev([two[0], { ...two[1], clusters: ["dev-euw2"] }], {
            clusters: [cluster(), cluster({ name: "dev-euw2", network: { cidr: "10.11.0.0/16" } })],
            hubCluster: "dev-euw1",
        });
        expect(parsePlatformConfig(apart, { stack: "dev", today }).config.workloads).to.have.length(2);
    });

    it("refuses a host the cluster's gateway does not serve", () => {
        expect(
            problemsOf(prod([prodApp({ routing: { hosts: ["shop.example.com", "a.b.apps.example.com", "apps.example.com"] } })]), "prod"),
        ).to.deep.equal(
            ["shop.example.com", "a.b.apps.example.com", "apps.example.com"].map(
                (host, index) =>
                    `platform:workloads[0].routing.hosts[${index}]: is not among the domains cluster prod-euw1's gateway serves (*.apps.example.com): use a host under one of them, or add it to the cluster's ingress.domains (got "${host}")`,
            ),
        );
    });

    it("takes an image from the registry's repositories or a full repository, and pins it harder in prod", () => {
        expect(problemsOf(dev([storefront({ image: { repository: "checkout", tag: "v1" } })]))).to.deep.equal([
            'platform:workloads[0].image.repository: is not one of platform:registry.repositories (storefront, payments/api): name one of them, or give a full repository with its registry host, such as public.ecr.aws/nginx/nginx (got "checkout")',
        ]);
        expect(problemsOf(dev([storefront({ image: { repository: "storefront:v1", tag: "v1" } })]))).to.deep.equal([
            'platform:workloads[0].image.repository: must be a repository without tag or digest: give those as image.tag and image.digest (got "storefront:v1")',
        ]);
        // dev may run "latest" while iterating; prod never does, and pins outside images by digest.
        expect(
            parsePlatformConfig(dev([storefront({ image: { repository: "storefront", tag: "latest" } })]), { stack: "dev", today }).config
                .workloads,
        ).to.have.length(1);
        expect(
            problemsOf(
                prod([
                    prodApp({ image: { repository: "storefront", tag: "latest" } }),
                    prodApp({ name: "proxy", image: { repository: "public.ecr.aws/nginx/nginx", tag: "1.27" }, routing: undefined }),
                ]),
                "prod",
            ),
        ).to.deep.equal([
            'platform:workloads[0].image.tag: must not be "latest" in prod: it names whatever was pushed last; pin a release tag or a digest (got "latest")',
            "platform:workloads[1].image.digest: is required in prod for an image outside the platform's registry, whose tags may be moved: pin it by digest",
        ]);
        expect(
            parsePlatformConfig(prod([prodApp({ image: { repository: "public.ecr.aws/nginx/nginx", tag: "1.27", digest: DIGEST } })]), {
                stack: "prod",
                today,
            }).config.workloads,
        ).to.have.length(1);
    });

    it("refuses to keep an application off spot on a cluster with no untainted on-demand pool", () => {
        expect(problemsOf(dev([storefront({ spot: false })]))).to.deep.equal([
            "platform:workloads[0].spot: keeps storefront off spot capacity, but cluster dev-euw1 has no untainted ON_DEMAND node pool for it (its pools: spot-general): add one under platform:clusters[0].nodePools (got false)",
        ]);
        // prod's default pools include ondemand-general.
        expect(parsePlatformConfig(prod([prodApp({ spot: false })]), { stack: "prod", today }).config.workloads[0].spot).to.equal(false);
    });

    it("checks secret references, their variables and the region of an ARN", () => {
        const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:berth/dev/db";
        expect(
            problemsOf(
                dev([
                    storefront({
                        env: { DATABASE_URL: "postgres://localhost" },
                        secrets: [
                            { env: "DATABASE_URL", secret: "berth/dev/storefront/db" },
                            { env: "TOKEN", secret: arn },
                            { env: "TOKEN", secret: "arn:aws:secretsmanager:eu-west-1:123:secret:x" },
                        ],
                    }),
                ]),
            ),
        ).to.deep.equal([
            "platform:workloads[0].secrets[2].secret: must be a Secrets Manager secret ARN such as arn:aws:secretsmanager:eu-west-1:123456789012:secret:berth/prod/storefront/db (got arn:aws:secretsmanager:eu-west-1:123:secret:x)",
            'platform:workloads[0].secrets[0].env: is also set in platform:workloads[0].env: a variable has one source (got "DATABASE_URL")',
            `platform:workloads[0].secrets[1].secret: is a secret in us-east-1, but storefront runs in eu-west-1 (cluster dev-euw1): give the secret's name instead, and replicate the secret to every region the application runs in (got ${shown(arn)})`,
            'platform:workloads[0].secrets[2].env: repeats platform:workloads[0].secrets[1].env (got "TOKEN")',
        ]);
    });

    it("refuses a metrics port that is the serving port, and duplicate application names", () => {
        expect(problemsOf(dev([storefront({ port: 9090, metrics: {} }), storefront()]))).to.deep.equal([
            "platform:workloads[0].port: must differ from the metrics port (9090, the default): the metrics port admits Prometheus's plain-text scrapes, which the serving port must not (got 9090)",
            'platform:workloads[1].name: duplicates platform:workloads[0].name: an application\'s namespace is named after it (got "storefront")',
        ]);
    });

    it("names the key meant when one is misspelt", () => {
        expect(problemsOf(dev([storefront({ replica: { min: 1 } })]))).to.deep.equal([
            "platform:workloads[0].replica: unknown key; did you mean replicas?",
        ]);
    });
});
