/**
 * The spec of the PodMonitor that scrapes every Envoy of the mesh, sidecars and gateways alike, on the port Istio names
 * http-envoy-prom (15090). Envoy serves it itself, outside the mesh's mutual TLS, so Prometheus needs no certificate.
 * These are the series of the golden-signals dashboard (istio_requests_total, istio_request_duration_milliseconds).
 */
export function meshPodMonitorSpec(): Record<string, unknown> {
    return {
        selector: {},
        namespaceSelector: { any: true },
        jobLabel: "app",
        podMetricsEndpoints: [{ port: "http-envoy-prom", path: "/stats/prometheus", interval: "30s" }],
    };
}
