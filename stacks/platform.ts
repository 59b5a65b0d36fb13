import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    baseTags,
    Cluster,
    ClusterAutoscaler,
    Dashboard,
    ELASTICSEARCH_PEERING_PORT,
    Flagger,
    Ingress,
    KUBERNETES_API_PORT,
    Logging,
    LogShipper,
    METRICS_RECEIVER_PORT,
    MetricsServer,
    Monitoring,
    PeeringPort,
    Registry,
    Secrets,
    serviceMonitor,
    VpcPeering,
    Workload,
} from "../components";
import type { ClusterConfig, PlatformConfig } from "./config";
import { dashboardArgs } from "./dashboard";
import { loggingArgs } from "./logging";
import { CLUSTER_AUTOSCALER_METRICS, hubMonitoringArgs, spokeMonitoringArgs } from "./monitoring";
import { registryArgs } from "./registry";
import { flaggerArgs } from "./canary";
import { workloadArgs } from "./workloads";

/** What the stack exports for each cluster. */
export interface ClusterOutputs {
    name: string;
    region: string;
    kubernetesVersion: string;
    endpoint: pulumi.Output<string>;
    oidcProviderArn: pulumi.Output<string>;
    kubeconfig: pulumi.Output<string>;
    /** The Gateway applications' VirtualServices bind to ("istio-ingress/default"), for their own programs. */
    gateway: string;
    /** Headlamp's URL: "http://<internal NLB DNS name>", or "http(s)://<platform:dashboard.host>" through the gateway. */
    dashboard: pulumi.Output<string>;
}

/**
 * One environment: every configured cluster built the same way, each through its region's
 * provider, and every other cluster's VPC peered with the hub's.
 */
export class Platform extends pulumi.ComponentResource {
    readonly clusters: Cluster[];
    /** The environment's log analytics on the hub, unless the config turns it off. */
    readonly logging?: Logging;
    /** The environment's image registry, when the config has one. */
    readonly registry?: Registry;
    /** The hub's monitoring: the receiver of every cluster's metrics, and Grafana. */
    readonly monitoring: Monitoring;
    /** Each cluster's ingress. */
    private readonly ingresses = new Map<Cluster, Ingress>();
    /** Each cluster's dashboard. */
    private readonly dashboards = new Map<Cluster, Dashboard>();

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
        // Named, never positional: reordering the clusters must not move the registry or re-create peerings.
        const hub = this.clusters.find((cluster) => cluster.clusterName === config.hubCluster);
        if (!hub) {
            throw new Error(`platform:hubCluster names ${config.hubCluster}, which is not one of the clusters`);
        }

        // Every cluster's add-ons, under the cluster, so the plan and the console show them with it.
        const ingresses = this.ingresses;
        const secretStores = new Map<Cluster, Secrets>();
        for (const [index, cluster] of this.clusters.entries()) {
            const { autoscaling, ingress } = config.clusters[index];
            const under = { parent: cluster };
            new ClusterAutoscaler(`${cluster.clusterName}-cluster-autoscaler`, { cluster, settings: autoscaling }, under);
            new MetricsServer(`${cluster.clusterName}-metrics-server`, { cluster, replicas: autoscaling.replicas }, under);
            ingresses.set(cluster, new Ingress(`${cluster.clusterName}-ingress`, { cluster, ...ingress }, under));
            secretStores.set(
                cluster,
                new Secrets(`${cluster.clusterName}-secrets`, { cluster, environment: config.environment, ...config.secrets }, under),
            );
        }

        // What spokes and the hub may reach of each other across the peering: the private API, and each port a
        // hub service receives from the spokes on.
        const peeringPorts: PeeringPort[] = [KUBERNETES_API_PORT];

        // Log analytics once, on the hub; every cluster ships its own logs there, the spokes across the peering.
        if (config.logging.enabled) {
            const logging = new Logging(
                `${hub.clusterName}-logging`,
                loggingArgs(config.logging, config.environment, hub, ingresses.get(hub)!, this.clusters),
                { parent: hub },
            );
            for (const cluster of this.clusters) {
                new LogShipper(
                    `${cluster.clusterName}-log-shipper`,
                    { cluster, target: logging.shipperTarget(cluster.clusterName), ...config.logging.shipper },
                    { parent: cluster },
                );
            }
            peeringPorts.push(ELASTICSEARCH_PEERING_PORT);
            this.logging = logging;
        }

        // Monitoring on every cluster, the hub's first: its receiver is where the spokes send their series, across the peering.
        const spokes = this.clusters.filter((cluster) => cluster !== hub);
        const settingsOf = (cluster: Cluster) => config.clusters[this.clusters.indexOf(cluster)];
        const monitorings = new Map<Cluster, Monitoring>();
        this.monitoring = new Monitoring(
            `${hub.clusterName}-monitoring`,
            {
                ...hubMonitoringArgs(config.monitoring, settingsOf(hub), hub, ingresses.get(hub)!, spokes),
                secretStore: secretStores.get(hub),
            },
            { parent: hub },
        );
        for (const cluster of this.clusters) {
            const monitoring =
                cluster === hub
                    ? this.monitoring
                    : new Monitoring(
                          `${cluster.clusterName}-monitoring`,
                          {
                              ...spokeMonitoringArgs(
                                  config.monitoring,
                                  settingsOf(cluster),
                                  cluster,
                                  ingresses.get(cluster)!,
                                  this.monitoring,
                              ),
                              secretStore: secretStores.get(cluster),
                          },
                          { parent: cluster },
                      );
            monitorings.set(cluster, monitoring);
            serviceMonitor(
                `${cluster.clusterName}-cluster-autoscaler-metrics`,
                { monitoring, ...CLUSTER_AUTOSCALER_METRICS },
                { parent: monitoring },
            );
        }
        peeringPorts.push(METRICS_RECEIVER_PORT);

        // Canary analysis on every cluster; spokes' checks query the hub's receiver through the port opened just above.
        const flaggers = new Map<Cluster, Flagger>(
            this.clusters.map((cluster) => [
                cluster,
                new Flagger(`${cluster.clusterName}-flagger`, flaggerArgs(cluster, ingresses.get(cluster)!, hub, this.monitoring), {
                    parent: cluster,
                }),
            ]),
        );

        for (const spoke of spokes) {
            new VpcPeering(
                `${spoke.clusterName}-to-${hub.clusterName}`,
                {
                    requester: peerSide(spoke, providerFor(spoke.region)),
                    accepter: peerSide(hub, providerFor(hub.region)),
                    ports: peeringPorts,
                },
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

        // Applications last: each waits for its cluster's mesh and monitoring, and pulls from the registry.
        for (const workload of config.workloads) {
            for (const clusterName of workload.clusters) {
                const cluster = this.clusters.find((candidate) => candidate.clusterName === clusterName)!;
                new Workload(
                    `${clusterName}-${workload.name}`,
                    {
                        ...workloadArgs(workload, cluster, ingresses.get(cluster)!, monitorings.get(cluster)!, this.registry),
                        secretStore: secretStores.get(cluster),
                        canaryAnalysis: flaggers.get(cluster),
                    },
                    { parent: cluster },
                );
            }
        }

        // Each cluster's dashboard, with the developers' read-only role that every application binds in its namespace.
        for (const cluster of this.clusters) {
            const peers = cluster === hub ? spokes : [hub];
            this.dashboards.set(
                cluster,
                new Dashboard(
                    `${cluster.clusterName}-dashboard`,
                    dashboardArgs(settingsOf(cluster), cluster, ingresses.get(cluster)!, peers),
                    { parent: cluster },
                ),
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
                    gateway: this.ingresses.get(cluster)!.gateway,
                    dashboard: this.dashboards.get(cluster)!.url,
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
        developerRoleArns: cluster.dashboard.developerRoleArns,
        systemPool: cluster.systemPool,
        nodePools: cluster.nodePools,
        // Provider defaultTags do not reach what node groups launch: the nodes' instances and volumes take them here.
        instanceTags: tags,
    };
}
