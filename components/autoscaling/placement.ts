import { POOL_LABEL, SYSTEM_TAINT } from "../cluster";

/**
 * Helm values that put an add-on on the cluster's on-demand system pool: selected by the pool label,
 * tolerating the taint that keeps application pods off it. Platform add-ons must not run on spot
 * nodes, which the autoscaler itself removes.
 */
export const SYSTEM_POOL_PLACEMENT = {
    nodeSelector: { [POOL_LABEL]: "system" },
    tolerations: [{ key: SYSTEM_TAINT.key, operator: "Equal", value: SYSTEM_TAINT.value, effect: SYSTEM_TAINT.effect }],
};
