import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ClusterAutoscaler, MetricsServer } from "../components/autoscaling";
import { Cluster, VpcPeering } from "../components/cluster";
import { Registry } from "../components/registry";
import { baseTags } from "../components/lib/tags";
import type { ClusterConfig, PlatformConfig } from "./config";
import { registryArgs } from "./registry";

/** What the stack exports for each cluster. */
export interface ClusterOutputs {
    name: string;
    region: string;
    kubernetesVersion: string;
    endpoint: pulumi.Output<string>;
    oidcProviderArn: pulumi.Output<string>;
    kubeconfig: pulumi.Output<string>;
}

/**
 * One environment: every configured cluster built the same way, each through its region's
 * provider, and every other cluster's VPC peered with the hub's.
 */
export class Platform extends pulumi.ComponentResource {
    readonly clusters: Cluster[];
    /** The environment's image registry, when the config has one. */
    readonly registry?: Registry;

    constructor(name: string, config: PlatformConfig, opts: pulumi.ComponentResourceOptions = {}) {
        super("berth:stack:Platform", name, {}, opts);
        const tags = baseTags(config.environment, config.tags);
        const providers = new Map<string, aws.Provider>();
        const providerFor = (region: string): aws.Provider => {
            let provider = providers.get(region);
            if (!provider) {
                provider = new aws.Provider(`aws-${region}`, { region: region as aws.Region }, { parent: this });
                providers.set(region, provider);
            }
            return provider;
        };

        this.clusters = config.clusters.map(
            (cluster) => new Cluster(cluster.name, clusterArgs(cluster, providerFor(cluster.region), tags), { parent: this }),
        );
        for (const [index, cluster] of this.clusters.entries()) {
            const settings = config.clusters[index].autoscaling;
            new ClusterAutoscaler(
                `${cluster.clusterName}-cluster-autoscaler`,
                { cluster, provider: providerFor(cluster.region), settings, tags },
                // A cluster's add-ons sit under it, so the plan and the console show them with their cluster.
                { parent: cluster },
            );
            new MetricsServer(`${cluster.clusterName}-metrics-server`, { cluster, replicas: settings.replicas }, { parent: cluster });
        }

        // The config guarantees the hub names one of the clusters.
        const hub = this.clusters.find((cluster) => cluster.clusterName === config.hubCluster) ?? this.clusters[0];
        for (const spoke of this.clusters.filter((cluster) => cluster !== hub)) {
            new VpcPeering(
                `${spoke.clusterName}-to-${hub.clusterName}`,
                {
                    requester: { network: spoke.network, region: spoke.region, provider: providerFor(spoke.region) },
                    accepter: { network: hub.network, region: hub.region, provider: providerFor(hub.region) },
                    tags,
                },
                { parent: this },
            );
        }

        if (config.registry) {
            // Once per environment, in the hub's region; every cluster's region is already in `providers`.
            this.registry = new Registry(
                `${name}-registry`,
                registryArgs(config.registry, config.environment, hub, this.clusters, Object.fromEntries(providers), tags),
                { parent: this },
            );
        }
        this.registerOutputs({});
    }

    /** Stack outputs, keyed by cluster name. */
    clusterOutputs(): Record<string, ClusterOutputs> {
        return Object.fromEntries(
            this.clusters.map((cluster) => [
                cluster.clusterName,
                {
                    name: cluster.clusterName,
                    region: cluster.region,
                    kubernetesVersion: cluster.kubernetesVersion,
                    endpoint: cluster.endpoint,
                    oidcProviderArn: cluster.oidcProviderArn,
                    kubeconfig: cluster.kubeconfig,
                },
            ]),
        );
    }
}

function clusterArgs(cluster: ClusterConfig, provider: aws.Provider, tags: Record<string, string>) {
    return {
        provider,
        region: cluster.region,
        kubernetesVersion: cluster.kubernetesVersion,
        network: cluster.network,
        endpoint: cluster.endpoint,
        secretsEncryption: cluster.secretsEncryption,
        controlPlaneLogs: cluster.controlPlaneLogs,
        deletionProtection: cluster.deletionProtection,
        adminRoleArns: cluster.adminRoleArns,
        systemPool: cluster.systemPool,
        nodePools: cluster.nodePools,
        tags,
    };
}
