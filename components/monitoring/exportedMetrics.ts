/** What produces a metric, and so what must run and be scraped for an alert or a panel on it to ever have data. */
export type MetricSource =
    /** kube-state-metrics, a subchart of kube-prometheus-stack (node labels as allowed by its metricLabelsAllowlist). */
    | "kube-state-metrics"
    /** The kubelet of every node, scraped by the chart's kubelet ServiceMonitor. */
    | "kubelet"
    /** cAdvisor, inside the kubelet, scraped by the same ServiceMonitor on /metrics/cadvisor. */
    | "cadvisor"
    /** cluster-autoscaler, scraped through the ServiceMonitor the platform declares for it. */
    | "cluster-autoscaler"
    /** Berth's blackbox exporter, probing the gateway's TLS certificate (the gateway-tls Probe). */
    | "blackbox-exporter"
    /** The Envoy proxies of the mesh (sidecars and the ingress gateway), scraped through Berth's PodMonitor. */
    | "istio-proxy";

/**
 * Every metric Berth's alerts and dashboards read, with the component that exports it (names as these versions
 * export them: kube-state-metrics 2.x, kubelet and cAdvisor of Kubernetes 1.32+, cluster-autoscaler 1.32+,
 * blackbox_exporter 0.27, Istio 1.30). A rule on a metric nobody exports never fires; the tests hold every
 * expression to this table.
 */
export const EXPORTED_METRICS: Readonly<Record<string, MetricSource>> = {
    kube_node_info: "kube-state-metrics",
    kube_node_labels: "kube-state-metrics",
    kube_node_status_condition: "kube-state-metrics",
    kube_node_status_allocatable: "kube-state-metrics",
    kube_node_spec_unschedulable: "kube-state-metrics",
    kube_pod_info: "kube-state-metrics",
    kube_pod_status_phase: "kube-state-metrics",
    kube_pod_container_status_waiting_reason: "kube-state-metrics",
    kube_pod_container_status_restarts_total: "kube-state-metrics",
    kube_pod_container_resource_requests: "kube-state-metrics",
    kube_pod_container_resource_limits: "kube-state-metrics",
    kube_deployment_spec_replicas: "kube-state-metrics",
    kube_deployment_status_replicas_available: "kube-state-metrics",
    kube_statefulset_replicas: "kube-state-metrics",
    kube_statefulset_status_replicas_ready: "kube-state-metrics",
    kubelet_volume_stats_available_bytes: "kubelet",
    kubelet_volume_stats_capacity_bytes: "kubelet",
    container_cpu_usage_seconds_total: "cadvisor",
    container_memory_working_set_bytes: "cadvisor",
    cluster_autoscaler_failed_scale_ups_total: "cluster-autoscaler",
    cluster_autoscaler_unschedulable_pods_count: "cluster-autoscaler",
    probe_ssl_earliest_cert_expiry: "blackbox-exporter",
    istio_requests_total: "istio-proxy",
    istio_request_duration_milliseconds_bucket: "istio-proxy",
};
