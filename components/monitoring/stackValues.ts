import { SYSTEM_POOL_PLACEMENT } from "../lib/placement";
import { GRAFANA_ADMIN_SECRET, STACK_RELEASE } from "./names";
import { remoteWriteSpecs } from "./remoteWrite";
import { PrometheusSize, requestsAndLimits, retentionSize, volumeClaim, zoneSpread } from "./sizing";

/** The hub's Grafana, as the values need it. */
export interface GrafanaValues {
    /** The Prometheus datasource Grafana reads: the metrics receiver's query Service. */
    datasourceUrl: string;
    /** The URL people open Grafana at, for the links it builds. @default Grafana's own guess */
    rootUrl?: string;
}

export interface StackValuesArgs {
    /** The cluster's name: every series this Prometheus sends carries it as the `cluster` label. */
    clusterName: string;
    prometheus: PrometheusSize;
    alertmanager: { replicas: number };
    /** The StorageClass of Prometheus's and Alertmanager's volumes. */
    storageClass: string;
    /** Where this Prometheus sends its series: each replica of the hub's receiver. */
    remoteWriteUrls: readonly string[];
    /** The Alertmanager configuration (alertmanagerConfig). */
    alertmanagerConfig: Record<string, unknown>;
    /** Secrets of the monitoring namespace mounted into Alertmanager (the receivers' credentials). */
    alertmanagerSecrets: readonly string[];
    /** Grafana, on the hub only. @default none */
    grafana?: GrafanaValues;
    /** kube-state-metrics node labels worth a series: pools and capacity types for the dashboards and the spot alert. */
    nodeLabels: readonly string[];
}

/** Resources of the stack's smaller parts, fixed: they do not grow with the cluster the way Prometheus does. */
const SMALL = {
    operator: requestsAndLimits("100m", "256Mi"),
    configReloader: requestsAndLimits("10m", "32Mi"),
    alertmanager: requestsAndLimits("25m", "128Mi"),
    kubeStateMetrics: requestsAndLimits("50m", "256Mi"),
    nodeExporter: requestsAndLimits("25m", "64Mi"),
    grafana: requestsAndLimits("100m", "384Mi"),
    grafanaSidecar: requestsAndLimits("25m", "128Mi"),
};

/** Each label is on the chart's pods of the release: what zone spreading and disruption budgets select on. */
const PROMETHEUS_PODS = { "app.kubernetes.io/name": "prometheus", "operator.prometheus.io/name": `${STACK_RELEASE}-prometheus` };
const ALERTMANAGER_PODS = { "app.kubernetes.io/name": "alertmanager", alertmanager: `${STACK_RELEASE}-alertmanager` };

/**
 * Helm values of kube-prometheus-stack for one cluster: Prometheus, Alertmanager, the operator and kube-state-metrics
 * on the system pool with requests and limits, node-exporter on every node, Grafana on the hub only.
 *
 * EKS runs the control plane itself: the scheduler, controller manager and etcd cannot be scraped and kube-proxy
 * listens on localhost, so their scrapes and rules are off instead of firing "target down" forever. Berth's own rules
 * replace the chart's for node readiness, crash loops and full volumes (theirs carry the node label the inhibition
 * needs, and a runbook), so the chart's are disabled rather than paging twice.
 */
export function kubePrometheusStackValues(args: StackValuesArgs): Record<string, unknown> {
    const { prometheus, alertmanager } = args;
    const highlyAvailable = (replicas: number) => replicas > 1;
    return {
        crds: { enabled: true },
        defaultRules: {
            rules: {
                etcd: false,
                kubeControllerManager: false,
                kubeSchedulerAlerting: false,
                kubeSchedulerRecording: false,
                kubeProxy: false,
                windows: false,
            },
            disabled: { KubeNodeNotReady: true, KubePodCrashLooping: true, KubePersistentVolumeFillingUp: true },
        },
        kubeControllerManager: { enabled: false },
        kubeScheduler: { enabled: false },
        kubeEtcd: { enabled: false },
        kubeProxy: { enabled: false },
        prometheusOperator: {
            resources: SMALL.operator,
            ...SYSTEM_POOL_PLACEMENT,
            admissionWebhooks: { patch: { ...SYSTEM_POOL_PLACEMENT } },
            prometheusConfigReloader: { resources: SMALL.configReloader },
        },
        prometheus: {
            // The chart creates the budget only when asked; with one replica a budget would block every node drain.
            podDisruptionBudget: { enabled: highlyAvailable(prometheus.replicas) },
            prometheusSpec: {
                replicas: prometheus.replicas,
                retention: prometheus.retention,
                retentionSize: retentionSize(prometheus.storageGiB),
                storageSpec: volumeClaim(args.storageClass, prometheus.storageGiB),
                resources: requestsAndLimits(prometheus.cpu, prometheus.memory),
                ...SYSTEM_POOL_PLACEMENT,
                topologySpreadConstraints: zoneSpread(PROMETHEUS_PODS),
                externalLabels: { cluster: args.clusterName },
                remoteWrite: remoteWriteSpecs(args.remoteWriteUrls),
                // Select every ServiceMonitor, PodMonitor, Probe and PrometheusRule of the cluster, not only the release's:
                // other components and applications add theirs without knowing the release's labels.
                serviceMonitorSelectorNilUsesHelmValues: false,
                podMonitorSelectorNilUsesHelmValues: false,
                probeSelectorNilUsesHelmValues: false,
                ruleSelectorNilUsesHelmValues: false,
            },
        },
        alertmanager: {
            config: args.alertmanagerConfig,
            podDisruptionBudget: { enabled: highlyAvailable(alertmanager.replicas) },
            alertmanagerSpec: {
                replicas: alertmanager.replicas,
                secrets: [...args.alertmanagerSecrets],
                // Silences and the notification log survive a restart.
                storage: volumeClaim(args.storageClass, 2),
                resources: SMALL.alertmanager,
                ...SYSTEM_POOL_PLACEMENT,
                topologySpreadConstraints: zoneSpread(ALERTMANAGER_PODS),
            },
        },
        "kube-state-metrics": {
            resources: SMALL.kubeStateMetrics,
            ...SYSTEM_POOL_PLACEMENT,
            metricLabelsAllowlist: [`nodes=[${args.nodeLabels.join(",")}]`],
        },
        // Every node, the system pool's and tainted pools' included: the chart's default toleration admits any NoSchedule taint.
        "prometheus-node-exporter": { resources: SMALL.nodeExporter },
        grafana: args.grafana ? grafanaValues(args.grafana) : { enabled: false },
    };
}

function grafanaValues(grafana: GrafanaValues): Record<string, unknown> {
    return {
        enabled: true,
        // The admin credentials come from a Secret Berth writes; the chart generates none and the values hold none.
        admin: {
            existingSecret: GRAFANA_ADMIN_SECRET.name,
            userKey: GRAFANA_ADMIN_SECRET.userKey,
            passwordKey: GRAFANA_ADMIN_SECRET.passwordKey,
        },
        // One replica: Grafana keeps users and sessions in SQLite, and its dashboards and datasources are provisioned,
        // so a restart loses nothing that is not in code.
        replicas: 1,
        resources: SMALL.grafana,
        ...SYSTEM_POOL_PLACEMENT,
        sidecar: {
            resources: SMALL.grafanaSidecar,
            datasources: { url: grafana.datasourceUrl },
            // The chart's dashboards get a cluster picker: every series on the receiver carries `cluster`.
            dashboards: { multicluster: { global: { enabled: true } } },
        },
        ...(grafana.rootUrl ? { "grafana.ini": { server: { root_url: grafana.rootUrl } } } : {}),
    };
}
