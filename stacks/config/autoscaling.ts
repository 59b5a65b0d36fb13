import { z } from "zod";
import type { Environment } from "./defaults";
import { wholeNumber } from "./partial";

/** cluster-autoscaler and metrics-server settings of one cluster, every field resolved. */
export interface AutoscalingConfig {
    scaleDown: {
        /** How long a node must be unneeded before it is removed (Go duration). */
        unneededTime: string;
        /** How long after a scale-up before any scale-down (Go duration). */
        delayAfterAdd: string;
        /** Requested share of a node's CPU or memory below which it counts as unneeded. */
        utilizationThreshold: number;
    };
    skipNodesWithLocalStorage: boolean;
    expendablePodsPriorityCutoff: number;
    /** Replicas of cluster-autoscaler and of metrics-server. */
    replicas: number;
}

const SHARED = {
    // false: platform pods (metrics-server, sidecars, log shippers) keep scratch data in emptyDir, and with
    // upstream's true almost no node would ever be removed. A pod whose local data must survive pins its
    // node with the annotation cluster-autoscaler.kubernetes.io/safe-to-evict: "false".
    skipNodesWithLocalStorage: false,
    // Upstream's -10: overprovisioning placeholder pods (priority -1) still add nodes, and batch work that
    // opts into a priority below -10 never adds a node nor keeps one alive.
    expendablePodsPriorityCutoff: -10,
};

/** Per-environment defaults; the README's config reference lists the same values. */
export const AUTOSCALING_DEFAULTS: Record<Environment, AutoscalingConfig> = {
    // dev pays for every idle node and nobody minds a pod being rescheduled: remove nodes soon after the
    // load is gone, and count a node as unneeded up to 60% requested.
    dev: { scaleDown: { unneededTime: "5m", delayAfterAdd: "5m", utilizationThreshold: 0.6 }, ...SHARED, replicas: 1 },
    // prod keeps capacity through bursts and avoids churning pods (and spot capacity) on every dip; a second
    // replica of each add-on takes over when the node under the first is drained.
    prod: { scaleDown: { unneededTime: "15m", delayAfterAdd: "15m", utilizationThreshold: 0.5 }, ...SHARED, replicas: 2 },
};

// A Go duration as the autoscaler's flags take it, in whole hours, minutes and seconds: "90s", "1h30m".
const duration = z.string().regex(/^(?=.)(\d+h)?(\d+m)?(\d+s)?$/, { error: 'must be a duration such as "10m", "90s" or "1h30m"' });

/**
 * `platform:autoscaling` (the environment) and `clusters[].autoscaling` (one cluster) take the same
 * keys, all optional: a cluster's value wins over the environment's, which wins over the default.
 */
export const autoscalingSchema = z.strictObject({
    scaleDown: z
        .strictObject({
            unneededTime: duration.optional(),
            delayAfterAdd: duration.optional(),
            utilizationThreshold: z
                .number()
                .gt(0, { error: "must be > 0 and <= 1: the requested share of a node's CPU or memory" })
                .max(1, { error: "must be > 0 and <= 1: the requested share of a node's CPU or memory" })
                .optional(),
        })
        .optional(),
    skipNodesWithLocalStorage: z.boolean().optional(),
    expendablePodsPriorityCutoff: wholeNumber().optional(),
    replicas: wholeNumber().min(1).max(5).optional(),
});

export type AutoscalingOverrides = z.output<typeof autoscalingSchema>;

/** The environment's defaults overlaid with each given layer in turn (environment, then cluster). */
export function resolveAutoscaling(environment: Environment, ...layers: (AutoscalingOverrides | undefined)[]): AutoscalingConfig {
    return layers.reduce<AutoscalingConfig>(
        (resolved, layer) => ({
            scaleDown: { ...resolved.scaleDown, ...layer?.scaleDown },
            skipNodesWithLocalStorage: layer?.skipNodesWithLocalStorage ?? resolved.skipNodesWithLocalStorage,
            expendablePodsPriorityCutoff: layer?.expendablePodsPriorityCutoff ?? resolved.expendablePodsPriorityCutoff,
            replicas: layer?.replicas ?? resolved.replicas,
        }),
        AUTOSCALING_DEFAULTS[environment],
    );
}
