import { expect } from "chai";
import { EXPORTED_METRICS, podsAtMostDuringCanary } from "../../components";
import { canarySummaries } from "../../delivery/canaries";
import type { Registration } from "../../delivery/monitor";
import type { PlanDocument } from "../../delivery/plan";
import { reviewPlan } from "../../delivery/review";
import { parsePromql } from "../helpers/promql";
import { byUrn, named, ofType, planOf } from "../helpers/plans";
import { validateAgainstApiSchema } from "../helpers/schemas";

const inputs = (resource: Registration) => resource.inputs as Record<string, any>;
const CANARY = "kubernetes:flagger.app/v1beta1:Canary";
const TEMPLATE = "kubernetes:flagger.app/v1beta1:MetricTemplate";
const RELEASE = "kubernetes:helm.sh/v3:Release";

/** The Cluster component a resource sits under. */
function clusterOf(plan: PlanDocument, resource: Registration): string {
    for (let parent = resource.parent; parent; parent = byUrn(plan, parent).parent) {
        const ancestor = byUrn(plan, parent);
        if (ancestor.type === "berth:cluster:Cluster") return ancestor.name;
    }
    throw new Error(`${resource.name} is under no cluster`);
}

describe("stack: canary releases in prod", () => {
    let plan: PlanDocument;
    let dev: PlanDocument;
    before(async () => {
        [plan, dev] = await Promise.all([planOf("prod"), planOf("dev")]);
    });

    it("installs Flagger 1.44.0 in Istio's namespace on every cluster, after the cluster's mesh", () => {
        for (const [stack, clusters] of [
            [plan, ["prod-euw1", "prod-use1"]],
            [dev, ["dev-euw1"]],
        ] as const) {
            const releases = ofType(stack, RELEASE).filter((release) => inputs(release).chart === "flagger");
            expect(releases.map((release) => clusterOf(stack, release)).sort()).to.deep.equal([...clusters]);
            for (const release of releases) {
                expect(inputs(release)).to.deep.include({
                    version: "1.44.0",
                    namespace: "istio-system",
                    repositoryOpts: { repo: "https://flagger.app" },
                });
                const cluster = clusterOf(stack, release);
                expect(release.dependencies).to.include(named(stack, RELEASE, `${cluster}-ingress-istiod`).urn);
            }
        }
    });

    it("points every cluster's checks at the hub's receiver: in-cluster on the hub, through the port spokes already write to elsewhere", () => {
        const address = (cluster: string) => inputs(named(plan, TEMPLATE, `${cluster}-flagger-success-rate`)).spec.provider.address;
        expect(address("prod-euw1")).to.equal("http://metrics-receiver.monitoring:9090");
        const spokeWrites: string[] = inputs(
            named(plan, RELEASE, "prod-use1-monitoring-stack"),
        ).values.prometheus.prometheusSpec.remoteWrite.map((target: { url: string }) => target.url);
        expect(spokeWrites.map((url) => new URL(url).origin)).to.include(address("prod-use1"));
        const admitted = ofType(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((rule) => inputs(rule).fromPort);
        expect(new URL(address("prod-use1")).port).to.equal("9090");
        expect(admitted).to.include(9090);
        expect(inputs(named(plan, RELEASE, "prod-use1-flagger")).values.metricsServer).to.equal(address("prod-use1"));
    });

    it("gives the example storefront a Canary per cluster whose checks query metrics the monitoring stack scrapes, on that cluster", () => {
        const canaries = ofType(plan, CANARY);
        expect(canaries.map((canary) => canary.name).sort()).to.deep.equal(["prod-euw1-storefront-canary", "prod-use1-storefront-canary"]);
        for (const canary of canaries) {
            const cluster = clusterOf(plan, canary);
            const templates = ofType(plan, TEMPLATE).filter((template) => template.provider === canary.provider);
            expect(templates).to.have.length(2);
            for (const check of inputs(canary).spec.analysis.metrics) {
                const template = templates.find((candidate) => inputs(candidate).metadata.name === check.templateRef.name);
                expect(template, check.name).to.not.equal(undefined);
                expect(inputs(template!).metadata.namespace).to.equal(check.templateRef.namespace);
                expect(canary.dependencies).to.include(template!.urn);
                const query: string = inputs(template!).spec.query;
                expect(query).to.contain(`cluster="${cluster}"`);
                const metrics = parsePromql(query.replace(/\{\{ \w+ \}\}/g, "1m")).metrics;
                expect(metrics.length).to.be.above(0);
                for (const metric of metrics) expect(EXPORTED_METRICS[metric], metric).to.equal("istio-proxy");
            }
            // canary: {} takes prod's defaults: a 99% success rate and a 500ms 99th percentile.
            expect(inputs(canary).spec.analysis.metrics.map((check: { thresholdRange: object }) => check.thresholdRange)).to.deep.equal([
                { min: 99 },
                { max: 500 },
            ]);
        }
        // The mesh's Envoys, whose series those are, are scraped on every cluster.
        expect(
            ofType(plan, "kubernetes:monitoring.coreos.com/v1:PodMonitor").filter(
                (monitor) => inputs(monitor).metadata.name === "istio-proxies",
            ),
        ).to.have.length(2);
    });

    it("leaves the Service and the VirtualService to Flagger, so that no two writers fight over a route", () => {
        const objects = (type: string) => ofType(plan, type).filter((resource) => resource.name.startsWith("prod-euw1-storefront-"));
        expect(objects("kubernetes:core/v1:Service")).to.deep.equal([]);
        expect(objects("kubernetes:networking.istio.io/v1:VirtualService")).to.deep.equal([]);
        const canary = inputs(named(plan, CANARY, "prod-euw1-storefront-canary"));
        expect(canary.spec.service.hosts).to.deep.equal(["storefront.apps.example.com"]);
        expect(canary.spec.service.gateways).to.deep.equal(["istio-ingress/default", "mesh"]);
    });

    it("keeps every version's pods under the disruption budget and the metrics exception, and quotas room for both versions", () => {
        const selector = { "app.kubernetes.io/name": "storefront" };
        expect(
            inputs(named(plan, "kubernetes:policy/v1:PodDisruptionBudget", "prod-euw1-storefront-disruption-budget")).spec.selector
                .matchLabels,
        ).to.deep.equal(selector);
        expect(
            inputs(named(plan, "kubernetes:security.istio.io/v1:PeerAuthentication", "prod-euw1-storefront-metrics-mtls")).spec.selector
                .matchLabels,
        ).to.deep.equal(selector);
        const quota = inputs(named(plan, "kubernetes:core/v1:ResourceQuota", "prod-euw1-storefront-quota"));
        // prod's default replicas: up to 10.
        expect(quota.spec.hard.pods).to.equal(String(podsAtMostDuringCanary(10)));
    });

    it("writes only Canaries and MetricTemplates that Flagger's CRD schemas accept", () => {
        const objects = [...ofType(plan, CANARY), ...ofType(plan, TEMPLATE)];
        expect(objects).to.have.length(6);
        for (const object of objects) expect(() => validateAgainstApiSchema(object), object.name).to.not.throw();
    });

    it("summarises each Canary for the portal, and shows it in the reviewer's view", () => {
        const summaries = canarySummaries(plan);
        expect(summaries.map((summary) => summary.cluster)).to.deep.equal(["prod-euw1", "prod-use1"]);
        expect(summaries[0]).to.deep.include({
            resource: "prod-euw1-storefront-canary",
            namespace: "storefront",
            target: "storefront",
            hosts: ["storefront.apps.example.com"],
            weights: [10, 20, 30, 40, 50],
            interval: "1m",
            failedChecks: 5,
            secondsToPromote: 360,
            secondsToRollback: 300,
        });
        expect(canarySummaries(dev)).to.deep.equal([]);
        const application = reviewPlan(plan)
            .clusters.find((cluster) => cluster.name === "prod-use1")!
            .applications.find((app) => app.name === "prod-use1-storefront")!;
        expect(application.hosts).to.deep.equal(["storefront.apps.example.com"]);
        expect(application.canary?.weights).to.deep.equal([10, 20, 30, 40, 50]);
    });
});
