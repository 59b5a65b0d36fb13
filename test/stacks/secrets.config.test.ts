import { expect } from "chai";
import { parsePlatformConfig } from "../../stacks/config";
import { ACCOUNT_IDS, cluster, problemsOf, prodCluster, today } from "../helpers/config";

const app = (secrets: unknown[], clusters = ["prod-euw1"]) => ({
    name: "storefront",
    clusters,
    image: { repository: "public.ecr.aws/nginx/nginx", tag: "1.29", digest: `sha256:${"0123456789abcdef".repeat(4)}` },
    secrets,
});
const prod = (extra: Record<string, unknown>) => ({
    allowedAccountIds: ACCOUNT_IDS,
    hubCluster: "prod-euw1",
    clusters: [prodCluster(), prodCluster({ name: "prod-use1", region: "us-east-1", network: { cidr: "10.30.0.0/16" } })],
    ...extra,
});
const arn = (name: string, region = "eu-west-1", account = ACCOUNT_IDS[0]) => `arn:aws:secretsmanager:${region}:${account}:secret:${name}`;

describe("stack config: secrets", () => {
    it("runs one operator replica in dev and two in prod, unless platform:secrets says otherwise", () => {
        expect(parsePlatformConfig({ clusters: [cluster()] }, { stack: "dev", today }).config.secrets).to.deep.equal({ replicas: 1 });
        expect(parsePlatformConfig(prod({}), { stack: "prod", today }).config.secrets).to.deep.equal({ replicas: 2 });
        expect(parsePlatformConfig(prod({ secrets: { replicas: 3 } }), { stack: "prod", today }).config.secrets).to.deep.equal({
            replicas: 3,
        });
        expect(problemsOf({ clusters: [cluster()], secrets: { replicas: 0, refresh: "1h" } })).to.deep.equal([
            "platform:secrets.replicas: must be >= 1 (got 0)",
            "platform:secrets.refresh: unknown key; the keys here are replicas",
        ]);
    });

    it("keeps an application's references inside the environment's prefix, by name or by ARN", () => {
        expect(
            problemsOf(
                prod({
                    workloads: [
                        app([
                            { env: "A", secret: "berth/prod/storefront/a" },
                            { env: "B", secret: "berth/dev/storefront/b" },
                            { env: "C", secret: arn("berth/production/c-AbCdEf") },
                            { env: "D", secret: "berth/prod/" },
                        ]),
                    ],
                }),
                "prod",
            ),
        ).to.deep.equal([
            "platform:workloads[0].secrets[1].secret: must be a secret under berth/prod/ (the environment's prefix: its secrets operator may read nothing else), such as berth/prod/<application>/<name> (got berth/dev/storefront/b)",
            `platform:workloads[0].secrets[2].secret: must be a secret under berth/prod/ (the environment's prefix: its secrets operator may read nothing else), such as berth/prod/<application>/<name> (got ${arn("berth/production/c-AbCdEf")})`,
            "platform:workloads[0].secrets[3].secret: must be a secret under berth/prod/ (the environment's prefix: its secrets operator may read nothing else), such as berth/prod/<application>/<name> (got berth/prod/)",
        ]);
    });

    it("refuses a secret ARN of an account the stack may not deploy to", () => {
        const other = arn("berth/prod/storefront/a-AbCdEf", "eu-west-1", "210987654321");
        expect(problemsOf(prod({ workloads: [app([{ env: "A", secret: other }])] }), "prod")).to.deep.equal([
            `platform:workloads[0].secrets[0].secret: is a secret of account 210987654321, which platform:allowedAccountIds does not list (123456789012) (got ${other})`,
        ]);
    });

    it("reads monitoring's credentials from Secrets Manager within the prefix, in the regions that read them", () => {
        const { config } = parsePlatformConfig(
            prod({
                monitoring: {
                    grafana: { adminPasswordFrom: { secret: "berth/prod/platform/grafana", key: "password" } },
                    alerting: { slack: { webhookUrlFrom: { secret: "berth/prod/platform/slack" } } },
                },
            }),
            { stack: "prod", today },
        );
        expect(config.monitoring.grafana.adminPasswordFrom).to.deep.equal({ secret: "berth/prod/platform/grafana", key: "password" });
        expect(config.monitoring.alerting.slack).to.deep.equal({ webhookUrlFrom: { secret: "berth/prod/platform/slack" } });

        const grafanaArn = arn("berth/prod/platform/grafana-AbCdEf", "us-east-1");
        const slackArn = arn("berth/prod/platform/slack-AbCdEf", "us-east-1");
        expect(
            problemsOf(
                prod({
                    monitoring: {
                        grafana: { adminPasswordFrom: { secret: grafanaArn } },
                        alerting: {
                            slack: { webhookUrlFrom: { secret: slackArn } },
                            pagerDuty: { routingKeyFrom: { secret: "berth/dev/pd" } },
                        },
                    },
                }),
                "prod",
            ),
        ).to.deep.equal([
            `platform:monitoring.grafana.adminPasswordFrom.secret: is a secret in us-east-1, but it is read in eu-west-1 (cluster prod-euw1): give the secret's name instead, and replicate the secret to every region that reads it (got ${grafanaArn})`,
            `platform:monitoring.alerting.slack.webhookUrlFrom.secret: is a secret in us-east-1, but it is read in eu-west-1 (cluster prod-euw1): give the secret's name instead, and replicate the secret to every region that reads it (got ${slackArn})`,
            "platform:monitoring.alerting.pagerDuty.routingKeyFrom.secret: must be a secret under berth/prod/ (the environment's prefix: its secrets operator may read nothing else), such as berth/prod/<application>/<name> (got berth/dev/pd)",
        ]);
    });

    it("takes each credential from one source, and both receivers' from the same kind, without showing a value", () => {
        expect(
            problemsOf({
                clusters: [cluster()],
                monitoring: {
                    grafana: { adminPassword: "[secret]", adminPasswordFrom: { secret: "berth/dev/platform/grafana" } },
                    alerting: { slack: { channel: "#alerts" }, pagerDuty: { routingKeyFrom: { secret: "berth/dev/platform/pd" } } },
                },
            }),
        ).to.deep.equal([
            "platform:monitoring.grafana.adminPasswordFrom: cannot be given with adminPassword: take the credential from Secrets Manager or from a secure: value, not both",
            "platform:monitoring.alerting.slack.webhookUrl: is required: give it as a secure: value, or give webhookUrlFrom: { secret: berth/dev/platform/<name> } to read it from Secrets Manager",
            "platform:monitoring.alerting: must take both receivers' credentials from Secrets Manager (webhookUrlFrom and routingKeyFrom) or neither: Alertmanager reads them from one Secret",
        ]);
    });
});
