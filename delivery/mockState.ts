import { ACCOUNT, PARTITION, digitsOf, publicIpOf } from "./mockIds";

/** What a rule knows about one registration. */
export interface MockContext {
    type: string;
    name: string;
    custom: boolean;
    inputs: Record<string, any>;
    /** The region of the resource's aws provider (or of the component's aws provider). */
    region: string;
    /** Deterministic hex digits for this resource; `salt` tells two ids of one resource apart. */
    hex(length: number, salt?: string): string;
    uuid(salt?: string): string;
}

/** The computed part of a resource: its id and the outputs the cloud would add to the inputs. */
export interface Computed {
    id?: string;
    outputs: Record<string, unknown>;
}

type Rule = (c: MockContext) => Computed;

const text = (v: unknown, fallback: string): string => (typeof v === "string" && v !== "" ? v : fallback);

const arn = (c: MockContext, service: string, resource: string, regional = true): string =>
    `arn:${PARTITION}:${service}:${regional ? c.region : ""}:${ACCOUNT}:${resource}`;

/** Physical names the provider would auto-name (`<logical>-<7 hex>`) when the program gives none. */
const physicalName = (c: MockContext, key = "name"): string => text(c.inputs[key], `${c.name}-${c.hex(7, "name")}`);

/** An EC2-style resource: `<prefix>-<17 hex>` id, an ARN and the owning account. */
const ec2 =
    (prefix: string, arnType: string, extra: (c: MockContext, id: string) => Record<string, unknown> = () => ({})): Rule =>
    (c) => {
        const id = `${prefix}-${c.hex(17)}`;
        return { id, outputs: { arn: arn(c, "ec2", `${arnType}/${id}`), ownerId: ACCOUNT, ...extra(c, id) } };
    };

/** Kinds that have no namespace; every other kubernetes object defaults to "default" as the API server does. */
const CLUSTER_SCOPED =
    /:(Namespace|ClusterRole|ClusterRoleBinding|CustomResourceDefinition|StorageClass|PriorityClass|PersistentVolume|MutatingWebhookConfiguration|ValidatingWebhookConfiguration|APIService)$/;

const kubernetesObject: Rule = (c) => {
    const metadata = (c.inputs.metadata ?? {}) as Record<string, unknown>;
    const name = text(metadata.name, `${c.name}-${c.hex(8, "name")}`);
    const namespace = CLUSTER_SCOPED.test(c.type) ? undefined : text(metadata.namespace, "default");
    return {
        id: namespace ? `${namespace}/${name}` : name,
        outputs: { metadata: { ...metadata, name, ...(namespace ? { namespace } : {}), uid: c.uuid("uid") } },
    };
};

/**
 * A kubeconfig shaped as an EKS cluster's (pulumi-eks `kubeconfig` output): one context, whose user runs `exec` (EKS:
 * `aws eks get-token`) for a token. Without `caData` it trusts only the system's certificate authorities.
 */
export function eksKubeconfig(
    server: string,
    caData: string | undefined,
    exec: { command: string; args: string[]; env?: { name: string; value: string }[] },
) {
    return {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "kubernetes", cluster: { server, ...(caData === undefined ? {} : { "certificate-authority-data": caData }) } }],
        contexts: [{ name: "aws", context: { cluster: "kubernetes", user: "aws" } }],
        "current-context": "aws",
        users: [{ name: "aws", user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", ...exec } } }],
    };
}

const eksCluster: Rule = (c) => {
    const name = text(c.inputs.name, `${c.name}-eksCluster-${c.hex(7, "name")}`);
    const id = c.hex(32, "oidc").toUpperCase();
    const endpoint = `https://${c.hex(32, "endpoint").toUpperCase()}.gr7.${c.region}.eks.amazonaws.com`;
    const oidcProviderUrl = `oidc.eks.${c.region}.amazonaws.com/id/${id}`;
    const oidcIssuer = `https://${oidcProviderUrl}`;
    const oidcProviderArn = arn(c, "iam", `oidc-provider/${oidcProviderUrl}`, false);
    const caData = Buffer.from(`-----BEGIN CERTIFICATE-----\n${c.hex(64, "ca")}\n-----END CERTIFICATE-----\n`).toString("base64");
    const clusterSecurityGroupId = `sg-${c.hex(17, "cluster-sg")}`;
    const nodeSecurityGroupId = `sg-${c.hex(17, "node-sg")}`;
    const kubeconfig = eksKubeconfig(endpoint, caData, {
        command: "aws",
        args: ["eks", "get-token", "--cluster-name", name, "--region", c.region],
    });
    const cluster = {
        name,
        arn: arn(c, "eks", `cluster/${name}`),
        endpoint,
        version: text(c.inputs.version, "1.31"),
        status: "ACTIVE",
        certificateAuthority: { data: caData },
        identities: [{ oidcs: [{ issuer: oidcIssuer }] }],
        vpcConfig: { clusterSecurityGroupId, vpcId: c.inputs.vpcId, subnetIds: c.inputs.subnetIds ?? c.inputs.privateSubnetIds },
    };
    return {
        outputs: {
            kubeconfig,
            kubeconfigJson: JSON.stringify(kubeconfig),
            oidcProviderArn,
            oidcProviderUrl,
            oidcIssuer,
            clusterSecurityGroupId,
            nodeSecurityGroupId,
            clusterSecurityGroup: { id: clusterSecurityGroupId, arn: arn(c, "ec2", `security-group/${clusterSecurityGroupId}`) },
            nodeSecurityGroup: { id: nodeSecurityGroupId, arn: arn(c, "ec2", `security-group/${nodeSecurityGroupId}`) },
            eksCluster: cluster,
            core: {
                cluster,
                endpoint,
                vpcId: c.inputs.vpcId,
                subnetIds: cluster.vpcConfig.subnetIds,
                clusterSecurityGroupId,
                oidcProvider: { arn: oidcProviderArn, url: oidcProviderUrl },
                kubeconfig,
            },
        },
    };
};

/** Realistic computed outputs per resource type; anything not listed falls back to `fallback`. */
const RULES: Record<string, Rule> = {
    "pulumi:providers:aws": (c) => ({ id: c.uuid(), outputs: {} }),
    "pulumi:providers:kubernetes": (c) => ({ id: c.uuid(), outputs: {} }),

    "aws:ec2/vpc:Vpc": ec2("vpc", "vpc", (c) => {
        const rtb = `rtb-${c.hex(17, "main-rtb")}`;
        return {
            cidrBlock: text(c.inputs.cidrBlock, "10.0.0.0/16"),
            defaultRouteTableId: rtb,
            mainRouteTableId: rtb,
            defaultSecurityGroupId: `sg-${c.hex(17, "default-sg")}`,
            defaultNetworkAclId: `acl-${c.hex(17, "acl")}`,
        };
    }),
    "aws:ec2/subnet:Subnet": ec2("subnet", "subnet", (c) => ({
        availabilityZone: text(c.inputs.availabilityZone, `${c.region}a`),
    })),
    "aws:ec2/internetGateway:InternetGateway": ec2("igw", "internet-gateway"),
    "aws:ec2/eip:Eip": ec2("eipalloc", "elastic-ip", (c, id) => ({
        allocationId: id,
        publicIp: publicIpOf(id),
        domain: "vpc",
        publicDns: `ec2-${publicIpOf(id).replace(/\./g, "-")}.${c.region}.compute.amazonaws.com`,
    })),
    "aws:ec2/natGateway:NatGateway": ec2("nat", "natgateway", (c) => ({
        networkInterfaceId: `eni-${c.hex(17, "eni")}`,
        privateIp: `10.0.${parseInt(c.hex(2, "ip"), 16)}.${parseInt(c.hex(2, "ip2"), 16)}`,
        publicIp: publicIpOf(c.hex(17, "nat-ip")),
    })),
    "aws:ec2/routeTable:RouteTable": ec2("rtb", "route-table"),
    "aws:ec2/route:Route": (c) => ({
        id: `r-${text(c.inputs.routeTableId, "rtb")}${digitsOf(c.hex(16), 10)}`,
        outputs: { state: "active" },
    }),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": (c) => ({ id: `rtbassoc-${c.hex(17)}`, outputs: {} }),
    "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": ec2("pcx", "vpc-peering-connection", (c) => ({
        acceptStatus: c.inputs.autoAccept ? "active" : "pending-acceptance",
        peerOwnerId: text(c.inputs.peerOwnerId, ACCOUNT),
        peerRegion: text(c.inputs.peerRegion, c.region),
    })),
    "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter": (c) => ({
        id: text(c.inputs.vpcPeeringConnectionId, `pcx-${c.hex(17)}`),
        outputs: { acceptStatus: "active", peerOwnerId: ACCOUNT },
    }),
    "aws:ec2/securityGroup:SecurityGroup": ec2("sg", "security-group", (c) => ({ name: physicalName(c) })),

    "aws:iam/role:Role": (c) => {
        const name = physicalName(c);
        return {
            id: name,
            outputs: {
                name,
                arn: arn(c, "iam", `role/${name}`, false),
                uniqueId: `AROA${c.hex(17, "uid").toUpperCase()}`,
                createDate: "2024-01-01T00:00:00Z",
            },
        };
    },
    "aws:iam/policy:Policy": (c) => {
        const name = physicalName(c);
        const policyArn = arn(c, "iam", `policy/${name}`, false);
        return { id: policyArn, outputs: { name, arn: policyArn, policyId: `ANPA${c.hex(17, "pid").toUpperCase()}` } };
    },
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (c) => {
        const host = text(c.inputs.url, `https://oidc.${c.name}.example`).replace(/^https:\/\//, "");
        const providerArn = arn(c, "iam", `oidc-provider/${host}`, false);
        return { id: providerArn, outputs: { arn: providerArn, url: host } };
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (c) => ({ id: `${text(c.inputs.role, c.name)}-${c.hex(26)}`, outputs: {} }),
    "aws:iam/rolePolicy:RolePolicy": (c) => {
        const name = physicalName(c);
        return { id: `${text(c.inputs.role, c.name)}:${name}`, outputs: { name } };
    },

    "aws:kms/key:Key": (c) => {
        const keyId = c.uuid();
        return { id: keyId, outputs: { keyId, arn: arn(c, "kms", `key/${keyId}`) } };
    },
    "aws:kms/alias:Alias": (c) => {
        const name = text(c.inputs.name, `alias/${c.name}`);
        return { id: name, outputs: { name, arn: arn(c, "kms", name), targetKeyArn: text(c.inputs.targetKeyId, "") } };
    },

    "eks:index:Cluster": eksCluster,
    "aws:eks/nodeGroup:NodeGroup": (c) => {
        const cluster = text(c.inputs.clusterName, "cluster");
        // A name prefix gets the provider's unique suffix: an 18-digit UTC timestamp and an 8-hex counter.
        const prefix = c.inputs.nodeGroupNamePrefix;
        const nodeGroupName =
            typeof prefix === "string"
                ? `${prefix}${digitsOf(c.hex(18, "ts"), 18)}${c.hex(8, "counter")}`
                : physicalName(c, "nodeGroupName");
        const suffix = c.uuid();
        return {
            id: `${cluster}:${nodeGroupName}`,
            outputs: {
                nodeGroupName,
                arn: arn(c, "eks", `nodegroup/${cluster}/${nodeGroupName}/${suffix}`),
                status: "ACTIVE",
                resources: [{ autoscalingGroups: [{ name: `eks-${nodeGroupName}-${suffix}` }], remoteAccessSecurityGroupId: "" }],
            },
        };
    },
    "aws:eks/addon:Addon": (c) => {
        const cluster = text(c.inputs.clusterName, "cluster");
        const addon = text(c.inputs.addonName, c.name);
        return {
            id: `${cluster}:${addon}`,
            outputs: {
                arn: arn(c, "eks", `addon/${cluster}/${addon}/${c.uuid()}`),
                addonVersion: text(c.inputs.addonVersion, "v1.0.0-eksbuild.1"),
            },
        };
    },
    "aws:eks/accessEntry:AccessEntry": (c) => {
        const cluster = text(c.inputs.clusterName, "cluster");
        const principal = text(c.inputs.principalArn, arn(c, "iam", `role/${c.name}`, false));
        return {
            id: `${cluster}:${principal}`,
            outputs: {
                accessEntryArn: arn(c, "eks", `access-entry/${cluster}/role/${ACCOUNT}/${c.name}/${c.uuid()}`),
                type: text(c.inputs.type, "STANDARD"),
                userName: principal,
            },
        };
    },

    "aws:s3/bucket:Bucket": (c) => {
        // A name prefix gets the provider's unique suffix of 26 digits.
        const bucket = text(c.inputs.bucket, `${text(c.inputs.bucketPrefix, "terraform-")}${digitsOf(c.hex(26, "suffix"), 26)}`);
        return {
            id: bucket,
            outputs: {
                bucket,
                arn: `arn:${PARTITION}:s3:::${bucket}`,
                bucketDomainName: `${bucket}.s3.amazonaws.com`,
                bucketRegionalDomainName: `${bucket}.s3.${c.region}.amazonaws.com`,
                region: c.region,
            },
        };
    },

    "aws:ecr/repository:Repository": (c) => {
        const name = physicalName(c);
        return {
            id: name,
            outputs: {
                name,
                arn: arn(c, "ecr", `repository/${name}`),
                registryId: ACCOUNT,
                repositoryUrl: `${ACCOUNT}.dkr.ecr.${c.region}.amazonaws.com/${name}`,
            },
        };
    },

    // A LoadBalancer Service gets the NLB the AWS Load Balancer Controller names k8s-<namespace>-<name>-<hash>, in status
    // as Pulumi awaits it; other Services are plain objects.
    "kubernetes:core/v1:Service": (c) => {
        const object = kubernetesObject(c);
        if (c.inputs.spec?.type !== "LoadBalancer") return object;
        const { name, namespace } = object.outputs.metadata as { name: string; namespace: string };
        const part = (text: string) => text.replace(/[^a-zA-Z0-9]/g, "").slice(0, 8);
        const loadBalancer = `k8s-${part(namespace)}-${part(name)}-${c.hex(10, "lb")}`;
        const hostname = `${loadBalancer}-${c.hex(16, "dns")}.elb.${c.region}.amazonaws.com`;
        return { ...object, outputs: { ...object.outputs, status: { loadBalancer: { ingress: [{ hostname }] } } } };
    },

    "random:index/randomPassword:RandomPassword": (c) => ({
        id: "none",
        outputs: { result: c.hex(typeof c.inputs.length === "number" ? c.inputs.length : 16, "password") },
    }),

    // Keys and certificates the tls provider generates: PEM-shaped, deterministic, the key's body marked as a mock.
    "tls:index/privateKey:PrivateKey": (c) => {
        const pem = (label: string, salt: string) => `-----BEGIN ${label}-----\n${c.hex(64, salt)}\n-----END ${label}-----\n`;
        return {
            id: c.hex(40, "id"),
            outputs: {
                privateKeyPem: pem("RSA PRIVATE KEY", "private"),
                privateKeyPemPkcs8: pem("PRIVATE KEY", "private-pkcs8"),
                publicKeyPem: pem("PUBLIC KEY", "public"),
                publicKeyFingerprintSha256: `SHA256:${c.hex(43, "fingerprint")}`,
            },
        };
    },
    "tls:index/selfSignedCert:SelfSignedCert": (c) => ({
        id: digitsOf(c.hex(32, "serial"), 38),
        outputs: {
            certPem: `-----BEGIN CERTIFICATE-----\n${c.hex(64, "certificate")}\n-----END CERTIFICATE-----\n`,
            validityStartTime: "2026-01-01T00:00:00Z",
            validityEndTime: "2036-01-01T00:00:00Z",
            readyForRenewal: false,
        },
    }),

    "kubernetes:helm.sh/v3:Release": (c) => {
        const name = text(c.inputs.name, `${c.name}-${c.hex(8, "name")}`);
        const namespace = text(c.inputs.namespace, "default");
        return {
            id: `${namespace}/${name}`,
            outputs: {
                name,
                namespace,
                status: { name, namespace, chart: c.inputs.chart, version: c.inputs.version, status: "deployed", revision: 1 },
            },
        };
    },
};

/** Unknown types: an auto-named id and, for AWS, a plausible ARN (`arn:aws:<module>:<region>:<account>:<resource>/<id>`). */
function fallback(c: MockContext): Computed {
    if (!c.custom) return { outputs: {} };
    const id = `${c.name}-${c.hex(7)}`;
    const [pkg, mod, kind] = c.type.split(":");
    if (pkg !== "aws") return { id, outputs: {} };
    const [service, resource] = (mod ?? "").split("/");
    return { id, outputs: { arn: arn(c, service ?? "aws", `${resource ?? kind}/${id}`) } };
}

/** The computed id and outputs of one resource. */
export function computeState(c: MockContext): Computed {
    const rule = RULES[c.type] ?? (c.custom && c.type.startsWith("kubernetes:") ? kubernetesObject : fallback);
    return rule(c);
}
