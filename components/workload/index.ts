export { autoscalerSpec, disruptionBudgetSpec } from "./availability";
export { workloadCanary } from "./canary";
export type { WorkloadCanaryArgs } from "./canary";
export { WORKLOAD_DEFAULTS } from "./defaults";
export { deploymentSpec, PORT_NAMES } from "./deployment";
export { IMAGE_DIGEST, IMAGE_TAG, imageReference, isRepository, namesRegistryHost } from "./image";
export type { WorkloadImage } from "./image";
export { metricsPeerAuthenticationSpec } from "./metrics";
export { APPLICATION_NAME, applicationNameProblem, RESERVED_NAMESPACES } from "./names";
export {
    limitRangeSpec,
    mebibytes,
    podsAtMostDuringCanary,
    podsAtMostDuringRollout,
    resourceQuotaSpec,
    SIDECAR_RESOURCES,
    WORKLOAD_MEMORY,
} from "./quota";
export type { Compute, ContainerResources } from "./quota";
export { virtualServiceSpec } from "./routing";
export { capacityAffinity, CAPACITY_TYPE_LABEL, topologySpread } from "./scheduling";
export { ENV_NAME, secretEnv } from "./secrets";
export type { SecretReference } from "./secrets";
export { podSecurityContext, restrictedContainerSecurityContext } from "./securityContext";
export { SERVICE_PORT, serviceHost, serviceSpec } from "./service";
export { applicationLabels, everyVersionSelector, selectorLabels, workloadSettings } from "./settings";
export type { WorkloadSettings } from "./settings";
export { ISTIO_DURATION, ISTIO_PORTS, portProblem, URI_PATH, workloadArgProblems } from "./validate";
export { Workload } from "./workload";
export type { WorkloadArgs, WorkloadIngress } from "./workload";
