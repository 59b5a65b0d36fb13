/** How much a Prometheus keeps and what it may use: the chart's Prometheus on every cluster, and the hub's receiver. */
export interface PrometheusSize {
    /** How long samples are kept, as a Prometheus duration ("15d"). */
    retention: string;
    /** The gp3 volume of each replica, in GiB. */
    storageGiB: number;
    /** Replicas, each with its own copy of every series. */
    replicas: number;
    /** CPU request of each replica, as a Kubernetes quantity ("500m"). */
    cpu: string;
    /** Memory request and limit of each replica ("4Gi"): Prometheus holds the last two hours of series in memory. */
    memory: string;
}

export interface Resources {
    requests: { cpu: string; memory: string };
    limits: { cpu: string; memory: string };
}

/** Millicores of a CPU quantity such as "500m", "2" or "1.5"; NaN for anything else. */
export function millicores(quantity: string): number {
    const match = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity);
    if (!match) return Number.NaN;
    return match[2] === "m" ? Number(match[1]) : Number(match[1]) * 1000;
}

/**
 * Requests and limits from a CPU request and a memory size. Memory: limit equal to the request, so the scheduler
 * never places a pod that the node cannot hold. CPU: a limit of four times the request, headroom for the bursts a
 * steady request does not cover (a Prometheus compacting blocks or replaying its WAL after a restart).
 */
export function requestsAndLimits(cpu: string, memory: string): Resources {
    return { requests: { cpu, memory }, limits: { cpu: `${millicores(cpu) * 4}m`, memory } };
}

/**
 * The disk use at which Prometheus deletes its oldest blocks before their retention ends: 85% of the volume, so that
 * compaction and the write-ahead log always have room and a busy cluster loses old data instead of all new data.
 * Prometheus reads "GB" as 2^30 bytes, the unit of the volume's GiB.
 */
export function retentionSize(storageGiB: number): string {
    return `${Math.floor(storageGiB * 0.85)}GB`;
}

/** The volume claim of each replica of a Prometheus or Alertmanager, on the given StorageClass. */
export function volumeClaim(storageClass: string, storageGiB: number): Record<string, unknown> {
    return {
        volumeClaimTemplate: {
            spec: {
                storageClassName: storageClass,
                accessModes: ["ReadWriteOnce"],
                resources: { requests: { storage: `${storageGiB}Gi` } },
            },
        },
    };
}

/** Replicas spread over zones: losing a zone leaves the others' replicas serving. */
export function zoneSpread(matchLabels: Record<string, string>): Record<string, unknown>[] {
    return [
        { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels } },
    ];
}
