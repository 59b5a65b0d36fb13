import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Cluster } from "../cluster";
import { addonRelease } from "../lib/helm";
import { irsaRole } from "../lib/irsa";
import { clusterAutoscalerChart } from "../lib/versions";
import { CLUSTER_AUTOSCALER_ACCOUNT, ClusterAutoscalerSettings, clusterAutoscalerValues, ScalableGroup } from "./clusterAutoscalerValues";
import { clusterAutoscalerPolicy } from "./policy";

/** What an add-on needs from the cluster it is installed on. */
export type AddonTarget = Pick<
    Cluster,
    | "clusterName"
    | "region"
    | "awsProvider"
    | "kubernetesVersion"
    | "oidcProviderArn"
    | "oidcProviderUrl"
    | "kubernetesProvider"
    | "nodeGroups"
    | "pools"
    | "readyForAddons"
>;

export interface ClusterAutoscalerArgs {
    /** The cluster to scale: its name, region, providers, OIDC provider and node pools. */
    cluster: AddonTarget;
    /** Scale-down timing, local-storage and expendable-pod choices, replicas. */
    settings: ClusterAutoscalerSettings;
    /** Tags on the IAM role, besides `berth:cluster`. @default none */
    tags?: Record<string, string>;
}

/**
 * cluster-autoscaler for one cluster: an IRSA role that may resize only that cluster's node groups,
 * and the Helm release (the chart whose autoscaler minor equals the cluster's Kubernetes minor) on
 * the system pool, preferring spot node groups and falling back to on-demand ones.
 */
export class ClusterAutoscaler extends pulumi.ComponentResource {
    readonly roleArn: pulumi.Output<string>;
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: ClusterAutoscalerArgs, opts: pulumi.ComponentResourceOptions = {}) {
        // Refused before registering anything: an autoscaler of another minor is never installed.
        const pinned = clusterAutoscalerChart(args.cluster.kubernetesVersion);
        if ("refusal" in pinned) {
            throw new pulumi.InputPropertiesError({
                message: `${name}: ${pinned.refusal}`,
                errors: [{ propertyPath: "cluster.kubernetesVersion", reason: pinned.refusal }],
            });
        }
        super("berth:autoscaling:ClusterAutoscaler", name, {}, opts);
        const { cluster } = args;
        const { chart } = pinned;

        const role = irsaRole(
            `${name}-irsa`,
            {
                oidcProviderArn: cluster.oidcProviderArn,
                oidcProviderUrl: cluster.oidcProviderUrl,
                serviceAccount: CLUSTER_AUTOSCALER_ACCOUNT,
                inlinePolicy: clusterAutoscalerPolicy(cluster.clusterName),
                tags: { ...args.tags, "berth:cluster": cluster.clusterName },
            },
            { parent: this, provider: cluster.awsProvider },
        );

        // The node groups report their Auto Scaling groups; pools and node groups share one order.
        const groups = pulumi.all(cluster.nodeGroups.map((group) => group.resources)).apply((resources) =>
            cluster.pools.map((pool, index): ScalableGroup => ({
                capacityType: pool.capacityType,
                autoScalingGroups: (resources[index] ?? []).flatMap((resource) => resource.autoscalingGroups.map((asg) => asg.name)),
            })),
        );

        this.release = addonRelease(
            name,
            {
                releaseName: "cluster-autoscaler",
                chart,
                namespace: CLUSTER_AUTOSCALER_ACCOUNT.namespace,
                values: pulumi.all([role.arn, groups]).apply(([roleArn, scalableGroups]) =>
                    clusterAutoscalerValues({
                        clusterName: cluster.clusterName,
                        region: cluster.region,
                        roleArn,
                        appVersion: chart.appVersion,
                        groups: scalableGroups,
                        settings: args.settings,
                    }),
                ),
                cluster,
            },
            this,
        );

        this.roleArn = role.arn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
