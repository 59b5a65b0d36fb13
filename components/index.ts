// The Berth component package: what a platform team imports to build its own stacks.
export * as autoscaling from "./autoscaling";
export * as cluster from "./cluster";
export * as registry from "./registry";
export { irsaRole, irsaTrustPolicy } from "./lib/irsa";
export type { IrsaRoleArgs, ServiceAccountRef } from "./lib/irsa";
export { POOL_LABEL, SYSTEM_POOL_PLACEMENT, SYSTEM_TAINT } from "./lib/placement";
export { autoscalerDiscoveryTags, baseTags } from "./lib/tags";
export {
    CHARTS,
    CLUSTER_AUTOSCALER_CHARTS,
    DEFAULT_KUBERNETES_MINOR,
    KUBERNETES_MINORS,
    clusterAutoscalerChart,
    minorSupport,
} from "./lib/versions";
export type { KubernetesMinor, MinorSupport, PinnedChart } from "./lib/versions";
