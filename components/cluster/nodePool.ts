import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { POOL_LABEL } from "../lib/placement";
import { autoscalerDiscoveryTags } from "../lib/tags";
import { AMI_TYPES, architectureOf } from "./architecture";

export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

/** One node pool as the cluster component takes it. */
export interface NodePoolSpec {
    /** Pool name, unique within the cluster. */
    name: string;
    capacityType: "SPOT" | "ON_DEMAND";
    /**
     * Several types for SPOT pools: the capacity-optimized strategy picks the deepest pools. All of one
     * architecture (Graviton m7g, c7g... are arm64): the pool boots the matching Amazon Linux 2023 AMI.
     */
    instanceTypes: string[];
    minSize: number;
    maxSize: number;
    /** Initial size only: the cluster autoscaler owns it afterwards. */
    desiredSize: number;
    /** Root volume (gp3, encrypted). @default 50 */
    diskSizeGiB?: number;
    /** Extra Kubernetes labels. @default none */
    labels?: Record<string, string>;
    /** Kubernetes taints. @default none */
    taints?: { key: string; value?: string; effect: TaintEffect }[];
}

const EKS_TAINT_EFFECT: Record<TaintEffect, string> = {
    NoSchedule: "NO_SCHEDULE",
    PreferNoSchedule: "PREFER_NO_SCHEDULE",
    NoExecute: "NO_EXECUTE",
};

/** The pool's Kubernetes taints in the EKS API's spelling. */
export function eksTaints(taints: NodePoolSpec["taints"]): { key: string; value?: string; effect: string }[] {
    return (taints ?? []).map((taint) => ({ key: taint.key, value: taint.value, effect: EKS_TAINT_EFFECT[taint.effect] }));
}

/** Labels of every node in the pool: the user's plus the pool and capacity type Berth schedules by. */
export function poolLabels(pool: NodePoolSpec): Record<string, string> {
    return { ...pool.labels, [POOL_LABEL]: pool.name, "berth.dev/capacity-type": pool.capacityType.toLowerCase().replace("_", "-") };
}

export interface NodePoolArgs {
    clusterName: pulumi.Input<string>;
    /** The control plane's Kubernetes version: nodes follow it, so an upgrade reaches them after the control plane. */
    kubernetesVersion: pulumi.Input<string>;
    /** The plain cluster name, for the autoscaler discovery tags. */
    discoveryName: string;
    nodeRoleArn: pulumi.Input<string>;
    subnetIds: pulumi.Input<string>[];
    pool: NodePoolSpec;
    /** Tags on the node group and its launch template. */
    tags: Record<string, string>;
    /** Tags on the instances and volumes the group launches (provider defaultTags do not reach them). */
    instanceTags: Record<string, string>;
}

/**
 * An EKS managed node group on its cluster's Kubernetes version, and its launch template (IMDSv2 only, one hop,
 * encrypted gp3 root volume).
 * Built with @pulumi/aws rather than @pulumi/eks so that every setting is visible to tests.
 */
export function nodePool(name: string, args: NodePoolArgs, opts: pulumi.CustomResourceOptions): aws.eks.NodeGroup {
    const { pool } = args;
    const template = new aws.ec2.LaunchTemplate(
        `${name}-lt`,
        {
            description: `Nodes of pool ${pool.name}`,
            updateDefaultVersion: true,
            // Tokens required (IMDSv2). One hop: host-network agents reach IMDS, pods cannot borrow the node role
            // (Berth's add-ons use IRSA and are given their region and VPC explicitly).
            metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
            blockDeviceMappings: [
                {
                    deviceName: "/dev/xvda",
                    ebs: { volumeSize: pool.diskSizeGiB ?? 50, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
                },
            ],
            tagSpecifications: [
                { resourceType: "instance", tags: { ...args.instanceTags, Name: `${args.discoveryName}-${pool.name}` } },
                { resourceType: "volume", tags: args.instanceTags },
            ],
            tags: args.tags,
        },
        opts,
    );
    return new aws.eks.NodeGroup(
        name,
        {
            clusterName: args.clusterName,
            nodeGroupNamePrefix: `${pool.name}-`,
            nodeRoleArn: args.nodeRoleArn,
            subnetIds: args.subnetIds,
            version: args.kubernetesVersion,
            capacityType: pool.capacityType,
            instanceTypes: pool.instanceTypes,
            // The cluster refuses a pool that mixes architectures, so the first type speaks for all.
            amiType: AMI_TYPES[architectureOf(pool.instanceTypes[0])],
            scalingConfig: { minSize: pool.minSize, maxSize: pool.maxSize, desiredSize: pool.desiredSize },
            updateConfig: { maxUnavailablePercentage: 33 },
            launchTemplate: { id: template.id, version: pulumi.interpolate`${template.latestVersion}` },
            labels: poolLabels(pool),
            taints: eksTaints(pool.taints),
            tags: { ...args.tags, ...autoscalerDiscoveryTags(args.discoveryName), "berth:pool": pool.name },
        },
        // The autoscaler owns the size once the pool exists; a plan must not fight it.
        { ...opts, ignoreChanges: ["scalingConfig.desiredSize"] },
    );
}
