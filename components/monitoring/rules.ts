import { NODE_DOWN_ALERT } from "./alertmanagerConfig";

/** How a person is told: "critical" pages, "warning" goes to the team's channel (see alertmanagerConfig). */
export type Severity = "critical" | "warning";

/** One alerting rule as a PrometheusRule holds it. */
export interface AlertRule {
    alert: string;
    expr: string;
    for: string;
    labels: { severity: Severity };
    annotations: { summary: string; description: string; runbook_url: string };
}

export interface RuleGroup {
    name: string;
    rules: AlertRule[];
}

export interface PlatformRuleOptions {
    /** Namespaces whose Deployments and StatefulSets are platform add-ons: one with no ready pod pages. */
    platformNamespaces: readonly string[];
    /** Spot nodes drained within an hour above which the spot pools are losing capacity too often. */
    spotInterruptionsPerHour: number;
    /** Where the runbooks live; each alert links to `<runbookBaseUrl>#<alert name in lower case>`. */
    runbookBaseUrl: string;
}

/** The job the gateway certificate probe's samples carry (the Probe's jobName). */
export const GATEWAY_PROBE_JOB = "gateway-tls";

const DAY_SECONDS = 86400;

/**
 * Berth's platform alerts, evaluated by each cluster's own Prometheus on its own series (the alert gets the cluster's
 * name from the external labels). Every alert about something on a node carries `node`, so that the node's own
 * outage holds it back (alertmanagerConfig's inhibition).
 */
export function platformAlertGroups(options: PlatformRuleOptions): RuleGroup[] {
    const alert = (
        name: string,
        severity: Severity,
        forDuration: string,
        expr: string,
        summary: string,
        description: string,
    ): AlertRule => ({
        alert: name,
        expr,
        for: forDuration,
        labels: { severity },
        annotations: { summary, description, runbook_url: `${options.runbookBaseUrl}#${name.toLowerCase()}` },
    });
    const namespaces = `namespace=~"${options.platformNamespaces.join("|")}"`;
    const volumeUsed = [
        "1 - (",
        "max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_available_bytes)",
        "/ max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_capacity_bytes)",
        ")",
    ].join(" ");
    const certificateSecondsLeft = `min by (instance) (probe_ssl_earliest_cert_expiry{job="${GATEWAY_PROBE_JOB}"}) - time()`;
    return [
        {
            name: "berth.nodes",
            rules: [
                alert(
                    NODE_DOWN_ALERT,
                    "critical",
                    "10m",
                    'max by (node) (kube_node_status_condition{condition="Ready", status="true"}) == 0',
                    "Node {{ $labels.node }} has not been Ready for 10 minutes",
                    "The kubelet stopped reporting or the node is out of resources; its pods are not running. Alerts about pods on this node are held back while this one fires.",
                ),
            ],
        },
        {
            name: "berth.workloads",
            rules: [
                alert(
                    "BerthPodCrashLooping",
                    "warning",
                    "15m",
                    [
                        '(max by (namespace, pod, container) (kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}) == 1)',
                        "* on (namespace, pod) group_left (node) max by (namespace, pod, node) (kube_pod_info)",
                    ].join(" "),
                    "Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} on {{ $labels.node }} keeps crashing",
                    "The container has been in CrashLoopBackOff for 15 minutes: it exits soon after each start.",
                ),
                alert(
                    "BerthPlatformAddonDown",
                    "critical",
                    "10m",
                    [
                        `(max by (namespace, deployment) (kube_deployment_spec_replicas{${namespaces}}) > 0)`,
                        `unless on (namespace, deployment) (max by (namespace, deployment) (kube_deployment_status_replicas_available{${namespaces}}) > 0)`,
                    ].join(" "),
                    "Platform add-on {{ $labels.namespace }}/{{ $labels.deployment }} has had no available pod for 10 minutes",
                    "A Deployment of the platform (ingress, autoscaling, monitoring, DNS) runs no pod that is ready.",
                ),
                alert(
                    "BerthPlatformAddonDown",
                    "critical",
                    "10m",
                    [
                        `(max by (namespace, statefulset) (kube_statefulset_replicas{${namespaces}}) > 0)`,
                        `unless on (namespace, statefulset) (max by (namespace, statefulset) (kube_statefulset_status_replicas_ready{${namespaces}}) > 0)`,
                    ].join(" "),
                    "Platform add-on {{ $labels.namespace }}/{{ $labels.statefulset }} has had no ready pod for 10 minutes",
                    "A StatefulSet of the platform (Prometheus, Alertmanager) runs no pod that is ready.",
                ),
            ],
        },
        {
            name: "berth.storage",
            rules: [
                alert(
                    "BerthVolumeAlmostFull",
                    "warning",
                    "15m",
                    `(${volumeUsed}) > 0.85`,
                    "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is {{ $value | humanizePercentage }} full",
                    "The volume is more than 85% full. gp3 volumes grow online: raise the claim's size (the StorageClass allows expansion).",
                ),
                alert(
                    "BerthVolumeAlmostFull",
                    "critical",
                    "5m",
                    `(${volumeUsed}) > 0.95`,
                    "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is {{ $value | humanizePercentage }} full",
                    "The volume is more than 95% full; writes fail when it is full. Raise the claim's size now.",
                ),
            ],
        },
        {
            name: "berth.autoscaling",
            rules: [
                alert(
                    "BerthAutoscalerScaleUpFailing",
                    "warning",
                    "5m",
                    "sum by (reason) (increase(cluster_autoscaler_failed_scale_ups_total[30m])) > 0",
                    "cluster-autoscaler failed to add nodes ({{ $labels.reason }})",
                    "A scale-up failed in the last 30 minutes: the Auto Scaling group could not launch instances (capacity, quota or launch errors).",
                ),
                alert(
                    "BerthPodsUnschedulable",
                    "warning",
                    "15m",
                    "max(cluster_autoscaler_unschedulable_pods_count) > 0",
                    "{{ $value }} pods have waited 15 minutes for capacity the autoscaler cannot add",
                    "Pending pods fit no node group (selectors, taints, sizes) or every fitting group is at its maximum size.",
                ),
            ],
        },
        {
            name: "berth.spot",
            rules: [
                alert(
                    "BerthSpotInterruptionsHigh",
                    "warning",
                    "0m",
                    [
                        "count(",
                        "max by (node) (max_over_time(kube_node_spec_unschedulable[1h])) == 1",
                        'and on (node) max by (node) (max_over_time(kube_node_labels{label_berth_dev_capacity_type="spot"}[1h]))',
                        `) > ${options.spotInterruptionsPerHour}`,
                    ].join(" "),
                    `{{ $value }} spot nodes were drained in the last hour (more than ${options.spotInterruptionsPerHour})`,
                    "EKS drains a spot node when AWS recommends rebalancing it or announces its reclaim (a node group upgrade drains nodes too). Frequent reclaims mean the pools' instance types are in short supply: add types, or let the on-demand fallback take more.",
                ),
            ],
        },
        {
            name: "berth.certificates",
            rules: [
                alert(
                    "BerthGatewayCertificateExpiring",
                    "warning",
                    "1h",
                    `(${certificateSecondsLeft}) < ${21 * DAY_SECONDS}`,
                    "The gateway's TLS certificate at {{ $labels.instance }} expires in {{ $value | humanizeDuration }}",
                    "ACM renews its certificates 60 days ahead, so a renewal has failed (or the certificate is imported and must be replaced by hand).",
                ),
                alert(
                    "BerthGatewayCertificateExpiring",
                    "critical",
                    "10m",
                    `(${certificateSecondsLeft}) < ${7 * DAY_SECONDS}`,
                    "The gateway's TLS certificate at {{ $labels.instance }} expires in {{ $value | humanizeDuration }}",
                    "Clients will refuse the gateway when the certificate expires. Renew or replace it now.",
                ),
            ],
        },
    ];
}
