import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import type { Registration } from "../../delivery/monitor";
import type { PlanDocument } from "../../delivery/plan";
import { named, ofType, planOffThread, REPO } from "../helpers/plans";

const PASSWORD = "plain-Grafana-Pa55word";
const WEBHOOK = "https://hooks.slack.com/services/T0000/B0000/plainWebhookToken";
const ROUTING_KEY = "plainRoutingKey0123456789abcdef";

/** A dev stack whose monitoring credentials are given as the program receives them at deploy time: decrypted. */
const STACK = (monitoring: string) => `
config:
  aws:region: eu-west-1
  platform:ingress:
    domains: ["*.apps.example.com"]
    tls: { gatewaySecret: apps-tls }
  platform:monitoring:
${monitoring}
  platform:clusters:
    - name: dev-euw1
      region: eu-west-1
      network: { cidr: 10.10.0.0/16 }
`;

/** Plans the dev stack above with `monitoring`, in the worker thread (planOffThread). */
function plan(monitoring: string): Promise<PlanDocument> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-monitoring-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: platform\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), STACK(monitoring));
    return planOffThread({ stack: "dev", dir, program: path.join(REPO, "index.ts") });
}

const inputs = (resource: Registration) => resource.inputs as Record<string, any>;
const stackValues = (doc: PlanDocument) => inputs(named(doc, "kubernetes:helm.sh/v3:Release", "dev-euw1-monitoring-stack")).values;

describe("stack: monitoring credentials and Grafana's host", () => {
    // Asked for as mocha loads this file, so that they are planned while the tests before it run.
    const plainPlan = plan(`    grafana:
      host: grafana.apps.example.com
      adminPassword: ${PASSWORD}
    alerting:
      slack: { webhookUrl: "${WEBHOOK}", channel: "#platform-alerts" }
      pagerDuty: { routingKey: ${ROUTING_KEY} }`);
    const encryptedPlan = plan(`    alerting:
      slack: { webhookUrl: { secure: v1:AAAAAAAAAAAAAAAAc2xhY2s= } }
      pagerDuty: { routingKey: { secure: v1:AAAAAAAAAAAAAAAAcGFnZXI= } }`);
    let plain: PlanDocument;
    let encrypted: PlanDocument;
    before(async () => {
        [plain, encrypted] = await Promise.all([plainPlan, encryptedPlan]);
    });

    it("puts no credential anywhere in the plan document", () => {
        const document = JSON.stringify(plain);
        for (const credential of [PASSWORD, WEBHOOK, ROUTING_KEY, "plainWebhookToken"]) {
            expect(document).to.not.contain(credential);
        }
        expect(plain.outputs.monitoring).to.deep.include({ grafanaAdminPassword: "[secret]" });
    });

    it("keeps the receivers' credentials in a Secret that Alertmanager mounts, and routes to both receivers", () => {
        for (const doc of [plain, encrypted]) {
            const secret = named(doc, "kubernetes:core/v1:Secret", "dev-euw1-monitoring-alert-receivers");
            expect(inputs(secret)).to.deep.include({
                metadata: { name: "alertmanager-receivers", namespace: "monitoring" },
                stringData: "[secret]",
            });
            const { alertmanager } = stackValues(doc);
            expect(alertmanager.alertmanagerSpec.secrets).to.deep.equal(["alertmanager-receivers"]);
            const receivers = (alertmanager.config.receivers as { name: string }[]).map((receiver) => receiver.name);
            expect(receivers).to.deep.equal(["null", "slack", "pagerduty"]);
            expect(alertmanager.config.route.routes).to.deep.include({
                receiver: "pagerduty",
                matchers: ['severity = "critical"'],
                repeat_interval: "4h",
            });
            expect(named(doc, "kubernetes:helm.sh/v3:Release", "dev-euw1-monitoring-stack").dependencies).to.include(secret.urn);
        }
        expect(stackValues(plain).alertmanager.config.receivers[1].slack_configs[0].channel).to.equal("#platform-alerts");
    });

    it("uses the configured Grafana password instead of generating one", () => {
        const generated = (doc: PlanDocument) =>
            ofType(doc, "random:index/randomPassword:RandomPassword").filter((password) =>
                password.name.startsWith("dev-euw1-monitoring-"),
            );
        expect(generated(plain)).to.deep.equal([]);
        expect(inputs(named(plain, "kubernetes:core/v1:Secret", "dev-euw1-monitoring-grafana-admin")).stringData).to.equal("[secret]");
        expect(generated(encrypted).map((password) => password.name)).to.deep.equal(["dev-euw1-monitoring-grafana-admin-password"]);
    });

    it("serves Grafana through the gateway at the configured host, over TLS, instead of a load balancer", () => {
        const route = inputs(named(plain, "kubernetes:networking.istio.io/v1:VirtualService", "dev-euw1-monitoring-grafana"));
        expect(route.metadata).to.deep.equal({ name: "grafana", namespace: "monitoring" });
        expect(route.spec).to.deep.equal({
            hosts: ["grafana.apps.example.com"],
            gateways: ["istio-ingress/default"],
            http: [
                { route: [{ destination: { host: "kube-prometheus-stack-grafana.monitoring.svc.cluster.local", port: { number: 80 } } }] },
            ],
        });
        expect(stackValues(plain).grafana["grafana.ini"]).to.deep.equal({ server: { root_url: "https://grafana.apps.example.com" } });
        expect(plain.outputs.monitoring).to.deep.include({ grafanaUrl: "https://grafana.apps.example.com" });
        expect(plain.resources.some((resource) => resource.name === "dev-euw1-monitoring-grafana-nlb")).to.equal(false);
    });
});
