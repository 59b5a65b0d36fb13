import { nlbAnnotations } from "../lib/loadBalancer";
import type { IngressScheme, IngressTls } from "./tls";

/** The labels the Istio gateway chart gives its pods for the release name `istio-ingressgateway`. */
export const GATEWAY_SELECTOR = { istio: "ingressgateway" } as const;

const ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer";

export interface GatewayServicePort {
    name: string;
    port: number;
    /** The gateway pod's port: 80 serves plain HTTP, 443 TLS the gateway terminates. */
    targetPort: number;
    protocol: "TCP";
}

/**
 * The annotations and ports of the gateway's LoadBalancer Service, as the AWS Load Balancer Controller reads them:
 * a Network Load Balancer of the configured scheme, health-checked on the gateway's readiness port.
 */
export function gatewayService(
    scheme: IngressScheme,
    tls: IngressTls,
): { annotations: Record<string, string>; ports: GatewayServicePort[] } {
    const annotations: Record<string, string> = {
        ...nlbAnnotations(scheme),
        // Envoy's readiness endpoint: the NLB stops sending to a pod that is draining, before it closes connections.
        [`${ANNOTATION}-healthcheck-port`]: "15021",
        [`${ANNOTATION}-healthcheck-protocol`]: "http",
        [`${ANNOTATION}-healthcheck-path`]: "/healthz/ready",
    };
    const http: GatewayServicePort = { name: "http", port: 80, targetPort: 80, protocol: "TCP" };
    switch (tls.terminateAt) {
        case "nlb":
            // Only 443 is exposed: the NLB cannot redirect plain HTTP, and a listener that serves it unencrypted is worse.
            return {
                annotations: { ...annotations, [`${ANNOTATION}-ssl-cert`]: tls.certificateArn, [`${ANNOTATION}-ssl-ports`]: "https" },
                ports: [{ name: "https", port: 443, targetPort: 80, protocol: "TCP" }],
            };
        case "gateway":
            return { annotations, ports: [http, { name: "https", port: 443, targetPort: 443, protocol: "TCP" }] };
        case "none":
            return { annotations, ports: [http] };
    }
}
