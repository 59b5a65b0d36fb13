import { SYSTEM_POOL_PLACEMENT } from "../lib/placement";

/** Namespace and service account the autoscaler runs as: the only identity its IAM role trusts. */
export const CLUSTER_AUTOSCALER_ACCOUNT = { namespace: "kube-system", name: "cluster-autoscaler" } as const;

/** How eagerly the autoscaler removes nodes. */
export interface ScaleDownSettings {
    /** How long a node must be unneeded before it is removed (a Go duration such as "10m"). */
    unneededTime: string;
    /** How long after a scale-up before scale-down is considered again (a Go duration). */
    delayAfterAdd: string;
    /** Requests over allocatable (CPU or memory) below which a node counts as unneeded, in (0, 1]. */
    utilizationThreshold: number;
}

/** The autoscaler's behaviour: what the stack config decides per environment and cluster. */
export interface ClusterAutoscalerSettings {
    scaleDown: ScaleDownSettings;
    /** Refuse to remove nodes running pods with local storage (emptyDir, hostPath). */
    skipNodesWithLocalStorage: boolean;
    /** Pods with a priority below this neither trigger scale-up nor hold a node during scale-down. */
    expendablePodsPriorityCutoff: number;
    /** Pods of the Deployment; more than one is a warm standby (leader election). */
    replicas: number;
}

/** A node group as the priority expander sees it: its Auto Scaling groups and whether they are spot. */
export interface ScalableGroup {
    capacityType: "SPOT" | "ON_DEMAND";
    autoScalingGroups: string[];
}

/** Priority of spot groups; higher wins. */
const SPOT_PRIORITY = 50;
/** Everything else: the on-demand fallback when no spot group can fit the pending pods. */
const FALLBACK_PRIORITY = 10;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Tiers for the priority expander, whose regexes match Auto Scaling group names on AWS: the spot
 * groups by their exact names first, then anything. Exact names come from the node groups
 * themselves, so nothing depends on how EKS composes them (it changed once already).
 */
export function expanderPriorities(groups: readonly ScalableGroup[]): Record<string, string[]> {
    const spot = groups
        .filter((group) => group.capacityType === "SPOT")
        .flatMap((group) => group.autoScalingGroups.map((asg) => `^${escapeRegExp(asg)}$`));
    return { ...(spot.length > 0 ? { [SPOT_PRIORITY]: spot } : {}), [FALLBACK_PRIORITY]: [".*"] };
}

export interface ClusterAutoscalerValuesArgs {
    /** The EKS cluster name: auto-discovery finds the groups tagged k8s.io/cluster-autoscaler/<name>. */
    clusterName: string;
    region: string;
    /** The IRSA role the service account is annotated with. */
    roleArn: string;
    /** The autoscaler version from the versions table, e.g. "1.35.0". */
    appVersion: string;
    groups: readonly ScalableGroup[];
    settings: ClusterAutoscalerSettings;
}

/** Helm values of the cluster-autoscaler chart for one cluster. */
export function clusterAutoscalerValues(args: ClusterAutoscalerValuesArgs) {
    const { settings } = args;
    return {
        fullnameOverride: "cluster-autoscaler",
        autoDiscovery: { clusterName: args.clusterName },
        awsRegion: args.region,
        // Pinned from the table: some charts default to the previous minor's image.
        image: { tag: `v${args.appVersion}` },
        rbac: {
            serviceAccount: {
                create: true,
                name: CLUSTER_AUTOSCALER_ACCOUNT.name,
                annotations: { "eks.amazonaws.com/role-arn": args.roleArn },
            },
        },
        replicaCount: settings.replicas,
        priorityClassName: "system-cluster-critical",
        ...SYSTEM_POOL_PLACEMENT,
        podDisruptionBudget: { maxUnavailable: 1 },
        expanderPriorities: expanderPriorities(args.groups),
        extraArgs: {
            // Spot first; among equally preferred groups, the one that wastes the least CPU and memory.
            expander: "priority,least-waste",
            // Spreads scale-ups over alike groups, so that no single group (or spot capacity pool) takes them all.
            "balance-similar-node-groups": true,
            "skip-nodes-with-local-storage": settings.skipNodesWithLocalStorage,
            "expendable-pods-priority-cutoff": settings.expendablePodsPriorityCutoff,
            "scale-down-unneeded-time": settings.scaleDown.unneededTime,
            "scale-down-delay-after-add": settings.scaleDown.delayAfterAdd,
            "scale-down-utilization-threshold": settings.scaleDown.utilizationThreshold,
        },
    };
}
