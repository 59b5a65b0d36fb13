import type * as k8s from "@pulumi/kubernetes";

/**
 * The node label the cluster component gives every node: the capacity type of its pool, "spot" or "on-demand"
 * (components/cluster/nodePool.ts, `poolLabels`).
 */
export const CAPACITY_TYPE_LABEL = "berth.dev/capacity-type";

/**
 * Where a workload's pods may run. Spot pools carry no taint, so a spot-tolerant workload needs no toleration: it
 * prefers spot nodes (the cheaper capacity) and takes on-demand ones when spot is short. A workload that opts out of
 * spot (a singleton, a slow-starting service that a two-minute interruption notice would hurt) runs on on-demand nodes
 * only. Neither lands on the system pool, whose taint it does not tolerate.
 */
export function capacityAffinity(spot: boolean): k8s.types.input.core.v1.Affinity {
    const capacity = (type: string) => ({ matchExpressions: [{ key: CAPACITY_TYPE_LABEL, operator: "In", values: [type] }] });
    return spot
        ? { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: capacity("spot") }] } }
        : { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [capacity("on-demand")] } } };
}

/**
 * Pods spread over zones, then over nodes: losing a zone or a node (a spot interruption) takes only its share. A
 * preference, not a rule: when one zone has no capacity (spot is short there), a pod placed unevenly serves, a pending
 * one does not. Counted per ReplicaSet (`pod-template-hash`), so that a rollout's new pods spread among themselves.
 */
export function topologySpread(selector: Record<string, string>): k8s.types.input.core.v1.TopologySpreadConstraint[] {
    return ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].map((topologyKey) => ({
        maxSkew: 1,
        topologyKey,
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { ...selector } },
        matchLabelKeys: ["pod-template-hash"],
    }));
}
