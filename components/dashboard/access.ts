import type * as pulumi from "@pulumi/pulumi";
import { internalNlbAnnotations } from "../lib/loadBalancer";
import { DASHBOARD_NAMESPACE, HEADLAMP_CONTAINER_PORT, HEADLAMP_POD_LABELS, HEADLAMP_SERVICE } from "./names";

/** How people reach Headlamp. Neither way is public unless the cluster's gateway is. */
export type DashboardAccess =
    /**
     * An internal Network Load Balancer on port 80, admitting the given networks only (the cluster's VPC, its peers, the
     * office VPN). Works on the first deploy: its URL is the NLB's own DNS name. It waits for the load balancer
     * controller, so that destroy removes the NLB before the controller goes.
     */
    | { via: "internal-load-balancer"; allowedCidrs: string[]; loadBalancerController: pulumi.Resource }
    /**
     * A VirtualService on the cluster's default Gateway ("istio-ingress/default") at `host`, which must be one of the
     * gateway's domains and resolve to its load balancer. As public as that gateway: Berth's stack config allows it
     * only on an internal gateway. `https` says whether the gateway's clients use TLS, for the URL.
     */
    | { via: "gateway"; gateway: string; host: string; https: boolean };

/** The internal load balancer Service in front of Headlamp's pods (port 80 to Headlamp's 4466). */
export function dashboardLoadBalancerService(allowedCidrs: readonly string[]): {
    annotations: Record<string, string>;
    spec: Record<string, unknown>;
} {
    return {
        annotations: internalNlbAnnotations(),
        spec: {
            type: "LoadBalancer",
            selector: { ...HEADLAMP_POD_LABELS },
            ports: [{ name: "http", port: 80, targetPort: HEADLAMP_CONTAINER_PORT, protocol: "TCP" }],
            // The NLB's security group admits exactly these networks (see internalNlbAnnotations).
            loadBalancerSourceRanges: [...allowedCidrs],
        },
    };
}

/** The VirtualService spec that routes the host on the default Gateway to the chart's Headlamp Service. */
export function dashboardVirtualServiceSpec(gateway: string, host: string): Record<string, unknown> {
    return {
        hosts: [host],
        gateways: [gateway],
        http: [
            {
                route: [
                    {
                        destination: {
                            host: `${HEADLAMP_SERVICE.name}.${DASHBOARD_NAMESPACE}.svc.cluster.local`,
                            port: { number: HEADLAMP_SERVICE.port },
                        },
                    },
                ],
            },
        ],
    };
}
