/**
 * Where platform add-ons run: the cluster's on-demand `system` pool, which the cluster component
 * labels and taints, and whose nodes the autoscaler never reclaims as it does spot ones.
 */

/** Label every node carries: the pool it belongs to. */
export const POOL_LABEL = "berth.dev/pool";

/** Taint that keeps application pods off the system pool; platform add-ons tolerate it. */
export const SYSTEM_TAINT = { key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" } as const;

/** Helm values (nodeSelector, tolerations) that put an add-on's pods on the system pool. */
export const SYSTEM_POOL_PLACEMENT = {
    nodeSelector: { [POOL_LABEL]: "system" },
    tolerations: [{ key: SYSTEM_TAINT.key, operator: "Equal", value: SYSTEM_TAINT.value, effect: SYSTEM_TAINT.effect }],
};
