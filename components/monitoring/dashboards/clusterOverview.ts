import { CLUSTER_VARIABLE, dashboard } from "./dashboard";

const IN = 'cluster=~"$cluster"';

/** One row per question an on-call engineer asks first: are the nodes up, do the pods run, is there room left. */
export function clusterOverviewDashboard(): Record<string, unknown> {
    return dashboard(
        "berth-cluster-overview",
        "Berth / Cluster overview",
        [CLUSTER_VARIABLE],
        [
            {
                title: "Nodes Ready",
                kind: "stat",
                width: 6,
                queries: [
                    {
                        expr: `sum by (cluster) (kube_node_status_condition{${IN}, condition="Ready", status="true"})`,
                        legend: "{{cluster}}",
                    },
                ],
            },
            {
                title: "Nodes not Ready",
                kind: "stat",
                width: 6,
                queries: [
                    {
                        expr: `sum by (cluster) (kube_node_status_condition{${IN}, condition="Ready", status!="true"})`,
                        legend: "{{cluster}}",
                    },
                ],
            },
            {
                title: "Pods running",
                kind: "stat",
                width: 6,
                queries: [{ expr: `sum by (cluster) (kube_pod_status_phase{${IN}, phase="Running"})`, legend: "{{cluster}}" }],
            },
            {
                title: "Pods pending or failed",
                kind: "stat",
                width: 6,
                queries: [{ expr: `sum by (cluster) (kube_pod_status_phase{${IN}, phase=~"Pending|Failed"})`, legend: "{{cluster}}" }],
            },
            {
                title: "CPU requested / allocatable",
                unit: "percentunit",
                queries: [
                    {
                        expr: `sum by (cluster) (kube_pod_container_resource_requests{${IN}, resource="cpu"}) / sum by (cluster) (kube_node_status_allocatable{${IN}, resource="cpu"})`,
                        legend: "{{cluster}}",
                    },
                ],
            },
            {
                title: "Memory requested / allocatable",
                unit: "percentunit",
                queries: [
                    {
                        expr: `sum by (cluster) (kube_pod_container_resource_requests{${IN}, resource="memory"}) / sum by (cluster) (kube_node_status_allocatable{${IN}, resource="memory"})`,
                        legend: "{{cluster}}",
                    },
                ],
            },
            {
                title: "CPU used (cores)",
                queries: [
                    { expr: `sum by (cluster) (rate(container_cpu_usage_seconds_total{${IN}, container!=""}[5m]))`, legend: "{{cluster}}" },
                ],
            },
            {
                title: "Container restarts (last hour)",
                queries: [
                    {
                        expr: `topk(10, sum by (cluster, namespace, pod) (increase(kube_pod_container_status_restarts_total{${IN}}[1h])))`,
                        legend: "{{cluster}} {{namespace}}/{{pod}}",
                    },
                ],
            },
            {
                title: "Fullest volumes",
                unit: "percentunit",
                width: 24,
                queries: [
                    {
                        expr: `topk(10, 1 - max by (cluster, namespace, persistentvolumeclaim) (kubelet_volume_stats_available_bytes{${IN}}) / max by (cluster, namespace, persistentvolumeclaim) (kubelet_volume_stats_capacity_bytes{${IN}}))`,
                        legend: "{{cluster}} {{namespace}}/{{persistentvolumeclaim}}",
                    },
                ],
            },
        ],
    );
}
