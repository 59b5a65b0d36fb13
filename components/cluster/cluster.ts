import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SYSTEM_TAINT } from "../lib/placement";
import { managedAddon, NETWORK_ADDONS, WORKLOAD_ADDONS } from "./addons";
import { Network } from "./network";
import { nodePool, NodePoolSpec } from "./nodePool";
import { nodeRole } from "./nodeRole";

const CLUSTER_ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

export interface ClusterArgs {
    /** The region's AWS provider; every AWS resource of the cluster uses it. */
    provider: aws.Provider;
    /** The region the provider points at, for outputs and kubeconfig. */
    region: string;
    /** Kubernetes minor, e.g. "1.35". */
    kubernetesVersion: string;
    network: {
        /** The VPC's IPv4 network, /16 to /20. */
        cidr: string;
        /** A number of AZs or their exact names. */
        availabilityZones: number | string[];
        /** @default "perAz" */
        natGateways?: "single" | "perAz";
    };
    endpoint: {
        /** Nodes and peered networks reach the API privately. @default true */
        privateAccess?: boolean;
        /** The API is reachable from the internet (Pulumi must reach it to install add-ons). @default true */
        publicAccess?: boolean;
        /** Who may use the public endpoint. @default ["0.0.0.0/0"] (EKS's own default) */
        publicAccessCidrs?: string[];
    };
    /** Envelope-encrypt Kubernetes secrets with a KMS key of the cluster's own. @default true */
    secretsEncryption?: boolean;
    /** Control-plane log types sent to CloudWatch. @default ["api", "audit", "authenticator"] */
    controlPlaneLogs?: string[];
    /** Refuse to delete the EKS cluster until this is turned off. @default true */
    deletionProtection?: boolean;
    /** IAM roles granted cluster-admin through access entries. @default none */
    adminRoleArns?: string[];
    /** The on-demand pool for platform add-ons: Berth names it "system", taints and labels it. */
    systemPool: Omit<NodePoolSpec, "name" | "capacityType" | "labels" | "taints">;
    /** Workload pools; at least one should be SPOT. */
    nodePools: NodePoolSpec[];
    /** Tags on every AWS resource. @default none */
    tags?: Record<string, string>;
}

/**
 * One EKS cluster with everything a workload needs before any add-on: its VPC, the control plane
 * (API authentication, logging, secrets encryption, OIDC), a tainted on-demand system pool and
 * spot-heavy workload pools, the core managed add-ons, a default gp3 StorageClass and the
 * Kubernetes provider that add-ons deploy through.
 */
export class Cluster extends pulumi.ComponentResource {
    /** The EKS cluster name (the component's name). */
    readonly clusterName: string;
    readonly region: string;
    readonly kubernetesVersion: string;
    readonly endpoint: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly oidcProviderUrl: pulumi.Output<string>;
    /** Secret: it names the cluster's endpoint and how to authenticate. */
    readonly kubeconfig: pulumi.Output<string>;
    /** The provider add-ons deploy through; never the ambient kubeconfig. */
    readonly kubernetesProvider: k8s.Provider;
    readonly network: Network;
    readonly nodeRoleArn: pulumi.Output<string>;
    readonly nodeGroups: aws.eks.NodeGroup[];
    /** Every pool as built, the system pool first, in the order of `nodeGroups`. */
    readonly pools: readonly NodePoolSpec[];
    /** What an add-on must wait for: node pools up and core add-ons healthy. */
    readonly readyForAddons: pulumi.Resource[];

    constructor(name: string, args: ClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("berth:cluster:Cluster", name, {}, { ...opts, providers: { ...providersOf(opts), aws: args.provider } });
        const child = { parent: this };
        const tags = { ...args.tags, "berth:cluster": name };

        this.network = new Network(
            `${name}-net`,
            {
                clusterName: name,
                cidr: args.network.cidr,
                availabilityZones: args.network.availabilityZones,
                natGateways: args.network.natGateways,
                tags,
            },
            child,
        );

        const secretsKey =
            (args.secretsEncryption ?? true)
                ? new aws.kms.Key(
                      `${name}-secrets`,
                      { description: `EKS secrets encryption for ${name}`, enableKeyRotation: true, deletionWindowInDays: 30, tags },
                      child,
                  )
                : undefined;

        const cluster = new eks.Cluster(
            `${name}-eks`,
            {
                name,
                version: args.kubernetesVersion,
                vpcId: this.network.vpcId,
                publicSubnetIds: this.network.publicSubnetIds,
                privateSubnetIds: this.network.privateSubnetIds,
                nodeAssociatePublicIpAddress: false,
                skipDefaultNodeGroup: true,
                // Managed node groups use the EKS-created cluster security group; the extra ones are for self-managed nodes.
                skipDefaultSecurityGroups: true,
                authenticationMode: eks.AuthenticationMode.Api,
                accessEntries: adminAccessEntries(args.adminRoleArns ?? []),
                createOidcProvider: true,
                endpointPrivateAccess: args.endpoint.privateAccess ?? true,
                endpointPublicAccess: args.endpoint.publicAccess ?? true,
                publicAccessCidrs: args.endpoint.publicAccess === false ? undefined : (args.endpoint.publicAccessCidrs ?? ["0.0.0.0/0"]),
                enabledClusterLogTypes: args.controlPlaneLogs ?? ["api", "audit", "authenticator"],
                encryptionConfigKeyArn: secretsKey?.arn,
                deletionProtection: args.deletionProtection ?? true,
                // Berth installs vpc-cni, kube-proxy and coredns as managed add-ons it versions itself.
                bootstrapSelfManagedAddons: false,
                useDefaultVpcCni: true,
                corednsAddonOptions: { enabled: false },
                kubeProxyAddonOptions: { enabled: false },
                // Extended support costs six times the standard hourly fee; the versions table keeps clusters inside standard support.
                upgradePolicy: { supportType: "STANDARD" },
                tags,
            },
            { parent: this, providers: { aws: args.provider } },
        );
        const clusterName = cluster.eksCluster.name;
        const addonArgs = {
            clusterName,
            kubernetesVersion: args.kubernetesVersion,
            oidcProviderArn: cluster.oidcProviderArn,
            oidcProviderUrl: cluster.oidcProviderUrl,
            tags,
        };
        const networkAddons = NETWORK_ADDONS.map((spec) => managedAddon(`${name}-${spec.addon}`, spec, addonArgs, child));

        const role = nodeRole(`${name}-node`, tags, child);
        const poolArgs = { clusterName, discoveryName: name, nodeRoleArn: role.arn, subnetIds: this.network.privateSubnetIds, tags };
        const systemPool: NodePoolSpec = {
            ...args.systemPool,
            name: "system",
            capacityType: "ON_DEMAND",
            taints: [SYSTEM_TAINT],
        };
        this.pools = [systemPool, ...args.nodePools];
        this.nodeGroups = this.pools.map((pool) =>
            nodePool(`${name}-${pool.name}`, { ...poolArgs, pool }, { parent: this, dependsOn: networkAddons }),
        );
        const workloadAddons = WORKLOAD_ADDONS.map((spec) =>
            managedAddon(`${name}-${spec.addon}`, spec, addonArgs, { parent: this, dependsOn: this.nodeGroups }),
        );

        this.kubeconfig = pulumi.secret(cluster.kubeconfigJson);
        this.kubernetesProvider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig, enableServerSideApply: true }, child);
        const ebsCsi = workloadAddons[WORKLOAD_ADDONS.findIndex((spec) => spec.addon === "aws-ebs-csi-driver")];
        const defaultStorage = new k8s.storage.v1.StorageClass(
            `${name}-gp3`,
            {
                metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
                provisioner: "ebs.csi.aws.com",
                parameters: { type: "gp3", encrypted: "true", fsType: "ext4" },
                // Bind where the pod lands, so the volume is created in the pod's AZ.
                volumeBindingMode: "WaitForFirstConsumer",
                allowVolumeExpansion: true,
                reclaimPolicy: "Delete",
            },
            { parent: this, provider: this.kubernetesProvider, dependsOn: [ebsCsi] },
        );

        this.clusterName = name;
        this.region = args.region;
        this.kubernetesVersion = args.kubernetesVersion;
        this.endpoint = cluster.eksCluster.endpoint;
        this.oidcProviderArn = cluster.oidcProviderArn;
        this.oidcProviderUrl = cluster.oidcProviderUrl;
        this.nodeRoleArn = role.arn;
        this.readyForAddons = [...this.nodeGroups, ...workloadAddons, defaultStorage];
        this.registerOutputs({
            clusterName: this.clusterName,
            endpoint: this.endpoint,
            oidcProviderArn: this.oidcProviderArn,
            kubeconfig: this.kubeconfig,
        });
    }
}

function providersOf(opts: pulumi.ComponentResourceOptions): Record<string, pulumi.ProviderResource> {
    const providers = opts.providers;
    if (!providers) {
        return {};
    }
    if (Array.isArray(providers)) {
        throw new Error("berth:cluster:Cluster takes providers as a map keyed by package");
    }
    return providers;
}

/** Access entries granting cluster-admin to the given roles, keyed by a stable index. */
export function adminAccessEntries(roleArns: string[]): Record<string, eks.types.input.AccessEntryArgs> {
    return Object.fromEntries(
        roleArns.map((principalArn, index) => [
            `admin-${index}`,
            { principalArn, accessPolicies: { admin: { policyArn: CLUSTER_ADMIN_POLICY, accessScope: { type: "cluster" } } } },
        ]),
    );
}
