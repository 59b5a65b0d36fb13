// Live progress of canary releases for the portal's run page: Flagger's status of each Canary, read from its cluster.
export { KubeconfigError, KubernetesClient } from "./kubeApi";
export type { KubernetesClientOptions, KubernetesResponse } from "./kubeApi";
export { KubernetesCanaryStatus, liveStatusOf } from "./kubernetes";
export type { KubeconfigSource, KubernetesCanaryStatusOptions } from "./kubernetes";
export { OFFLINE_NOTE, OfflineCanaryStatus } from "./offline";
export { kubeconfigsFromOutputs, platformStackKubeconfigs } from "./platformKubeconfigs";
export { canaryStatusReader } from "./select";
export { ACTIVE_PHASES } from "./types";
export type { CanaryLiveStatus, CanaryStatusEntry, CanaryStatusReader, CanaryStatusReport } from "./types";
