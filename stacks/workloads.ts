import type { Cluster, Ingress, Monitoring, Registry, WorkloadArgs } from "../components";
import { namesRegistryHost } from "../components";
import type { WorkloadConfig } from "./config/workloads";

/**
 * One application on one cluster: the cluster's ingress and monitoring, and its image from the registry's copy in the
 * cluster's own region (pulls stay in-region), unless the config names a repository of another registry.
 */
export function workloadArgs(
    workload: WorkloadConfig,
    cluster: Cluster,
    ingress: Ingress,
    monitoring: Monitoring,
    registry: Registry | undefined,
): WorkloadArgs {
    const { name, clusters: _clusters, image, ...settings } = workload;
    const repository = namesRegistryHost(image.repository)
        ? image.repository
        : registry?.repositoryUrls[image.repository]?.[cluster.region];
    if (repository === undefined) {
        // The stack config refuses a repository the registry does not have; reaching this is a bug in that rule.
        throw new Error(`workload ${name}: the registry has no repository ${image.repository} in ${cluster.region}`);
    }
    return { ingress, monitoring, application: name, image: { ...image, repository }, ...settings };
}
