// The Berth component package: what a platform team imports to build its own stacks
// (`import { Cluster, Registry, ClusterAutoscaler } from "<berth>/components"`). Berth's own stacks use it
// through this file only.
export * from "./autoscaling";
export * from "./canary";
export * from "./cluster";
export * from "./dashboard";
export * from "./ingress";
export * from "./logging";
export * from "./monitoring";
export * from "./registry";
export * from "./secrets";
export * from "./workload";
export { refuseBadArgs } from "./lib/argProblems";
export type { ArgProblem } from "./lib/argProblems";
export { ACCOUNT_ID, ROLE_ARN } from "./lib/awsIds";
export { cidrsOverlap, formatCidr, parseCidr, subnetOf } from "./lib/cidr";
export type { Cidr } from "./lib/cidr";
export { addonRelease } from "./lib/helm";
export type { AddonCluster, AddonReleaseArgs } from "./lib/helm";
export { irsaRole, irsaTrustPolicy } from "./lib/irsa";
export type { IrsaRoleArgs, ServiceAccountRef } from "./lib/irsa";
export { internalLoadBalancerService } from "./lib/loadBalancer";
export type { InternalLoadBalancerArgs } from "./lib/loadBalancer";
export { POOL_LABEL, SYSTEM_POOL_PLACEMENT, SYSTEM_TAINT } from "./lib/placement";
export { autoscalerDiscoveryTags, baseTags } from "./lib/tags";
export {
    CHARTS,
    CLUSTER_AUTOSCALER_CHARTS,
    DEFAULT_KUBERNETES_MINOR,
    ELASTIC_STACK_VERSION,
    EKS_ADDONS,
    EKS_ADDON_VERSIONS,
    EKS_CONTROL_PLANE_USD_PER_HOUR,
    KUBERNETES_MINORS,
    clusterAutoscalerChart,
    eksAddonVersion,
    minorSupport,
} from "./lib/versions";
export type { EksAddon, KubernetesMinor, MinorSupport, PinnedChart } from "./lib/versions";
export { gatewayRouteSpec, gatewayUrl, webUiEntrance } from "./lib/webUiEntrance";
export type { WebUiAccess, WebUiEntranceArgs } from "./lib/webUiEntrance";
