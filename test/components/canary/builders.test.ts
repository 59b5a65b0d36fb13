import { expect } from "chai";
import {
    CANARY_DEFAULTS,
    canaryArgProblems,
    canarySettings,
    canarySpec,
    canaryWeights,
    CHECK_NAMES,
    EXPORTED_METRICS,
    flaggerValues,
    latencyQuery,
    meshPodMonitorSpec,
    METRICS_WINDOW_SECONDS,
    metricsWindow,
    receiverQueryUrl,
    remoteWriteUrl,
    successRateQuery,
} from "../../../components";
import { parsePromql } from "../../helpers/promql";

/** A query as Flagger runs it: its template variables filled in. */
const rendered = (query: string) =>
    query
        .replace(/\{\{ namespace \}\}/g, "storefront")
        .replace(/\{\{ target \}\}/g, "storefront")
        .replace(/\{\{ interval \}\}/g, "1m");

const seconds = (duration: string) => parseInt(duration, 10) * (duration.endsWith("m") ? 60 : 1);

describe("canary: settings and checks", () => {
    it("fills every setting left out with the production defaults", () => {
        expect(canarySettings({ stepWeight: 5, maxWeight: undefined })).to.deep.equal({ ...CANARY_DEFAULTS, stepWeight: 5 });
    });

    it("lists the weights a release passes through before promotion, as Flagger steps them", () => {
        expect(canaryWeights(CANARY_DEFAULTS)).to.deep.equal([10, 20, 30, 40, 50]);
        expect(canaryWeights({ stepWeight: 25, maxWeight: 100 })).to.deep.equal([25, 50, 75, 100]);
    });

    it("refuses every bad setting at once, each at its key, with the value received", () => {
        const problems = canaryArgProblems({
            stepWeight: 0,
            maxWeight: 101,
            interval: "10s",
            failedChecks: 1.5,
            minSuccessRate: 0,
            maxLatency: "2h",
        });
        expect(problems).to.deep.equal([
            { propertyPath: "stepWeight", reason: "must be a whole percentage, 1-100 (got 0)" },
            { propertyPath: "maxWeight", reason: "must be a whole percentage, 1-100 (got 101)" },
            {
                propertyPath: "interval",
                reason: 'must be a duration from "30s" to "30m", in whole seconds or minutes such as "1m" (got 10s)',
            },
            { propertyPath: "failedChecks", reason: "must be a whole number, 1-20 (got 1.5)" },
            { propertyPath: "minSuccessRate", reason: "must be a percentage above 0 and at most 100, such as 99 or 99.9 (got 0)" },
            {
                propertyPath: "maxLatency",
                reason: 'must be a duration up to "60s", in whole milliseconds or seconds such as "500ms" (got 2h)',
            },
        ]);
        expect(canaryArgProblems({ stepWeight: 30, maxWeight: 50 })[0].reason).to.contain("would send 60% to the new version");
        expect(canaryArgProblems(CANARY_DEFAULTS)).to.deep.equal([]);
        expect(canaryArgProblems({ interval: "30m", maxLatency: "60s", minSuccessRate: 99.9 })).to.deep.equal([]);
    });

    it("judges the new version on metrics the mesh's Envoys export and the monitoring scrapes", () => {
        for (const query of [successRateQuery("prod-euw1"), latencyQuery("prod-euw1")]) {
            const parsed = parsePromql(rendered(query));
            expect(parsed.errorsAt, query).to.deep.equal([]);
            expect(parsed.metrics.length).to.be.above(0);
            for (const metric of parsed.metrics) expect(EXPORTED_METRICS[metric], metric).to.equal("istio-proxy");
        }
    });

    it("selects the cluster's own series, and only the new version's pods as their own sidecars report them", () => {
        for (const query of [successRateQuery("prod-use1"), latencyQuery("prod-use1")]) {
            const selectors = [...query.matchAll(/istio_\w+\{(.*?)\}\[/g)].map((match) => match[1]);
            expect(selectors.length, query).to.be.above(0);
            for (const selector of selectors) {
                expect(selector).to.contain('cluster="prod-use1"');
                expect(selector).to.contain('reporter="destination"');
                // Exact: a regex would also select the released version, `<target>-primary`.
                expect(selector).to.contain('destination_workload="{{ target }}"');
            }
        }
        expect(successRateQuery("prod-euw1")).to.contain('response_code!~"5.*"');
    });

    it("never queries a range too short for two scrapes of the mesh", () => {
        const endpoints = meshPodMonitorSpec().podMetricsEndpoints as { interval: string }[];
        const scrape = Math.max(...endpoints.map((endpoint) => seconds(endpoint.interval)));
        expect(METRICS_WINDOW_SECONDS).to.be.at.least(2 * scrape);
        expect(metricsWindow("30s")).to.equal(`${METRICS_WINDOW_SECONDS}s`);
        expect(metricsWindow("5m")).to.equal("5m");
    });

    it("queries a spoke's hub receiver on the endpoint and port it already writes to", () => {
        const url = receiverQueryUrl(remoteWriteUrl("receiver.elb.eu-west-1.amazonaws.com"));
        expect(url).to.equal("http://receiver.elb.eu-west-1.amazonaws.com:9090");
    });
});

describe("canary: the Canary object", () => {
    const spec = canarySpec({
        application: "storefront",
        service: { port: 80, targetPortName: "http" },
        gateway: "istio-ingress/default",
        routing: {
            hosts: ["shop.apps.example.com"],
            paths: ["/", "/api"],
            timeout: "15s",
            retries: { attempts: 2, perTryTimeout: "5s", retryOn: "connect-failure" },
        },
        settings: { ...CANARY_DEFAULTS, interval: "30s", maxLatency: "2s", minSuccessRate: 99.5 },
        checks: {
            successRate: { name: "berth-request-success-rate", namespace: "istio-system" },
            latency: { name: "berth-request-duration-p99", namespace: "istio-system" },
        },
    }) as Record<string, any>;

    it("takes over the application's routes, on the gateway and inside the mesh", () => {
        expect(spec.service).to.deep.include({
            port: 80,
            targetPort: "http",
            hosts: ["shop.apps.example.com"],
            gateways: ["istio-ingress/default", "mesh"],
            match: [{ uri: { prefix: "/" } }, { uri: { prefix: "/api" } }],
            timeout: "15s",
            portDiscovery: true,
        });
        expect(spec.targetRef).to.deep.equal({ apiVersion: "apps/v1", kind: "Deployment", name: "storefront" });
        expect(spec.autoscalerRef.name).to.equal("storefront");
    });

    it("checks success rate and latency against the thresholds, in milliseconds, never under Flagger's built-in names", () => {
        expect(spec.analysis).to.deep.include({ interval: "30s", threshold: 5, stepWeight: 10, maxWeight: 50 });
        const [successRate, latency] = spec.analysis.metrics;
        expect(successRate).to.deep.include({ name: CHECK_NAMES.successRate, thresholdRange: { min: 99.5 }, interval: "60s" });
        expect(latency).to.deep.include({ name: CHECK_NAMES.latency, thresholdRange: { max: 2000 } });
        for (const name of Object.values(CHECK_NAMES)) expect(["request-success-rate", "request-duration"]).to.not.include(name);
    });
});

describe("canary: Flagger's Helm values", () => {
    it("uses the Istio provider and the hub's receiver, and elects a leader only with several replicas", () => {
        const one = flaggerValues({ clusterName: "prod-use1", prometheusUrl: "http://hub:9090", replicas: 1, namespace: "istio-system" });
        expect(one).to.deep.include({
            meshProvider: "istio",
            metricsServer: "http://hub:9090",
            clusterName: "prod-use1",
            selectorLabels: "app",
        });
        expect(one.leaderElection).to.deep.equal({ enabled: false, replicaCount: 1 });
        const two = flaggerValues({ clusterName: "c", prometheusUrl: "http://hub:9090", replicas: 2, namespace: "istio-system" });
        expect(two.leaderElection).to.deep.equal({ enabled: true, replicaCount: 2 });
        expect(two.podDisruptionBudget).to.deep.equal({ enabled: true, minAvailable: 1 });
        // Its CRDs come from the chart's crds/ folder, never from templates a release could delete.
        expect(one).to.not.have.property("crd");
    });
});
