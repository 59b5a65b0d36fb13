import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Cluster, Registry, RegistryArgs } from "../components";
import type { Environment, RegistryConfig } from "./config";

/** What the stack exports about the registry. */
export interface RegistryOutputs {
    /** Repository URL per application and region: clusters pull from their own region's. */
    repositories: Record<string, Record<string, pulumi.Output<string>>>;
    /** The role CI assumes to push (e.g. aws-actions/configure-aws-credentials' role-to-assume). */
    ciRoleArn?: pulumi.Output<string>;
}

/** The registry of one environment: in the hub's region, pulled from by every cluster, replicated to their regions. */
export function registryArgs(
    config: RegistryConfig,
    environment: Environment,
    hub: Cluster,
    clusters: Cluster[],
    providers: Record<string, aws.Provider>,
): RegistryArgs {
    return {
        homeRegion: hub.region,
        providers,
        clusters: clusters.map((cluster) => ({ name: cluster.clusterName, region: cluster.region, nodeRoleArn: cluster.nodeRoleArn })),
        repositories: config.repositories.map((repository) => repository.name),
        namePrefix: config.namePrefix,
        scanning: config.scanning,
        immutableTags: config.immutableTags,
        lifecycle: config.lifecycle,
        ci: config.ci?.githubOidc
            ? { githubOidc: config.ci.githubOidc }
            : config.ci?.pushRoleArn
              ? { pushRoleArn: config.ci.pushRoleArn }
              : undefined,
        pullThroughCache: config.pullThroughCache,
        // dev is torn down and rebuilt; prod's images outlive any one deployment.
        retain: environment === "prod",
    };
}

/** An environment without a registry exports no repositories (an undefined output would draw an engine warning). */
export function registryOutputs(registry: Registry | undefined): RegistryOutputs {
    if (!registry) {
        return { repositories: {} };
    }
    return { repositories: registry.repositoryUrls, ...(registry.ciRoleArn ? { ciRoleArn: registry.ciRoleArn } : {}) };
}
