import { expect } from "chai";
import { EXPORTED_METRICS, MetricSource, platformAlertGroups, platformDashboards } from "../../../components/monitoring";
import type { Registration } from "../../../delivery/monitor";
import type { PlanDocument } from "../../../delivery/plan";
import { named, ofType, planOf } from "../../helpers/plans";
import { parsePromql } from "../../helpers/promql";
import { validateAgainstApiSchema } from "../../helpers/schemas";

const RUNBOOKS = "https://runbooks.example.com/berth.md";
const groups = platformAlertGroups({
    platformNamespaces: ["kube-system", "monitoring"],
    spotInterruptionsPerHour: 3,
    runbookBaseUrl: RUNBOOKS,
});
const alerts = groups.flatMap((group) => group.rules);
const inputs = (resource: Registration) => resource.inputs as Record<string, any>;

/** Every PromQL query of Berth's dashboards, with where it is. */
const dashboardQueries = platformDashboards().flatMap(({ name, dashboard }) =>
    (dashboard.panels as { title: string; targets: { expr: string }[] }[]).flatMap((panel) =>
        panel.targets.map((target) => ({ where: `${name} / ${panel.title}`, expr: target.expr })),
    ),
);

describe("platform alerts and dashboards", () => {
    let prod: PlanDocument;
    before(async () => {
        prod = await planOf("prod");
    });

    it("alerts on every failure the platform promises to catch", () => {
        expect([...new Set(alerts.map((alert) => alert.alert))]).to.have.members([
            "BerthNodeNotReady",
            "BerthPodCrashLooping",
            "BerthVolumeAlmostFull",
            "BerthAutoscalerScaleUpFailing",
            "BerthPodsUnschedulable",
            "BerthSpotInterruptionsHigh",
            "BerthPlatformAddonDown",
            "BerthGatewayCertificateExpiring",
        ]);
    });

    it("gives every alert a severity that routes, a summary, a description and its own runbook", () => {
        for (const alert of alerts) {
            expect(["critical", "warning"], alert.alert).to.include(alert.labels.severity);
            expect(alert.annotations.summary, alert.alert).to.match(/\S{3,}/);
            expect(alert.annotations.description, alert.alert).to.match(/\S{3,}/);
            expect(alert.annotations.runbook_url, alert.alert).to.equal(`${RUNBOOKS}#${alert.alert.toLowerCase()}`);
            expect(alert.for, alert.alert).to.match(/^\d+[smh]$/);
        }
    });

    it("writes every expression, alerts and dashboard queries alike, in PromQL the official grammar parses", () => {
        const expressions = [...alerts.map((alert) => ({ where: alert.alert, expr: alert.expr })), ...dashboardQueries];
        expect(dashboardQueries.length).to.be.greaterThan(15);
        for (const { where, expr } of expressions) {
            expect(parsePromql(expr).errorsAt, `${where}: ${expr}`).to.deep.equal([]);
        }
    });

    it("would catch a typo in an expression", () => {
        expect(parsePromql("sum by (node) (rat(kube_node_info[5m]))").errorsAt).to.not.be.empty;
        expect(parsePromql("max(kube_node_info{node=}) > 0").errorsAt).to.not.be.empty;
        expect(parsePromql("(max(kube_node_info) > 0").errorsAt).to.not.be.empty;
    });

    it("reads only metrics the monitoring stack exports", () => {
        const variables = platformDashboards().flatMap(({ dashboard }) =>
            ((dashboard.templating as { list: { query: { query: string } }[] }).list ?? []).map(
                (variable) => /^label_values\((\w+)/.exec(variable.query.query)?.[1] ?? variable.query.query,
            ),
        );
        const used = new Set([...[...alerts, ...dashboardQueries].flatMap(({ expr }) => parsePromql(expr).metrics), ...variables]);
        expect(used.size).to.be.greaterThan(15);
        for (const metric of used) {
            expect(EXPORTED_METRICS, metric).to.have.property(metric);
        }
    });

    it("scrapes, on every prod cluster, each source the metric table names", () => {
        const scraped: Record<MetricSource, (cluster: string) => boolean> = {
            "kube-state-metrics": (cluster) => stackValues(cluster).kubeStateMetrics?.enabled !== false,
            kubelet: (cluster) => stackValues(cluster).kubelet?.enabled !== false,
            cadvisor: (cluster) => stackValues(cluster).kubelet?.serviceMonitor?.cAdvisor !== false,
            "cluster-autoscaler": (cluster) => has("ServiceMonitor", `${cluster}-cluster-autoscaler-metrics`),
            "blackbox-exporter": (cluster) => has("Probe", `${cluster}-monitoring-gateway-certificate`),
            "istio-proxy": (cluster) => has("PodMonitor", `${cluster}-monitoring-mesh-proxies`),
        };
        const stackValues = (cluster: string) => inputs(named(prod, "kubernetes:helm.sh/v3:Release", `${cluster}-monitoring-stack`)).values;
        const has = (kind: string, name: string) =>
            ofType(prod, `kubernetes:monitoring.coreos.com/v1:${kind}`).some((object) => object.name === name);
        for (const source of new Set(Object.values(EXPORTED_METRICS))) {
            for (const cluster of ["prod-euw1", "prod-use1"]) {
                expect(scraped[source](cluster), `${source} on ${cluster}`).to.equal(true);
            }
        }
    });

    it("installs the rules as a PrometheusRule on every cluster that the operator's schema accepts", () => {
        for (const cluster of ["prod-euw1", "prod-use1"]) {
            const rule = named(prod, "kubernetes:monitoring.coreos.com/v1:PrometheusRule", `${cluster}-monitoring-platform-alerts`);
            expect(() => validateAgainstApiSchema(rule)).not.to.throw();
            const names = (inputs(rule).spec.groups as { rules: { alert: string }[] }[]).flatMap((group) =>
                group.rules.map((r) => r.alert),
            );
            expect(names).to.deep.equal(alerts.map((alert) => alert.alert));
        }
    });

    it("would catch a PrometheusRule the operator's schema refuses", () => {
        const rule = named(prod, "kubernetes:monitoring.coreos.com/v1:PrometheusRule", "prod-euw1-monitoring-platform-alerts");
        const broken = { ...rule, inputs: { ...rule.inputs, spec: { groups: [{ name: "g", rules: [{ alert: "NoExpression" }] }] } } };
        expect(() => validateAgainstApiSchema(broken)).to.throw(/expr/);
    });

    it("watches only the configured platform namespaces for add-ons that are down", () => {
        const addonDown = alerts.filter((alert) => alert.alert === "BerthPlatformAddonDown");
        expect(addonDown).to.have.length(2);
        for (const alert of addonDown) {
            expect(alert.expr).to.contain('namespace=~"kube-system|monitoring"');
        }
    });
});
