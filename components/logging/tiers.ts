import { SYSTEM_POOL_PLACEMENT } from "../lib/placement";

/**
 * Where a tier's pods run. "on-demand" and "spot": a workload pool of that capacity type (the label every Berth
 * node carries; the tainted system pool is never chosen this way). "system": the on-demand system pool itself,
 * tolerating its taint — the cheap choice for a small cluster that has no on-demand workload pool.
 */
export type Capacity = "on-demand" | "spot" | "system";

/** EBS volume types an Elasticsearch tier may store on: SSD (gp3) or throughput-optimised / cold HDD (st1, sc1). */
export type VolumeType = "gp3" | "st1" | "sc1";

/** EBS refuses st1 and sc1 volumes below 125 GiB. */
export const HDD_MIN_GIB = 125;

/** The label the cluster component gives every node: its pool's capacity type (components/cluster/nodePool.ts). */
export const CAPACITY_LABEL = "berth.dev/capacity-type";

/** One tier of Elasticsearch nodes. */
export interface NodeTier {
    /** Nodes (pods) in the tier. */
    count: number;
    /** Memory limit (and request) of each node; half of it is the JVM heap, the rest is the filesystem cache. */
    memoryGiB: number;
    /** CPU cores each node requests; no CPU limit, so that indexing bursts are not throttled. */
    cpu: number;
    /** The data volume of each node. */
    storageGiB: number;
    /** Which nodes the tier runs on. */
    capacity: Capacity;
    /** The data volume's EBS type. */
    volumeType: VolumeType;
}

/** Pod placement (nodeSelector, tolerations) for a capacity. */
export function placementFor(capacity: Capacity): { nodeSelector: Record<string, string>; tolerations: Record<string, string>[] } {
    switch (capacity) {
        case "system":
            return {
                nodeSelector: { ...SYSTEM_POOL_PLACEMENT.nodeSelector },
                tolerations: SYSTEM_POOL_PLACEMENT.tolerations.map((t) => ({ ...t })),
            };
        case "on-demand":
        case "spot":
            return { nodeSelector: { [CAPACITY_LABEL]: capacity }, tolerations: [] };
    }
}

/**
 * The JVM heap for a memory limit: half of it (the other half is the filesystem cache Lucene reads through),
 * never above 31 GiB, where the JVM stops using compressed object pointers and a larger heap holds less.
 */
export function heapMiB(memoryGiB: number): number {
    return Math.min(Math.floor((memoryGiB * 1024) / 2), 31 * 1024);
}

/** The StorageClass a volume type's data volumes are created in: the cluster's default gp3 class, or Berth's HDD class. */
export function storageClassFor(volumeType: VolumeType): string {
    return volumeType;
}
