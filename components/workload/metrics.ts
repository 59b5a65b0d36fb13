import { selectorLabels } from "./settings";

/**
 * A PeerAuthentication for the application's pods that accepts plain-text connections on the metrics port only.
 * Prometheus runs outside the mesh and has no mesh certificate: under the mesh's STRICT mutual TLS the sidecar would
 * refuse its scrapes. Every other port keeps the mesh's mode.
 */
export function metricsPeerAuthenticationSpec(application: string, metricsPort: number): Record<string, unknown> {
    return { selector: { matchLabels: selectorLabels(application) }, portLevelMtls: { [String(metricsPort)]: { mode: "PERMISSIVE" } } };
}
