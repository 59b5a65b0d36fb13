import type { PeeringPort } from "../cluster/peering";
import { PROMETHEUS_PORT } from "./names";

/** The port spokes send their series to the hub on: the peering admits it, and nothing else of the receiver. */
export const METRICS_RECEIVER_PORT: PeeringPort = {
    name: "metrics",
    port: PROMETHEUS_PORT,
    description: "Prometheus remote-write from the peered VPC to the hub's metrics receiver",
};

/** The remote-write endpoint of one receiver replica, reached at `host` (a Service's DNS name or an NLB's). */
export function remoteWriteUrl(host: string): string {
    return `http://${host}:${PROMETHEUS_PORT}/api/v1/write`;
}

/**
 * The remote-write section of a cluster's Prometheus: one entry per receiver replica, so that every replica of the
 * receiver holds every series and Grafana reads the same data whichever replica answers.
 *
 * Only the first replica of the sender writes: its replicas scrape the same targets, and two copies of a series whose
 * samples differ slightly would be stored twice (with distinct replica labels) and double every sum on a dashboard.
 * Write relabelling sees the external labels (Prometheus applies it after them), so it can keep the replica whose
 * pod name ends in -0, then drop the label. While that pod restarts, the hub's view of the cluster has a gap; the
 * cluster's own alerting does not depend on it.
 */
export function remoteWriteSpecs(urls: readonly string[]): Record<string, unknown>[] {
    return urls.map((url) => ({
        url,
        writeRelabelConfigs: [
            { sourceLabels: ["prometheus_replica"], regex: ".+-0", action: "keep" },
            { regex: "prometheus_replica", action: "labeldrop" },
        ],
    }));
}
