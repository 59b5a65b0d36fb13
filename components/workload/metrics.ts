import { selectorLabels } from "./settings";

/**
 * A PeerAuthentication for the application's pods that accepts plain-text connections on the metrics port only.
 * Prometheus runs outside the mesh and has no mesh certificate: under the mesh's STRICT mutual TLS the sidecar would
 * refuse its scrapes. Every other port keeps the mesh's mode. `podSelector` widens it to every version's pods under
 * canary releases (`everyVersionSelector`).
 */
export function metricsPeerAuthenticationSpec(
    application: string,
    metricsPort: number,
    podSelector: Record<string, string> = selectorLabels(application),
): Record<string, unknown> {
    return { selector: { matchLabels: { ...podSelector } }, portLevelMtls: { [String(metricsPort)]: { mode: "PERMISSIVE" } } };
}
