import { internalNlbAnnotations } from "../lib/loadBalancer";
import { GRAFANA_POD_LABELS, GRAFANA_SERVICE, MONITORING_NAMESPACE } from "./names";

/** How people reach Grafana: through the cluster's ingress gateway at a host name, or an internal load balancer. */
export type GrafanaAccess =
    /**
     * A VirtualService on the cluster's default Gateway ("istio-ingress/default"): Grafana is as public as the gateway
     * is. `https` says whether the gateway's clients use TLS (at the NLB or the gateway), for Grafana's own URL.
     */
    | { via: "gateway"; gateway: string; host: string; https: boolean }
    /** An internal Network Load Balancer on port 80, reachable from the given networks only. */
    | { via: "internal-load-balancer"; allowedCidrs: string[] };

/** The VirtualService spec that routes the host on the default Gateway to the chart's Grafana Service. */
export function grafanaVirtualServiceSpec(gateway: string, host: string): Record<string, unknown> {
    return {
        hosts: [host],
        gateways: [gateway],
        http: [
            {
                route: [{ destination: { host: `${GRAFANA_SERVICE}.${MONITORING_NAMESPACE}.svc.cluster.local`, port: { number: 80 } } }],
            },
        ],
    };
}

/** The internal load balancer Service in front of Grafana's pods (port 80 to Grafana's 3000). */
export function grafanaLoadBalancerService(allowedCidrs: readonly string[]): {
    annotations: Record<string, string>;
    spec: Record<string, unknown>;
} {
    return {
        annotations: internalNlbAnnotations(),
        spec: {
            type: "LoadBalancer",
            selector: { ...GRAFANA_POD_LABELS },
            ports: [{ name: "http", port: 80, targetPort: 3000, protocol: "TCP" }],
            loadBalancerSourceRanges: [...allowedCidrs],
        },
    };
}
