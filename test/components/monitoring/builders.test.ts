import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
    alertmanagerConfig,
    kubePrometheusStackValues,
    millicores,
    Monitoring,
    MonitoringArgs,
    receiverSpec,
    requestsAndLimits,
    retentionSize,
    serviceMonitor,
    StackValuesArgs,
} from "../../../components/monitoring";
import { planInline } from "../../helpers/inline";
import { named } from "../../helpers/plans";
import { validateAgainstApiSchema } from "../../helpers/schemas";

const SIZE = { retention: "10d", storageGiB: 50, replicas: 2, cpu: "250m", memory: "2Gi" };
const valuesArgs = (overrides: Partial<StackValuesArgs> = {}): StackValuesArgs => ({
    clusterName: "blue",
    prometheus: SIZE,
    alertmanager: { replicas: 1 },
    storageClass: "gp3",
    remoteWriteUrls: ["http://receiver-0:9090/api/v1/write"],
    alertmanagerConfig: alertmanagerConfig({}),
    alertmanagerSecrets: [],
    nodeLabels: ["berth.dev/pool"],
    ...overrides,
});

describe("monitoring builders", () => {
    describe("kube-prometheus-stack values", () => {
        it("turns off what EKS does not let anyone scrape, with its rules, instead of alerting on it forever", () => {
            const values = kubePrometheusStackValues(valuesArgs()) as Record<string, any>;
            for (const part of ["kubeControllerManager", "kubeScheduler", "kubeEtcd", "kubeProxy"]) {
                expect(values[part], part).to.deep.equal({ enabled: false });
            }
            expect(values.defaultRules.rules).to.include({
                etcd: false,
                kubeControllerManager: false,
                kubeSchedulerAlerting: false,
                kubeProxy: false,
            });
            // Berth's own versions replace these, with the node label the inhibition needs.
            expect(values.defaultRules.disabled).to.deep.equal({
                KubeNodeNotReady: true,
                KubePodCrashLooping: true,
                KubePersistentVolumeFillingUp: true,
            });
        });

        it("selects every ServiceMonitor, PodMonitor, Probe and rule in the cluster, not only the release's", () => {
            const spec = (kubePrometheusStackValues(valuesArgs()) as Record<string, any>).prometheus.prometheusSpec;
            expect(spec).to.include({
                serviceMonitorSelectorNilUsesHelmValues: false,
                podMonitorSelectorNilUsesHelmValues: false,
                probeSelectorNilUsesHelmValues: false,
                ruleSelectorNilUsesHelmValues: false,
            });
        });

        it("leaves Grafana out unless the cluster is the hub, and points the hub's at the receiver", () => {
            expect((kubePrometheusStackValues(valuesArgs()) as Record<string, any>).grafana).to.deep.equal({ enabled: false });
            const hub = kubePrometheusStackValues(
                valuesArgs({ grafana: { datasourceUrl: "http://metrics-receiver.monitoring:9090/" } }),
            ) as Record<string, any>;
            expect(hub.grafana.sidecar.datasources).to.deep.equal({ url: "http://metrics-receiver.monitoring:9090/" });
            expect(hub.grafana).to.not.have.property("grafana.ini");
        });

        it("mounts the receivers' Secret into Alertmanager and keeps a budget only with more than one replica", () => {
            const values = kubePrometheusStackValues(valuesArgs({ alertmanagerSecrets: ["alertmanager-receivers"] })) as Record<
                string,
                any
            >;
            expect(values.alertmanager.alertmanagerSpec.secrets).to.deep.equal(["alertmanager-receivers"]);
            expect(values.alertmanager.podDisruptionBudget).to.deep.equal({ enabled: false });
            expect(values.prometheus.podDisruptionBudget).to.deep.equal({ enabled: true });
        });
    });

    describe("sizing", () => {
        it("keeps Prometheus's disk use under 85% of its volume, in the GiB Prometheus counts in", () => {
            expect(retentionSize(100)).to.equal("85GB");
            expect(retentionSize(20)).to.equal("17GB");
        });

        it("limits memory at the request and CPU at four times the request", () => {
            expect(requestsAndLimits("500m", "3Gi")).to.deep.equal({
                requests: { cpu: "500m", memory: "3Gi" },
                limits: { cpu: "2000m", memory: "3Gi" },
            });
            expect(requestsAndLimits("1.5", "1Gi").limits.cpu).to.equal("6000m");
            expect(millicores("2")).to.equal(2000);
            expect(millicores("two")).to.be.NaN;
        });

        it("runs the receiver on the pinned Prometheus image with nothing to scrape and no rules to evaluate", () => {
            const spec = receiverSpec(SIZE, "gp3");
            expect(spec).to.include({
                image: "quay.io/prometheus/prometheus:v3.14.0-distroless",
                version: "v3.14.0",
                enableRemoteWriteReceiver: true,
            });
            for (const selector of [
                "serviceMonitorSelector",
                "podMonitorSelector",
                "probeSelector",
                "scrapeConfigSelector",
                "ruleSelector",
            ]) {
                expect(spec, selector).to.not.have.property(selector);
            }
        });
    });

    it("refuses bad arguments itself, every one at once, each by its property path", () => {
        const bad: MonitoringArgs = {
            cluster: { clusterName: "blue", kubernetesProvider: undefined as never, readyForAddons: [] },
            role: { kind: "spoke", remoteWriteUrls: [] },
            prometheus: { retention: "2 weeks", replicas: 0, cpu: "lots", memory: "4GB" },
            alertmanager: { replicas: 1.5 },
            alerting: { slack: { webhookUrl: "https://hooks.slack.com/x", channel: "platform alerts" } },
            runbookBaseUrl: "http://runbooks.example.com",
            gatewayCertificate: { address: "lb:443", serverName: "*.apps.example.com" },
        };
        let error: unknown;
        try {
            new Monitoring("blue-monitoring", bad);
        } catch (caught) {
            error = caught;
        }
        expect(pulumi.InputPropertiesError.isInstance(error), String(error)).to.equal(true);
        expect((error as pulumi.InputPropertiesError).errors.map((problem) => problem.propertyPath)).to.deep.equal([
            "prometheus.retention",
            "prometheus.replicas",
            "prometheus.cpu",
            "prometheus.memory",
            "alertmanager.replicas",
            "runbookBaseUrl",
            "alerting.slack.channel",
            "role.remoteWriteUrls",
            "gatewayCertificate.serverName",
        ]);
    });

    it("gives other components and applications a ServiceMonitor that waits for the monitoring stack", async () => {
        const plan = await planInline(() => {
            const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
            const stack = new k8s.core.v1.ConfigMap("stack-stand-in", { data: {} }, { provider });
            serviceMonitor("shop-api", {
                monitoring: { kubernetesProvider: provider, ready: [stack] },
                namespace: "shop",
                selector: { "app.kubernetes.io/name": "api" },
                port: "metrics",
                interval: "15s",
            });
        });
        const monitor = named(plan, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "shop-api");
        expect((monitor.inputs as any).metadata).to.deep.equal({ name: "shop-api", namespace: "shop" });
        expect((monitor.inputs as any).spec).to.deep.equal({
            selector: { matchLabels: { "app.kubernetes.io/name": "api" } },
            namespaceSelector: { matchNames: ["shop"] },
            endpoints: [{ port: "metrics", path: "/metrics", interval: "15s" }],
        });
        expect(monitor.dependencies).to.include(named(plan, "kubernetes:core/v1:ConfigMap", "stack-stand-in").urn);
        expect(() => validateAgainstApiSchema(monitor)).not.to.throw();
    });
});
