export { ClusterAutoscaler } from "./clusterAutoscaler";
export type { AddonTarget, ClusterAutoscalerArgs } from "./clusterAutoscaler";
export { CLUSTER_AUTOSCALER_ACCOUNT, clusterAutoscalerValues, expanderPriorities } from "./clusterAutoscalerValues";
export type { ClusterAutoscalerSettings, ClusterAutoscalerValuesArgs, ScalableGroup, ScaleDownSettings } from "./clusterAutoscalerValues";
export { MetricsServer } from "./metricsServer";
export type { MetricsServerArgs } from "./metricsServer";
export { metricsServerValues } from "./metricsServerValues";
export { clusterAutoscalerPolicy } from "./policy";
