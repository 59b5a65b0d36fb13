/**
 * The checks of every canary analysis, as Flagger MetricTemplates: the new version's success rate and its 99th
 * percentile latency, from the Istio metrics the mesh's Envoys export (istio_requests_total and
 * istio_request_duration_milliseconds_bucket, scraped by the monitoring's `istio-proxies` PodMonitor).
 *
 * Flagger queries the hub's metrics receiver, which holds the series of every cluster of the environment. Flagger's
 * built-in checks select no cluster, so an application rolled out on two clusters at once would be judged on both
 * canaries together: each cluster's templates select its own series by the `cluster` label every Prometheus adds.
 * The new version's pods are those of the Deployment itself (`{{ target }}`); Flagger's copy of the released version
 * is `<target>-primary`, which an exact match leaves out. Only the destination's sidecar reports: its figures include
 * requests that came from outside the mesh, and count each request once.
 */

/** A reference to one MetricTemplate, as a Canary's check names it. */
export interface MetricTemplateRef {
    name: string;
    namespace: string;
}

/** The checks every canary runs, by the name the Canary gives them. */
export interface CanaryChecks {
    successRate: MetricTemplateRef;
    latency: MetricTemplateRef;
}

/** MetricTemplate names in Flagger's namespace; not Flagger's built-in names, which would hide which query runs. */
export const METRIC_TEMPLATE_NAMES = { successRate: "berth-request-success-rate", latency: "berth-request-duration-p99" } as const;

/**
 * The shortest range a check's rate may cover: two scrapes of the mesh's Envoys (every 30s, `meshPodMonitorSpec`), so
 * that `rate()` always has two samples. An analysis interval shorter than this still queries this range.
 */
export const METRICS_WINDOW_SECONDS = 60;

/** The new version's requests, as its own sidecars report them, on one cluster. */
function newVersionRequests(cluster: string, extra = ""): string {
    return `cluster="${cluster}",reporter="destination",destination_workload_namespace="{{ namespace }}",destination_workload="{{ target }}"${extra}`;
}

/** Percent of the new version's requests that did not end in a 5xx response over the check's interval. */
export function successRateQuery(cluster: string): string {
    const rate = (labels: string) => `sum(rate(istio_requests_total{${labels}}[{{ interval }}]))`;
    return `${rate(newVersionRequests(cluster, `,response_code!~"5.*"`))} / ${rate(newVersionRequests(cluster))} * 100`;
}

/** The new version's 99th-percentile request duration, in milliseconds, over the check's interval. */
export function latencyQuery(cluster: string): string {
    return `histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${newVersionRequests(cluster)}}[{{ interval }}])))`;
}

/** The spec of a MetricTemplate that runs `query` against the Prometheus at `address`. */
export function metricTemplateSpec(address: string, query: string): Record<string, unknown> {
    return { provider: { type: "prometheus", address }, query };
}
