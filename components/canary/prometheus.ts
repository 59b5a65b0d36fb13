import { MONITORING_NAMESPACE, PROMETHEUS_PORT, RECEIVER_NAME } from "../monitoring/names";

/**
 * The hub's metrics receiver as Flagger queries it on the hub itself: its query Service, the same one Grafana reads.
 */
export function hubReceiverQueryUrl(): string {
    return `http://${RECEIVER_NAME}.${MONITORING_NAMESPACE}:${PROMETHEUS_PORT}`;
}

/**
 * The hub's metrics receiver as Flagger queries it from a spoke: through the internal load balancer the spoke writes
 * its series to (a `Monitoring.remoteWriteUrls` entry), across the peering. Prometheus answers queries and receives
 * remote-write on the same port, which the peering already admits (`METRICS_RECEIVER_PORT`).
 */
export function receiverQueryUrl(remoteWriteUrl: string): string {
    return new URL(remoteWriteUrl).origin;
}
