import type { Finding, ResourceView, Rule } from "../types";
import { isHidden, isTrue, listed, valueAt } from "../values";

/** The pulumi-eks component, as the plan sees it: the inputs Berth passes. */
const EKS_COMPONENT = "eks:index:Cluster";
/** The control plane that component creates, as a real preview sees it. */
const EKS_CLUSTER = "aws:eks/cluster:Cluster";

/** What these rules ask of a control plane, read from either resource type. */
interface ControlPlane {
    secretsKeyArn: unknown;
    logTypes: unknown;
    privateAccess: unknown;
    publicAccess: unknown;
    publicAccessCidrs: unknown;
}

function controlPlane({ type, inputs }: ResourceView): ControlPlane | undefined {
    if (type === EKS_CLUSTER) {
        const encryption = inputs.encryptionConfig;
        const resources = valueAt(encryption, "resources");
        const secretsCovered = isHidden(resources) || (Array.isArray(resources) && resources.includes("secrets"));
        return {
            secretsKeyArn: secretsCovered ? valueAt(encryption, "provider", "keyArn") : undefined,
            logTypes: inputs.enabledClusterLogTypes,
            privateAccess: valueAt(inputs, "vpcConfig", "endpointPrivateAccess"),
            publicAccess: valueAt(inputs, "vpcConfig", "endpointPublicAccess"),
            publicAccessCidrs: valueAt(inputs, "vpcConfig", "publicAccessCidrs"),
        };
    }
    // In a real preview the remote component reaches policies without inputs; its control plane is checked instead.
    if (Object.keys(inputs).length === 0) {
        return undefined;
    }
    return {
        secretsKeyArn: inputs.encryptionConfigKeyArn,
        logTypes: inputs.enabledClusterLogTypes,
        privateAccess: inputs.endpointPrivateAccess,
        publicAccess: inputs.endpointPublicAccess,
        publicAccessCidrs: inputs.publicAccessCidrs,
    };
}

const appliesTo = (type: string) => type === EKS_COMPONENT || type === EKS_CLUSTER;

/** A rule over a control plane, for either resource type. */
const controlPlaneCheck = (check: (plane: ControlPlane) => Finding[]) => (resource: ResourceView) => {
    const plane = controlPlane(resource);
    return plane ? check(plane) : [];
};

export const eksSecretsEncryption: Rule = {
    id: "eks-secrets-encryption",
    title: "EKS envelope-encrypts Kubernetes secrets with a KMS key",
    description:
        "Every EKS cluster encrypts Kubernetes Secrets with a KMS key of the account (envelope encryption), so that " +
        "reading etcd's storage does not reveal them and access to the key is audited in CloudTrail.",
    resources: {
        appliesTo,
        check: controlPlaneCheck(({ secretsKeyArn }) =>
            (typeof secretsKeyArn === "string" && secretsKeyArn !== "") || isHidden(secretsKeyArn)
                ? []
                : [
                      {
                          message:
                              "no KMS key encrypts Kubernetes secrets (set encryptionConfigKeyArn, or encryptionConfig for resources [secrets])",
                      },
                  ],
        ),
    },
};

/** The log that answers "who did what to the cluster". */
const AUDIT = "audit";

export const eksControlPlaneLogging: Rule = {
    id: "eks-control-plane-logging",
    title: "EKS sends its audit log to CloudWatch",
    description:
        "Every EKS cluster ships at least its control plane's audit log to CloudWatch (enabledClusterLogTypes), the " +
        "record of who changed what in the cluster, which nothing else keeps.",
    resources: {
        appliesTo,
        check: controlPlaneCheck(({ logTypes }) => {
            if (isHidden(logTypes) || (Array.isArray(logTypes) && logTypes.some((log) => log === AUDIT || isHidden(log)))) {
                return [];
            }
            const got = Array.isArray(logTypes) && logTypes.length > 0 ? `only ${listed(logTypes.map(String))}` : "none";
            return [{ message: `the control plane's audit log is not sent to CloudWatch (enabledClusterLogTypes: ${got})` }];
        }),
    },
};

/** "0.0.0.0/0", "::/0": every address. */
const isWholeInternet = (cidr: unknown) => typeof cidr === "string" && /\/0$/.test(cidr.trim());

export const eksPrivateEndpoint: Rule = {
    id: "eks-private-endpoint",
    title: "EKS API has a private endpoint, and its public one is not open to the internet",
    description:
        "Nodes and tools inside the VPC reach the Kubernetes API through its private endpoint, and the public " +
        "endpoint, if kept, admits only named networks: never 0.0.0.0/0 (EKS's default when publicAccessCidrs is " +
        "left out).",
    resources: {
        appliesTo,
        check: controlPlaneCheck(({ privateAccess, publicAccess, publicAccessCidrs }) => {
            const findings: Finding[] = [];
            if (!isTrue(privateAccess) && !isHidden(privateAccess)) {
                findings.push({ message: "the private endpoint is off (endpointPrivateAccess): traffic to the API leaves the VPC" });
            }
            // EKS's defaults: the public endpoint on, open to 0.0.0.0/0.
            const publicOn = publicAccess === undefined || isTrue(publicAccess);
            const cidrs = publicAccessCidrs === undefined ? ["0.0.0.0/0"] : publicAccessCidrs;
            if (publicOn && Array.isArray(cidrs)) {
                const open = cidrs.filter(isWholeInternet).map(String);
                if (open.length > 0) {
                    const how =
                        publicAccessCidrs === undefined
                            ? "publicAccessCidrs is not set, and EKS then admits 0.0.0.0/0"
                            : `publicAccessCidrs has ${listed(open)}`;
                    findings.push({ message: `the public endpoint is open to the whole internet (${how})` });
                }
            }
            return findings;
        }),
    },
};
