/**
 * What a workload gets for every setting it leaves out. The README's "Onboarding an application" lists the same values.
 */
export const WORKLOAD_DEFAULTS = {
    /** The container port the application serves HTTP on. */
    port: 8080,
    /** Two pods survive the loss of a node or a spot interruption; the autoscaler adds more under load. */
    replicas: { min: 2, max: 5 },
    /**
     * Enough for a small web service. Memory: the limit is twice the request, headroom for a burst without letting one
     * pod starve its node. CPU: a limit too, since the namespace's quota counts limits.
     */
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    /** Percent of the application container's requests at which the autoscaler adds pods. */
    autoscaling: { cpuUtilization: 70, memoryUtilization: 80 },
    probes: { readinessPath: "/healthz", livenessPath: "/healthz" },
    routing: {
        paths: ["/"],
        /** The whole request, retries included. */
        timeout: "15s",
        /**
         * Retried only when the request never reached the application (a refused or reset connection, a pod that went
         * away), so that a POST is never sent twice.
         */
        retries: { attempts: 2, perTryTimeout: "5s", retryOn: "connect-failure,refused-stream,unavailable,cancelled" },
    },
    metrics: { port: 9090, path: "/metrics", interval: "30s" },
    spot: true,
} as const;
