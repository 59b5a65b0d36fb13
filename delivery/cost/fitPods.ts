import { codeUnitOrder } from "../codeUnitOrder";
import type { PinnedPods, Toleration } from "./pinnedWorkloads";

/** A node pool as far as scheduling goes. */
export interface PoolShape {
    name: string;
    labels: Record<string, string>;
    /** Effects as Kubernetes spells them (NoSchedule, NoExecute, PreferNoSchedule). */
    taints: { key: string; value?: string; effect: string }[];
    /** What pods can request on one node; undefined when the instance type's size is unknown. */
    allocatable?: { cpu: number; memoryGiB: number };
    /** A node's price an hour: a new node goes to the cheapest pool that admits the pod, as the autoscaler's expanders prefer. */
    hourly: number;
}

export interface Fit {
    /** Nodes per pool once every pinned pod has a place. */
    counts: Map<string, number>;
    /** Pod groups that fit no pool, each with the reason. */
    unplaced: string[];
}

/** Whether a pool's nodes admit a pod: its nodeSelector matches their labels and it tolerates every blocking taint. */
export function admits(pool: PoolShape, pods: Pick<PinnedPods, "nodeSelector" | "tolerations">): boolean {
    const selected = Object.entries(pods.nodeSelector).every(([key, value]) => pool.labels[key] === value);
    const blocking = pool.taints.filter((taint) => taint.effect === "NoSchedule" || taint.effect === "NoExecute");
    return selected && blocking.every((taint) => pods.tolerations.some((t) => tolerates(t, taint)));
}

function tolerates(t: Toleration, taint: PoolShape["taints"][number]): boolean {
    if (t.effect !== undefined && t.effect !== "" && t.effect !== taint.effect) return false;
    if (t.operator === "Exists") return t.key === undefined || t.key === "" || t.key === taint.key;
    return t.key === taint.key && (t.value ?? "") === (taint.value ?? "");
}

interface Node {
    pool: string;
    cpu: number;
    memoryGiB: number;
}

/**
 * First-fit decreasing: the largest pods first, each on the first node of a pool that admits it with room left
 * (the pools' `start` nodes first, taken as free: what else runs there is not in the plan), else on a new node of the
 * cheapest such pool. Returns the nodes each pool then has.
 */
export function fitPinnedPods(pools: PoolShape[], start: ReadonlyMap<string, number>, groups: PinnedPods[]): Fit {
    const nodes: Node[] = pools.flatMap((pool) =>
        pool.allocatable ? Array.from({ length: start.get(pool.name) ?? 0 }, () => ({ pool: pool.name, ...pool.allocatable! })) : [],
    );
    const unplaced: string[] = [];
    const pods = groups
        .flatMap((group) => Array.from({ length: group.replicas }, () => group))
        .sort((a, b) => b.memoryGiB - a.memoryGiB || b.cpu - a.cpu || codeUnitOrder(a.name, b.name));
    for (const pod of pods) {
        const candidates = pools.filter((pool) => admits(pool, pod));
        const sized = candidates.filter((pool) => pool.allocatable !== undefined);
        const fits = (node: { cpu: number; memoryGiB: number }) => node.cpu >= pod.cpu && node.memoryGiB >= pod.memoryGiB;
        const existing = nodes.find((node) => sized.some((pool) => pool.name === node.pool) && fits(node));
        const cheapest = [...sized]
            .sort((a, b) => a.hourly - b.hourly || codeUnitOrder(a.name, b.name))
            .find((pool) => fits(pool.allocatable!));
        const target = existing ?? (cheapest ? { pool: cheapest.name, ...cheapest.allocatable! } : undefined);
        if (target && !existing) nodes.push(target);
        if (target) {
            target.cpu -= pod.cpu;
            target.memoryGiB -= pod.memoryGiB;
            continue;
        }
        const reason =
            candidates.length === 0
                ? "no node pool admits it (nodeSelector and taints)"
                : sized.length === 0
                  ? "the instance types of the pools that admit it have no size in the price file"
                  : "it requests more than one node of the pools that admit it offers";
        const line = `${pod.name}: ${reason}`;
        if (!unplaced.includes(line)) unplaced.push(line);
    }
    const counts = new Map(pools.map((pool) => [pool.name, nodes.filter((node) => node.pool === pool.name).length]));
    // A pool whose size is unknown keeps its starting count.
    for (const pool of pools) if (!pool.allocatable) counts.set(pool.name, start.get(pool.name) ?? 0);
    return { counts, unplaced };
}
