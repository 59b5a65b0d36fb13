import { SYSTEM_POOL_PLACEMENT } from "../lib/placement";
import { IMAGES } from "../lib/versions";
import { PROMETHEUS_PORT, RECEIVER_NAME } from "./names";
import { PrometheusSize, requestsAndLimits, retentionSize, volumeClaim, zoneSpread } from "./sizing";

/** Labels the operator gives every pod of the receiver, whatever its replica. */
const RECEIVER_POD_LABELS = { "app.kubernetes.io/name": "prometheus", "operator.prometheus.io/name": RECEIVER_NAME };

/**
 * The spec of the hub's metrics receiver: a Prometheus that takes remote-write from every cluster's Prometheus (the
 * hub's own included) and answers Grafana's queries. It scrapes nothing and evaluates no rules (its selectors are
 * left unset, which selects no ServiceMonitor and no PrometheusRule): alerting stays with each cluster, so an outage
 * is alerted once, by the cluster that sees it, and still when the peering to the hub is down.
 */
export function receiverSpec(size: PrometheusSize, storageClass: string): Record<string, unknown> {
    return {
        image: IMAGES.prometheus,
        version: IMAGES.prometheus.split(":")[1].replace(/-distroless$/, ""),
        replicas: size.replicas,
        enableRemoteWriteReceiver: true,
        retention: size.retention,
        retentionSize: retentionSize(size.storageGiB),
        storage: volumeClaim(storageClass, size.storageGiB),
        resources: requestsAndLimits(size.cpu, size.memory),
        ...SYSTEM_POOL_PLACEMENT,
        topologySpreadConstraints: zoneSpread(RECEIVER_POD_LABELS),
        securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            runAsGroup: 2000,
            fsGroup: 2000,
            seccompProfile: { type: "RuntimeDefault" },
        },
    };
}

/** The Service in front of one replica of the receiver: every sender writes to each replica through its own. */
export function receiverServiceName(replica: number): string {
    return `${RECEIVER_NAME}-${replica}`;
}

/**
 * The pods of one receiver replica: the StatefulSet controller labels each pod with its index (GA since Kubernetes
 * 1.32, the oldest minor Berth supports).
 */
export function receiverReplicaSelector(replica: number): Record<string, string> {
    return { ...RECEIVER_POD_LABELS, "apps.kubernetes.io/pod-index": String(replica) };
}

/** The Service Grafana queries: any replica, as each holds every series. */
export function receiverQuerySelector(): Record<string, string> {
    return { ...RECEIVER_POD_LABELS };
}

export const RECEIVER_SERVICE_PORT = { name: "http-web", port: PROMETHEUS_PORT, targetPort: PROMETHEUS_PORT, protocol: "TCP" } as const;
