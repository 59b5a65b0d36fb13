import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { irsaRole, ServiceAccountRef } from "../lib/irsa";

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

export interface ManagedAddonArgs {
    clusterName: pulumi.Input<string>;
    kubernetesVersion: string;
    oidcProviderArn: pulumi.Input<string>;
    oidcProviderUrl: pulumi.Input<string>;
    tags: Record<string, string>;
}

/**
 * One EKS managed add-on at the default version EKS recommends for the cluster's Kubernetes minor,
 * so that a version upgrade moves the add-ons with it.
 */
export function managedAddon(
    name: string,
    spec: ManagedAddonSpec,
    args: ManagedAddonArgs,
    opts: pulumi.CustomResourceOptions,
): aws.eks.Addon {
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
    const version = aws.eks.getAddonVersionOutput(
        { addonName: spec.addon, kubernetesVersion: args.kubernetesVersion, mostRecent: false },
        { parent: opts.parent },
    );
    return new aws.eks.Addon(
        name,
        {
            clusterName: args.clusterName,
            addonName: spec.addon,
            addonVersion: version.version,
            serviceAccountRoleArn: role?.arn,
            // Berth owns these add-ons: take over fields a bootstrap left behind, keep edits made in-cluster on update.
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "PRESERVE",
            tags: args.tags,
        },
        opts,
    );
}
