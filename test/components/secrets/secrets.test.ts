import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import * as YAML from "yaml";
import * as pulumi from "@pulumi/pulumi";
import { Monitoring, MonitoringArgs, Secrets } from "../../../components";
import type { Registration } from "../../../delivery/monitor";
import type { PlanDocument } from "../../../delivery/plan";
import { ACCOUNT, allows, trustsWebIdentity } from "../../helpers/iam";
import { byUrn, named, ofType, planOf, planOffThread, REPO } from "../../helpers/plans";
import { validateAgainstApiSchema } from "../../helpers/schemas";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const EXTERNAL_SECRET = "kubernetes:external-secrets.io/v1:ExternalSecret";
const STORE = "kubernetes:external-secrets.io/v1:ClusterSecretStore";
const inputs = (resource: Registration) => resource.inputs as Record<string, any>;
const values = (plan: PlanDocument, cluster: string) => inputs(named(plan, RELEASE, `${cluster}-secrets-operator`)).values;

/**
 * The repository's prod stack with alert receivers whose credentials are read from Secrets Manager: written to a
 * temporary project and planned with the repository's program, in the worker thread.
 */
function planProdWithSecrets(): Promise<PlanDocument> {
    const stack = YAML.parse(fs.readFileSync(path.join(REPO, "Pulumi.prod.yaml"), "utf8"));
    stack.config["platform:monitoring"].alerting = {
        slack: { webhookUrlFrom: { secret: "berth/prod/platform/alerting", key: "slack-webhook-url" }, channel: "#platform-alerts" },
        pagerDuty: { routingKeyFrom: { secret: "berth/prod/platform/alerting", key: "pagerduty-routing-key" } },
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-secrets-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: platform\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), YAML.stringify(stack));
    return planOffThread({ stack: "prod", dir, program: path.join(REPO, "index.ts") });
}

describe("berth:secrets:Secrets", () => {
    // Asked for as mocha loads this file, so that it is planned while the tests before it run.
    const withSecretsPlan = planProdWithSecrets();
    let dev: PlanDocument;
    let prod: PlanDocument;
    let withSecrets: PlanDocument;
    before(async () => {
        [dev, prod, withSecrets] = await Promise.all([planOf("dev"), planOf("prod"), withSecretsPlan]);
    });

    it("installs External Secrets Operator 2.9.0 on every cluster, under the cluster, after its namespace", () => {
        for (const [plan, clusters] of [
            [dev, ["dev-euw1"]],
            [prod, ["prod-euw1", "prod-use1"]],
        ] as const) {
            expect(ofType(plan, "berth:secrets:Secrets").map((component) => byUrn(plan, component.parent).name)).to.deep.equal(clusters);
            for (const cluster of clusters) {
                const release = named(plan, RELEASE, `${cluster}-secrets-operator`);
                const { chart, version, name, namespace, repositoryOpts } = inputs(release);
                expect({ chart, version, name, namespace, repositoryOpts }).to.deep.equal({
                    chart: "external-secrets",
                    version: "2.9.0",
                    name: "external-secrets",
                    namespace: "external-secrets",
                    repositoryOpts: { repo: "https://charts.external-secrets.io" },
                });
                expect(release.dependencies).to.include(named(plan, "kubernetes:core/v1:Namespace", `${cluster}-secrets-namespace`).urn);
            }
        }
    });

    it("lets only the operator's service account of its own cluster assume its role", () => {
        for (const cluster of ["prod-euw1", "prod-use1"]) {
            const trust = JSON.parse(inputs(named(prod, "aws:iam/role:Role", `${cluster}-secrets-irsa`)).assumeRolePolicy);
            const provider = trust.Statement[0].Principal.Federated as string;
            const issuer = provider.split(":oidc-provider/")[1];
            const token = (sub: string) => ({ provider, claims: { sub, aud: "sts.amazonaws.com" } });
            expect(trustsWebIdentity(trust, token("system:serviceaccount:external-secrets:external-secrets"))).to.equal(true);
            expect(trustsWebIdentity(trust, token("system:serviceaccount:storefront:storefront"))).to.equal(false);
            expect(issuer).to.contain(cluster === "prod-euw1" ? "eu-west-1" : "us-east-1");
            // The chart's service account carries the role.
            expect(values(prod, cluster).serviceAccount).to.deep.include({ create: true, name: "external-secrets" });
            expect(values(prod, cluster).serviceAccount.annotations["eks.amazonaws.com/role-arn"]).to.match(/^arn:aws:iam::\d{12}:role\//);
        }
    });

    it("lets each prod cluster read berth/prod/* in its own region, and nothing of dev", async () => {
        const arn = (region: string, name: string) => `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${name}-AbCdEf`;
        const policy = (cluster: string) => inputs(named(prod, "aws:iam/rolePolicy:RolePolicy", `${cluster}-secrets-irsa-inline`)).policy;
        const read = (cluster: string, region: string, name: string) =>
            allows(policy(cluster), { action: "secretsmanager:GetSecretValue", resource: arn(region, name) });
        expect(await read("prod-euw1", "eu-west-1", "berth/prod/storefront/database")).to.equal(true);
        expect(await read("prod-use1", "us-east-1", "berth/prod/storefront/database")).to.equal(true);
        expect(await read("prod-euw1", "us-east-1", "berth/prod/storefront/database")).to.equal(false);
        expect(await read("prod-euw1", "eu-west-1", "berth/dev/storefront/database")).to.equal(false);
        const devPolicy = inputs(named(dev, "aws:iam/rolePolicy:RolePolicy", "dev-euw1-secrets-irsa-inline")).policy;
        expect(await allows(devPolicy, { action: "secretsmanager:GetSecretValue", resource: arn("eu-west-1", "berth/prod/x") })).to.equal(
            false,
        );
    });

    it("gives each cluster a ClusterSecretStore on its own region's Secrets Manager, after the operator's CRDs", () => {
        for (const [cluster, region] of [
            ["prod-euw1", "eu-west-1"],
            ["prod-use1", "us-east-1"],
        ]) {
            const store = named(prod, STORE, `${cluster}-secrets-store`);
            expect(inputs(store).metadata).to.deep.equal({ name: "aws-secrets-manager" });
            expect(inputs(store).spec).to.deep.equal({ provider: { aws: { service: "SecretsManager", region } } });
            expect(store.dependencies).to.include(named(prod, RELEASE, `${cluster}-secrets-operator`).urn);
            expect(() => validateAgainstApiSchema(store)).to.not.throw();
        }
    });

    it("runs on the system pool, one replica in dev and two with a leader and disruption budgets in prod, never pushing", () => {
        for (const [plan, cluster, replicas] of [
            [dev, "dev-euw1", 1],
            [prod, "prod-use1", 2],
        ] as const) {
            const chart = values(plan, cluster);
            for (const part of [chart, chart.webhook, chart.certController]) {
                expect(part.nodeSelector).to.deep.equal({ "berth.dev/pool": "system" });
                expect(part.tolerations).to.deep.equal([
                    { key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" },
                ]);
                expect(part.resources.limits.memory).to.match(/Mi$/);
            }
            expect([chart.replicaCount, chart.webhook.replicaCount, chart.leaderElect]).to.deep.equal([replicas, replicas, replicas > 1]);
            expect(chart.podDisruptionBudget.enabled).to.equal(replicas > 1);
            expect([chart.processPushSecret, chart.processClusterPushSecret]).to.deep.equal([false, false]);
        }
    });

    it("in prod, gives the example application's secret an ExternalSecret on every cluster it runs on, valid against the schema", () => {
        for (const cluster of ["prod-euw1", "prod-use1"]) {
            const external = named(prod, EXTERNAL_SECRET, `${cluster}-storefront-external-secret`);
            expect(inputs(external).spec.data).to.deep.equal([
                { secretKey: "DATABASE_URL", remoteRef: { key: "berth/prod/storefront/database", property: "url" } },
            ]);
            expect(external.dependencies).to.include(named(prod, STORE, `${cluster}-secrets-store`).urn);
            expect(() => validateAgainstApiSchema(external)).to.not.throw();
        }
    });

    it("in prod, takes Grafana's admin password and the receivers' credentials from Secrets Manager, out of Pulumi's state", () => {
        const grafana = named(withSecrets, EXTERNAL_SECRET, "prod-euw1-monitoring-grafana-admin");
        expect(inputs(grafana).spec.target).to.deep.equal({
            name: "grafana-admin",
            creationPolicy: "Owner",
            template: { engineVersion: "v2", data: { "admin-user": "admin", "admin-password": "{{ .password }}" } },
        });
        expect(inputs(grafana).spec.data).to.deep.equal([
            { secretKey: "password", remoteRef: { key: "berth/prod/platform/grafana-admin", property: "password" } },
        ]);
        for (const cluster of ["prod-euw1", "prod-use1"]) {
            const receivers = named(withSecrets, EXTERNAL_SECRET, `${cluster}-monitoring-alert-receivers`);
            expect(inputs(receivers).spec.target.name).to.equal("alertmanager-receivers");
            expect(inputs(receivers).spec.data.map((item: any) => item.secretKey)).to.deep.equal([
                "slack-webhook-url",
                "pagerduty-routing-key",
            ]);
            expect(named(withSecrets, RELEASE, `${cluster}-monitoring-stack`).dependencies).to.include(receivers.urn);
            expect(() => validateAgainstApiSchema(receivers)).to.not.throw();
        }
        expect(named(withSecrets, RELEASE, "prod-euw1-monitoring-stack").dependencies).to.include(grafana.urn);
        // No generated password, no Secret written by Pulumi, no password among the outputs: nothing secret in the state.
        expect(ofType(withSecrets, "random:index/randomPassword:RandomPassword").map((resource) => resource.name)).to.not.include(
            "prod-euw1-monitoring-grafana-admin-password",
        );
        expect(ofType(withSecrets, "kubernetes:core/v1:Secret").map((resource) => resource.name)).to.not.include.members([
            "prod-euw1-monitoring-grafana-admin",
            "prod-euw1-monitoring-alert-receivers",
        ]);
        expect(withSecrets.outputs.monitoring).to.not.have.property("grafanaAdminPassword");
        // The repository's own prod stack reads Grafana's password the same way.
        expect(inputs(named(prod, EXTERNAL_SECRET, "prod-euw1-monitoring-grafana-admin")).spec.data[0].remoteRef.key).to.equal(
            "berth/prod/platform/grafana-admin",
        );
        expect(prod.outputs.monitoring).to.not.have.property("grafanaAdminPassword");
    });

    it("has Monitoring refuse a credential from Secrets Manager without a store, outside its prefix, or given twice", () => {
        const store = { kubernetesProvider: undefined as never, storeName: "aws-secrets-manager", pathPrefix: "berth/prod/" };
        const refused = (args: Partial<MonitoringArgs>) => {
            try {
                new Monitoring("m", {
                    cluster: undefined as never,
                    runbookBaseUrl: "https://example.com/runbooks",
                    role: { kind: "spoke", remoteWriteUrls: ["https://hub/api/v1/write"] },
                    ...args,
                });
            } catch (error) {
                return (error as pulumi.InputPropertiesError).errors.map(({ propertyPath, reason }) => `${propertyPath}: ${reason}`);
            }
            throw new Error("accepted");
        };
        expect(refused({ alerting: { slack: { webhookUrlFrom: { secret: "berth/prod/platform/slack" } } } })).to.deep.equal([
            "secretStore: is required with alerting.slack.webhookUrlFrom: the cluster's secrets operator is what reads it",
        ]);
        expect(
            refused({
                secretStore: store,
                alerting: {
                    slack: { webhookUrlFrom: { secret: "berth/dev/platform/slack" } },
                    pagerDuty: { routingKey: "[secret]", routingKeyFrom: { secret: "berth/prod/platform/pd" } },
                },
            }),
        ).to.deep.equal([
            "alerting.pagerDuty.routingKey: must be given either as a value or as alerting.pagerDuty.routingKeyFrom, not both nor neither",
            "alerting: must take every receiver's credential from Secrets Manager or none: Alertmanager reads them from one Secret",
            "alerting.slack.webhookUrlFrom.secret: must be a secret under berth/prod/ (the environment's prefix: its secrets operator may read nothing else), such as berth/prod/<application>/<name> (got berth/dev/platform/slack)",
        ]);
    });

    it("refuses bad arguments itself, each by its property path", () => {
        let error: unknown;
        try {
            new Secrets("bad", { cluster: undefined as never, environment: "Prod Env", replicas: 0 });
        } catch (caught) {
            error = caught;
        }
        expect(pulumi.InputPropertiesError.isInstance(error), String(error)).to.equal(true);
        expect((error as pulumi.InputPropertiesError).errors.map((problem) => problem.propertyPath)).to.deep.equal([
            "environment",
            "replicas",
        ]);
    });
});
