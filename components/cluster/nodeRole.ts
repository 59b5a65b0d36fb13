import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * Managed policies of the node role. The CNI policy is deliberately absent: vpc-cni gets its own
 * IRSA role, so pods cannot borrow the node's ENI permissions.
 */
export const NODE_MANAGED_POLICIES = [
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
];

export function ec2TrustPolicy(): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
}

/** The IAM role every node of one cluster runs as. */
export function nodeRole(name: string, tags: Record<string, string>, opts: pulumi.CustomResourceOptions): aws.iam.Role {
    const role = new aws.iam.Role(name, { assumeRolePolicy: ec2TrustPolicy(), description: "EKS managed node groups", tags }, opts);
    for (const policyArn of NODE_MANAGED_POLICIES) {
        new aws.iam.RolePolicyAttachment(`${name}-${policyArn.split("/").pop()}`, { role: role.name, policyArn }, opts);
    }
    return role;
}
