import type { EngineMode } from "../operations/select";
import { berthProject, BerthProject } from "../operations/project";
import { KubernetesCanaryStatus } from "./kubernetes";
import { OfflineCanaryStatus } from "./offline";
import { platformStackKubeconfigs } from "./platformKubeconfigs";
import type { CanaryStatusReader } from "./types";

/** The reader that fits the engine: the clusters' API servers for the Automation API engine; none offline, where no cluster exists. */
export function canaryStatusReader(mode: EngineMode, project: BerthProject = berthProject()): CanaryStatusReader {
    return mode === "automation"
        ? new KubernetesCanaryStatus({ kubeconfigs: platformStackKubeconfigs(project) })
        : new OfflineCanaryStatus();
}
