import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SYSTEM_TAINT } from "../lib/placement";
import { adminAccessEntries, creatorConflict, deployerArn, developerAccessEntries } from "./access";
import { managedAddon, NETWORK_ADDONS, WORKLOAD_ADDONS } from "./addons";
import { Network } from "./network";
import { nodePool, NodePoolSpec } from "./nodePool";
import { nodeRole } from "./nodeRole";
import { refuseBadClusterArgs } from "./validate";

export interface ClusterArgs {
    /** The region's AWS provider; every AWS resource of the cluster uses it. */
    provider: aws.Provider;
    /** The region the provider points at, for outputs and kubeconfig. */
    region: string;
    /**
     * Kubernetes minor, e.g. "1.35", one of KUBERNETES_MINORS. Raising it upgrades the control plane, then the
     * network add-ons, then every node group (they follow the control plane's version), then the other add-ons.
     */
    kubernetesVersion: string;
    network: {
        /** The VPC's IPv4 network, /16 to /20. */
        cidr: string;
        /** A number of AZs (2-6; the region's first by name that EKS accepts) or their exact names. */
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
    /** Refuse to delete the EKS cluster, and protect its secrets key, until this is turned off. @default true */
    deletionProtection?: boolean;
    /**
     * IAM roles granted cluster-admin through access entries. Not the role that runs the deploy: EKS already
     * makes the cluster's creator an admin, and the cluster refuses a second entry for it. @default none
     */
    adminRoleArns?: string[];
    /**
     * IAM roles whose holders sign in as developers: their access entries map them to the Kubernetes group
     * DEVELOPERS_GROUP, with no EKS access policy, so they may do only what RBAC grants that group (the Dashboard
     * binds it read-only in application namespaces). Not an admin role, nor the role that runs the deploy. @default none
     */
    developerRoleArns?: string[];
    /** The on-demand pool for platform add-ons: Berth names it "system", taints and labels it. */
    systemPool: Omit<NodePoolSpec, "name" | "capacityType" | "labels" | "taints">;
    /** Workload pools; at least one should be SPOT. */
    nodePools: NodePoolSpec[];
    /** Tags on every AWS resource of the cluster, besides the provider's defaultTags and `berth:cluster`. @default none */
    tags?: Record<string, string>;
    /**
     * Tags on the EC2 instances and volumes that node groups launch. A provider's defaultTags do not reach them,
     * so pass the environment's cost tags here. @default none
     */
    instanceTags?: Record<string, string>;
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
    /** The EKS-created security group of the control plane and managed nodes; peerings admit ports into it. */
    readonly securityGroupId: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly oidcProviderUrl: pulumi.Output<string>;
    /** Secret: it names the cluster's endpoint and how to authenticate. */
    readonly kubeconfig: pulumi.Output<string>;
    /** The region's AWS provider: add-ons create their AWS resources (IRSA roles) through it. */
    readonly awsProvider: aws.Provider;
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
        refuseBadClusterArgs(name, args);
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

        const deletionProtection = args.deletionProtection ?? true;
        const secretsKey =
            (args.secretsEncryption ?? true)
                ? new aws.kms.Key(
                      `${name}-secrets`,
                      { description: `EKS secrets encryption for ${name}`, enableKeyRotation: true, deletionWindowInDays: 30, tags },
                      // Without the key the cluster's secrets are unreadable: it lives as long as the cluster is protected.
                      { parent: this, protect: deletionProtection },
                  )
                : undefined;

        // Every access entry waits for the check that the deployer is not one of them (see creatorConflict).
        const adminRoleArns = args.adminRoleArns ?? [];
        const developerRoleArns = args.developerRoleArns ?? [];
        const adminsChecked = deployerArn({ parent: this, provider: args.provider }).apply((deployer) => {
            for (const [key, roleArns] of [
                ["adminRoleArns", adminRoleArns],
                ["developerRoleArns", developerRoleArns],
            ] as const) {
                const conflict = creatorConflict(roleArns, deployer, key);
                if (conflict) {
                    throw new pulumi.InputPropertiesError({
                        message: `berth:cluster:Cluster ${name}: ${conflict.reason}`,
                        errors: [{ propertyPath: `${key}[${conflict.index}]`, reason: conflict.reason }],
                    });
                }
            }
            return adminRoleArns;
        });

        const cluster = new eks.Cluster(
            `${name}-eks`,
            {
                name,
                version: args.kubernetesVersion,
                vpcId: this.network.vpcId,
                // Control-plane network interfaces go to private subnets only; load balancers find the public ones by tag.
                privateSubnetIds: this.network.privateSubnetIds,
                nodeAssociatePublicIpAddress: false,
                skipDefaultNodeGroup: true,
                // Managed node groups use the EKS-created cluster security group; the extra ones are for self-managed nodes.
                skipDefaultSecurityGroups: true,
                authenticationMode: eks.AuthenticationMode.Api,
                accessEntries: {
                    ...adminAccessEntries(adminRoleArns, (roleArn) => adminsChecked.apply(() => roleArn)),
                    ...developerAccessEntries(developerRoleArns, (roleArn) => adminsChecked.apply(() => roleArn)),
                },
                createOidcProvider: true,
                endpointPrivateAccess: args.endpoint.privateAccess ?? true,
                endpointPublicAccess: args.endpoint.publicAccess ?? true,
                publicAccessCidrs: args.endpoint.publicAccess === false ? undefined : (args.endpoint.publicAccessCidrs ?? ["0.0.0.0/0"]),
                enabledClusterLogTypes: args.controlPlaneLogs ?? ["api", "audit", "authenticator"],
                encryptionConfigKeyArn: secretsKey?.arn,
                deletionProtection,
                // Berth installs vpc-cni, kube-proxy and coredns as managed add-ons it versions itself.
                bootstrapSelfManagedAddons: false,
                useDefaultVpcCni: true,
                corednsAddonOptions: { enabled: false },
                kubeProxyAddonOptions: { enabled: false },
                // Past end of standard support EKS would upgrade a STANDARD cluster's control plane on its own, leaving
                // Pulumi's version and the node groups behind. EXTENDED keeps upgrades in the code; the config warns
                // before the date and prices the extended support after it.
                upgradePolicy: { supportType: "EXTENDED" },
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
        const poolArgs = {
            clusterName,
            // An output of the control plane: node groups move to a new version only after the control plane has.
            kubernetesVersion: cluster.eksCluster.version,
            discoveryName: name,
            nodeRoleArn: role.arn,
            subnetIds: this.network.privateSubnetIds,
            tags,
            instanceTags: { ...args.instanceTags, ...tags },
        };
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
        this.awsProvider = args.provider;
        this.region = args.region;
        this.kubernetesVersion = args.kubernetesVersion;
        this.endpoint = cluster.eksCluster.endpoint;
        this.securityGroupId = cluster.clusterSecurityGroupId;
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
