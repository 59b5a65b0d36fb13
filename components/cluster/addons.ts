import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { irsaRole, ServiceAccountRef } from "../lib/irsa";
import { eksAddonVersion } from "../lib/versions";

/** An EKS managed add-on and the identity it runs as. */
export interface ManagedAddonSpec {
    /** EKS add-on name. */
    addon: string;
    /** The add-on's service account and the AWS-managed policy it needs, when it calls AWS APIs. */
    irsa?: { serviceAccount: ServiceAccountRef; policyArn: string };
}

/** Installed before the node pools: nodes only become Ready once the CNI and kube-proxy run. */
export const NETWORK_ADDONS: ManagedAddonSpec[] = [
    {
        addon: "vpc-cni",
        irsa: { serviceAccount: { namespace: "kube-system", name: "aws-node" }, policyArn: "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy" },
    },
    { addon: "kube-proxy" },
];

/** Installed after the node pools: their pods need somewhere to run before EKS reports them healthy. */
export const WORKLOAD_ADDONS: ManagedAddonSpec[] = [
    { addon: "coredns" },
    {
        addon: "aws-ebs-csi-driver",
        irsa: {
            serviceAccount: { namespace: "kube-system", name: "ebs-csi-controller-sa" },
            policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
        },
    },
];

/**
 * Why a cluster of this Kubernetes minor cannot get every managed add-on Berth installs, or undefined when it can:
 * for the Cluster component's own argument check, before anything is created.
 */
export function addonVersionRefusal(kubernetesVersion: string): string | undefined {
    for (const spec of [...NETWORK_ADDONS, ...WORKLOAD_ADDONS]) {
        const pinned = eksAddonVersion(kubernetesVersion, spec.addon);
        if ("refusal" in pinned) {
            return pinned.refusal;
        }
    }
    return undefined;
}

export interface ManagedAddonArgs {
    clusterName: pulumi.Input<string>;
    /** The cluster's Kubernetes minor, e.g. "1.35": it picks the add-on's build from EKS_ADDON_VERSIONS. */
    kubernetesVersion: string;
    oidcProviderArn: pulumi.Input<string>;
    oidcProviderUrl: pulumi.Input<string>;
    tags: Record<string, string>;
}

/**
 * One EKS managed add-on at the build Berth pins for the cluster's Kubernetes minor (EKS_ADDON_VERSIONS), so that
 * a plan changes only when the code does and a version upgrade moves the add-ons with it.
 */
export function managedAddon(
    name: string,
    spec: ManagedAddonSpec,
    args: ManagedAddonArgs,
    opts: pulumi.CustomResourceOptions,
): aws.eks.Addon {
    const pinned = eksAddonVersion(args.kubernetesVersion, spec.addon);
    if ("refusal" in pinned) {
        throw new pulumi.InputPropertyError({ propertyPath: "kubernetesVersion", reason: `${name}: ${pinned.refusal}` });
    }
    const role = spec.irsa
        ? irsaRole(
              `${name}-irsa`,
              {
                  oidcProviderArn: args.oidcProviderArn,
                  oidcProviderUrl: args.oidcProviderUrl,
                  serviceAccount: spec.irsa.serviceAccount,
                  managedPolicyArns: [spec.irsa.policyArn],
                  tags: args.tags,
              },
              opts,
          )
        : undefined;
    return new aws.eks.Addon(
        name,
        {
            clusterName: args.clusterName,
            addonName: spec.addon,
            addonVersion: pinned.version,
            serviceAccountRoleArn: role?.arn,
            // Berth owns these add-ons: take over fields a bootstrap left behind, keep edits made in-cluster on update.
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "PRESERVE",
            tags: args.tags,
        },
        opts,
    );
}
