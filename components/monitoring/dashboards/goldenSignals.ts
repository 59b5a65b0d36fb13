import { CLUSTER_VARIABLE, dashboard } from "./dashboard";

const SERVER = 'reporter="destination", cluster=~"$cluster", destination_workload_namespace=~"$namespace"';
const PODS = 'cluster=~"$cluster", namespace=~"$namespace"';

/**
 * The four golden signals of every workload in the mesh: traffic, errors and latency as the receiving sidecar sees
 * them (Istio's standard metrics), saturation from the containers' CPU and memory against their limits.
 */
export function goldenSignalsDashboard(): Record<string, unknown> {
    return dashboard(
        "berth-golden-signals",
        "Berth / Workload golden signals",
        [CLUSTER_VARIABLE, { name: "namespace", label: "namespace", metric: "kube_pod_info", matchers: 'cluster=~"$cluster"' }],
        [
            {
                title: "Traffic (requests per second)",
                unit: "reqps",
                queries: [
                    {
                        expr: `sum by (cluster, destination_workload_namespace, destination_workload) (rate(istio_requests_total{${SERVER}}[5m]))`,
                        legend: "{{cluster}} {{destination_workload_namespace}}/{{destination_workload}}",
                    },
                ],
            },
            {
                title: "Errors (share of 5xx responses)",
                unit: "percentunit",
                queries: [
                    {
                        expr: `sum by (cluster, destination_workload_namespace, destination_workload) (rate(istio_requests_total{${SERVER}, response_code=~"5.."}[5m])) / sum by (cluster, destination_workload_namespace, destination_workload) (rate(istio_requests_total{${SERVER}}[5m]))`,
                        legend: "{{cluster}} {{destination_workload_namespace}}/{{destination_workload}}",
                    },
                ],
            },
            {
                title: "Latency (99th percentile)",
                unit: "ms",
                queries: [
                    {
                        expr: `histogram_quantile(0.99, sum by (cluster, destination_workload_namespace, destination_workload, le) (rate(istio_request_duration_milliseconds_bucket{${SERVER}}[5m])))`,
                        legend: "{{cluster}} {{destination_workload_namespace}}/{{destination_workload}}",
                    },
                ],
            },
            {
                title: "Saturation (CPU used / limit)",
                unit: "percentunit",
                queries: [
                    {
                        expr: `sum by (cluster, namespace, pod) (rate(container_cpu_usage_seconds_total{${PODS}, container!=""}[5m])) / sum by (cluster, namespace, pod) (kube_pod_container_resource_limits{${PODS}, resource="cpu"})`,
                        legend: "{{cluster}} {{namespace}}/{{pod}}",
                    },
                ],
            },
            {
                title: "Saturation (memory used / limit)",
                unit: "percentunit",
                width: 24,
                queries: [
                    {
                        expr: `sum by (cluster, namespace, pod) (container_memory_working_set_bytes{${PODS}, container!=""}) / sum by (cluster, namespace, pod) (kube_pod_container_resource_limits{${PODS}, resource="memory"})`,
                        legend: "{{cluster}} {{namespace}}/{{pod}}",
                    },
                ],
            },
        ],
    );
}
