import { expect } from "chai";
import { parsePlatformConfig } from "../../stacks/config";
import { ACCOUNT_IDS, cluster, problemsOf, prodCluster, today } from "../helpers/config";

const spoke = (overrides: Record<string, unknown> = {}) =>
    prodCluster({ name: "prod-use1", region: "us-east-1", network: { cidr: "10.30.0.0/16" }, ...overrides });
const prod = (extra: Record<string, unknown> = {}, clusters: unknown[] = [prodCluster(), spoke()]) => ({
    allowedAccountIds: ACCOUNT_IDS,
    hubCluster: "prod-euw1",
    clusters,
    ...extra,
});

describe("stack config: monitoring", () => {
    it("gives dev a few days on small volumes, one replica of everything and no receivers", () => {
        const { config } = parsePlatformConfig({ clusters: [cluster()] }, { stack: "dev", today });
        expect(config.clusters[0].monitoring).to.deep.equal({
            prometheus: { retention: "3d", storageGiB: 20, replicas: 1, cpu: "200m", memory: "1Gi" },
            alertmanager: { replicas: 1 },
        });
        expect(config.monitoring).to.deep.include({
            receiver: { retention: "7d", storageGiB: 20, replicas: 1, cpu: "200m", memory: "1Gi" },
            grafana: {},
            alerting: {},
            spotInterruptionsPerHour: 5,
        });
    });

    it("gives prod replicated Prometheus and Alertmanager, more retention, and a month of every cluster on the hub", () => {
        const { config } = parsePlatformConfig(prod(), { stack: "prod", today });
        for (const resolved of config.clusters) {
            expect(resolved.monitoring, resolved.name).to.deep.equal({
                prometheus: { retention: "15d", storageGiB: 100, replicas: 2, cpu: "500m", memory: "3Gi" },
                alertmanager: { replicas: 2 },
            });
        }
        expect(config.monitoring.receiver).to.deep.equal({ retention: "30d", storageGiB: 200, replicas: 2, cpu: "500m", memory: "4Gi" });
    });

    it("lets a cluster size its own Prometheus over the environment's setting, which wins over the default", () => {
        const { config } = parsePlatformConfig(
            prod({ monitoring: { prometheus: { retention: "7d", memory: "6Gi" } } }, [
                prodCluster(),
                spoke({ monitoring: { prometheus: { storageGiB: 300 }, alertmanager: { replicas: 3 } } }),
            ]),
            { stack: "prod", today },
        );
        expect(config.clusters.map((c) => [c.monitoring.prometheus, c.monitoring.alertmanager.replicas])).to.deep.equal([
            [{ retention: "7d", storageGiB: 100, replicas: 2, cpu: "500m", memory: "6Gi" }, 2],
            [{ retention: "7d", storageGiB: 300, replicas: 2, cpu: "500m", memory: "6Gi" }, 3],
        ]);
    });

    it("takes the receivers' credentials as secrets and the Slack channel in the clear", () => {
        const { config } = parsePlatformConfig(
            prod({
                monitoring: {
                    alerting: { slack: { webhookUrl: "[secret]", channel: "#platform-alerts" }, pagerDuty: { routingKey: "[secret]" } },
                },
            }),
            { stack: "prod", today },
        );
        expect(config.monitoring.alerting).to.deep.equal({
            slack: { webhookUrl: "[secret]", channel: "#platform-alerts" },
            pagerDuty: { routingKey: "[secret]" },
        });
    });

    it("refuses a bad secret without showing it, and bad sizes with their values", () => {
        expect(
            problemsOf({
                clusters: [cluster({ monitoring: { prometheus: { retention: "2 weeks", memory: "4GB" } } })],
                monitoring: { grafana: { adminPassword: 12345678 }, alerting: { slack: { webhookUrl: "" } }, receiver: { replicas: 0 } },
            }),
        ).to.deep.equal([
            'platform:clusters[0].monitoring.prometheus.retention: must be a Prometheus duration such as "15d" or "12h" (got "2 weeks")',
            'platform:clusters[0].monitoring.prometheus.memory: must be a memory quantity such as "512Mi" or "4Gi" (got "4GB")',
            "platform:monitoring.receiver.replicas: must be >= 1 (got 0)",
            "platform:monitoring.grafana.adminPassword: must be a password as a secret (pulumi config set --secret --path ...); the value is not shown",
            "platform:monitoring.alerting.slack.webhookUrl: must be a Slack incoming-webhook URL as a secret (pulumi config set --secret --path ...); the value is not shown",
        ]);
    });

    it("keeps the hub's receiver, Grafana and alerting out of a cluster's own settings", () => {
        expect(problemsOf({ clusters: [cluster({ monitoring: { grafana: { host: "grafana.example.com" } } })] })).to.deep.equal([
            "platform:clusters[0].monitoring.grafana: unknown key; the keys here are prometheus, alertmanager",
        ]);
    });

    it("requires Grafana's host to be one the hub's gateway serves, naming where the gateway's domains are set", () => {
        const hub = prodCluster({ ingress: { domains: ["*.apps.example.com"], tls: { gatewaySecret: "apps-tls" } } });
        const withHost = (host: string) => prod({ monitoring: { grafana: { host } } }, [hub, spoke()]);
        expect(parsePlatformConfig(withHost("grafana.apps.example.com"), { stack: "prod", today }).config.monitoring.grafana).to.deep.equal(
            {
                host: "grafana.apps.example.com",
            },
        );
        expect(problemsOf(withHost("grafana.example.com"), "prod")).to.deep.equal([
            'platform:monitoring.grafana.host: is not served by the hub cluster prod-euw1\'s gateway (platform:clusters[0].ingress.domains: *.apps.example.com): add it there, or leave the host out for an internal load balancer (got "grafana.example.com")',
        ]);
        // A wildcard covers one level only, as the gateway matches it.
        expect(problemsOf(withHost("a.b.apps.example.com"), "prod")).to.have.length(1);
        // dev's gateway answers any host unless its domains say otherwise.
        expect(
            parsePlatformConfig(
                { clusters: [cluster()], monitoring: { grafana: { host: "grafana.dev.example.com" } } },
                { stack: "dev", today },
            ).config.monitoring.grafana.host,
        ).to.equal("grafana.dev.example.com");
    });

    it("reports a hub that is not one of the clusters once, without a Grafana problem piled on it", () => {
        expect(
            problemsOf(prod({ hubCluster: "prod-euw2", monitoring: { grafana: { host: "grafana.elsewhere.example.com" } } }), "prod"),
        ).to.deep.equal(['platform:hubCluster: must name one of the clusters (prod-euw1, prod-use1) (got "prod-euw2")']);
    });
});
