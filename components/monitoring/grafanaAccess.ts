/** How people reach Grafana: through the cluster's ingress gateway at a host name, or an internal load balancer. */
export type GrafanaAccess =
    /**
     * A VirtualService on the cluster's default Gateway ("istio-ingress/default"): Grafana is as public as the gateway
     * is. `https` says whether the gateway's clients use TLS (at the NLB or the gateway), for Grafana's own URL.
     */
    | { via: "gateway"; gateway: string; host: string; https: boolean }
    /**
     * An internal Network Load Balancer on port 80 (to Grafana's 3000), reachable from the given networks only. It waits
     * for the hub's load balancer controller.
     */
    | { via: "internal-load-balancer"; allowedCidrs: string[] };
