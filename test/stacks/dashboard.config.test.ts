import { expect } from "chai";
import { parsePlatformConfig } from "../../stacks/config";
import { gatewayServes } from "../../stacks/config/dashboard";
import { ACCOUNT_IDS, cluster, problemsOf, prodCluster, today } from "../helpers/config";

const DEVELOPERS = "arn:aws:iam::123456789012:role/developers";
const ADMINS = "arn:aws:iam::123456789012:role/platform-admins";
const prodOnly = (clusters: unknown[], extra: Record<string, unknown> = {}) => ({
    allowedAccountIds: ACCOUNT_IDS,
    hubCluster: "prod-euw1",
    clusters,
    ...extra,
});
const parse = (raw: Record<string, unknown>, stack = "dev") => parsePlatformConfig(raw, { stack, today }).config;

describe("stack config: dashboard", () => {
    it("gives dev one Headlamp pod and day-long sign-ins, prod two pods and eight hours, both on an internal load balancer", () => {
        expect(parse({ clusters: [cluster()] }).clusters[0].dashboard).to.deep.equal({
            allowedCidrs: [],
            developerRoleArns: [],
            replicas: 1,
            sessionTtlHours: 24,
        });
        expect(parse(prodOnly([prodCluster()]), "prod").clusters[0].dashboard).to.deep.equal({
            allowedCidrs: [],
            developerRoleArns: [],
            replicas: 2,
            sessionTtlHours: 8,
        });
    });

    it("lets a cluster's own dashboard settings win over the environment's, lists taken whole", () => {
        const config = parse({
            dashboard: { developerRoleArns: [DEVELOPERS], allowedCidrs: ["10.99.0.0/24"], replicas: 2 },
            clusters: [cluster({ dashboard: { allowedCidrs: ["10.98.0.0/24"], sessionTtlHours: 4 } })],
        });
        expect(config.clusters[0].dashboard).to.deep.equal({
            allowedCidrs: ["10.98.0.0/24"],
            developerRoleArns: [DEVELOPERS],
            replicas: 2,
            sessionTtlHours: 4,
        });
    });

    it("refuses a wildcard host, an open network, a non-role ARN and out-of-range numbers, each by key and value", () => {
        expect(
            problemsOf({
                clusters: [cluster()],
                dashboard: {
                    host: "*.example.com",
                    allowedCidrs: ["0.0.0.0/0"],
                    developerRoleArns: ["arn:aws:iam::123456789012:user/dev"],
                    replicas: 0,
                    sessionTtlHours: 9000,
                },
            }),
        ).to.deep.equal([
            'platform:dashboard.host: must be a lowercase DNS name such as dashboard.example.com, no wildcard (got "*.example.com")',
            'platform:dashboard.allowedCidrs[0]: must not be 0.0.0.0/0: the dashboard is never public (got "0.0.0.0/0")',
            'platform:dashboard.developerRoleArns[0]: must be an IAM role ARN (got "arn:aws:iam::123456789012:user/dev")',
            "platform:dashboard.replicas: must be >= 1 (got 0)",
            "platform:dashboard.sessionTtlHours: must be <= 8760 (got 9000)",
        ]);
    });

    it("refuses a host on an internet-facing gateway: the dashboard is never public by default", () => {
        expect(problemsOf({ clusters: [cluster({ dashboard: { host: "dashboard.dev.example.com" } })] })).to.deep.equal([
            `platform:clusters[0].dashboard.host: would put cluster dev-euw1's dashboard on its internet-facing gateway (the default ingress scheme): the dashboard is never public. Leave host out to reach it on an internal load balancer, or make the gateway internal (got "dashboard.dev.example.com")`,
        ]);
        expect(
            problemsOf({ ingress: { scheme: "internet-facing" }, clusters: [cluster()], dashboard: { host: "dashboard.dev.example.com" } }),
        ).to.satisfy(
            (problems: string[]) => problems.length === 1 && problems[0].includes("its internet-facing gateway (platform:ingress.scheme)"),
        );
    });

    it("serves the dashboard through an internal gateway that answers for its host, one host per cluster", () => {
        const config = parse(
            prodOnly([
                prodCluster({
                    ingress: { scheme: "internal", domains: ["*.apps.example.com"], tls: { gatewaySecret: "apps-tls" } },
                    dashboard: { host: "dashboard.apps.example.com" },
                }),
            ]),
            "prod",
        );
        expect(config.clusters[0].dashboard.host).to.equal("dashboard.apps.example.com");
        expect(
            problemsOf(
                prodOnly(
                    [prodCluster({ ingress: { scheme: "internal", domains: ["shop.example.com"], tls: { gatewaySecret: "apps-tls" } } })],
                    {
                        dashboard: { host: "dashboard.example.com" },
                    },
                ),
                "prod",
            ),
        ).to.deep.equal([
            `platform:dashboard.host: is not one of the host names cluster prod-euw1's gateway serves (shop.example.com): add it to the cluster's ingress domains (got "dashboard.example.com")`,
        ]);
        const twoClusters = prodOnly(
            [
                prodCluster({ ingress: { scheme: "internal", domains: ["*"], tls: { gatewaySecret: "apps-tls" } } }),
                prodCluster({
                    name: "prod-euw1b",
                    network: { cidr: "10.30.0.0/16" },
                    ingress: { scheme: "internal", domains: ["*"], tls: { gatewaySecret: "apps-tls" } },
                }),
            ],
            { dashboard: { host: "dashboard.example.com" } },
        );
        expect(problemsOf(twoClusters, "prod")).to.deep.equal([
            `platform:dashboard.host: is cluster prod-euw1's dashboard host too: give each cluster its own under platform:clusters[1].dashboard.host (got "dashboard.example.com")`,
        ]);
    });

    it("refuses a developer role that is one of the cluster's admin roles, where the developer list was set", () => {
        expect(
            problemsOf({ dashboard: { developerRoleArns: [DEVELOPERS, ADMINS] }, clusters: [cluster({ adminRoleArns: [ADMINS] })] }),
        ).to.deep.equal([
            `platform:dashboard.developerRoleArns[1]: is one of cluster dev-euw1's adminRoleArns: a role is an admin or a developer (EKS takes one access entry per role) (got "${ADMINS}")`,
        ]);
    });

    it("knows which hosts a gateway answers for", () => {
        expect(gatewayServes(["*"], "dashboard.example.com")).to.equal(true);
        expect(gatewayServes(["*.apps.example.com"], "dashboard.apps.example.com")).to.equal(true);
        expect(gatewayServes(["*.apps.example.com"], "a.dashboard.apps.example.com")).to.equal(false);
        expect(gatewayServes(["apps.example.com"], "dashboard.apps.example.com")).to.equal(false);
        expect(gatewayServes(["dashboard.apps.example.com"], "dashboard.apps.example.com")).to.equal(true);
    });
});
