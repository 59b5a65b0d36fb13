import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { baseTags, Cluster, ClusterAutoscaler, MetricsServer, Registry, VpcPeering } from "../components";
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
                provider = new aws.Provider(
                    `aws-${region}`,
                    {
                        region: region as aws.Region,
                        // Credentials of any other account stop the deploy before it changes anything.
                        allowedAccountIds: config.allowedAccountIds,
                        // Every AWS resource carries the environment's tags without each one threading them.
                        defaultTags: { tags },
                    },
                    { parent: this },
                );
                providers.set(region, provider);
            }
            return provider;
        };

        this.clusters = config.clusters.map(
            (cluster) => new Cluster(cluster.name, clusterArgs(cluster, providerFor(cluster.region), tags), { parent: this }),
        );
        for (const [index, cluster] of this.clusters.entries()) {
            const settings = config.clusters[index].autoscaling;
            // A cluster's add-ons sit under it, so the plan and the console show them with their cluster.
            new ClusterAutoscaler(`${cluster.clusterName}-cluster-autoscaler`, { cluster, settings }, { parent: cluster });
            new MetricsServer(`${cluster.clusterName}-metrics-server`, { cluster, replicas: settings.replicas }, { parent: cluster });
        }

        // Named, never positional: reordering the clusters must not move the registry or re-create peerings.
        const hub = this.clusters.find((cluster) => cluster.clusterName === config.hubCluster);
        if (!hub) {
            throw new Error(`platform:hubCluster names ${config.hubCluster}, which is not one of the clusters`);
        }
        for (const spoke of this.clusters.filter((cluster) => cluster !== hub)) {
            new VpcPeering(
                `${spoke.clusterName}-to-${hub.clusterName}`,
                { requester: peerSide(spoke, providerFor(spoke.region)), accepter: peerSide(hub, providerFor(hub.region)) },
                { parent: this },
            );
        }

        if (config.registry) {
            // Once per environment, in the hub's region; every cluster's region is already in `providers`.
            this.registry = new Registry(
                `${name}-registry`,
                registryArgs(config.registry, config.environment, hub, this.clusters, Object.fromEntries(providers)),
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

function peerSide(cluster: Cluster, provider: aws.Provider) {
    return { network: cluster.network, region: cluster.region, provider, securityGroupId: cluster.securityGroupId };
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
        // Provider defaultTags do not reach what node groups launch: the nodes' instances and volumes take them here.
        instanceTags: tags,
    };
}
