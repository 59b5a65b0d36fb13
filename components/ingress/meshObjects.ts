import { GATEWAY_SELECTOR } from "./gatewayService";
import type { IngressTls } from "./tls";

/** Mutual TLS between workloads: STRICT refuses plain-text traffic, PERMISSIVE accepts both while workloads join the mesh. */
export type MtlsMode = "STRICT" | "PERMISSIVE";

/** Istio's root namespace: a PeerAuthentication there applies to the whole mesh. */
export const ISTIO_NAMESPACE = "istio-system";
/** Where the ingress gateway runs, apart from the control plane (Istio's recommendation). */
export const GATEWAY_NAMESPACE = "istio-ingress";

/** The spec of the mesh-wide PeerAuthentication (named "default" in the root namespace). */
export function peerAuthenticationSpec(mode: MtlsMode): Record<string, unknown> {
    return { mtls: { mode } };
}

/**
 * The spec of the default Istio Gateway: the configured hosts on the ingress gateway's pods. Applications bind
 * their VirtualServices to it (`gateways: [istio-ingress/default]`).
 */
export function defaultGatewaySpec(domains: readonly string[], tls: IngressTls): Record<string, unknown> {
    const hosts = [...domains];
    const plainHttp = { port: { number: 80, name: "http", protocol: "HTTP" }, hosts };
    switch (tls.terminateAt) {
        case "gateway":
            return {
                selector: GATEWAY_SELECTOR,
                servers: [
                    {
                        port: { number: 443, name: "https", protocol: "HTTPS" },
                        hosts,
                        tls: { mode: "SIMPLE", credentialName: tls.secretName },
                    },
                    { ...plainHttp, tls: { httpsRedirect: true } },
                ],
            };
        case "nlb":
        case "none":
            // With TLS at the NLB the gateway still listens on 80: the NLB's 443 listener forwards decrypted traffic to it.
            return { selector: GATEWAY_SELECTOR, servers: [plainHttp] };
    }
}
