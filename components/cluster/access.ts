import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as pulumi from "@pulumi/pulumi";

const CLUSTER_ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

/**
 * The Kubernetes group developers' IAM roles map to. Berth's RBAC gives it read-only access to application namespaces
 * (components/dashboard); EKS grants it nothing by itself.
 */
export const DEVELOPERS_GROUP = "berth:developers";

/**
 * "arn:aws:iam::123456789012:role/ops/platform-admins" -> "admin-123456789012-platform-admins": role names are unique per
 * account. `kind` tells an admin's entry from a developer's.
 */
export function accessEntryKey(roleArn: string, kind: "admin" | "developer" = "admin"): string {
    const [, , , , account = "", resource = ""] = roleArn.split(":");
    return `${kind}-${account}-${resource.split("/").pop()}`;
}

/**
 * Access entries granting cluster-admin to the given roles, keyed by role, so that removing one re-creates
 * no other. `principalArn` lets the caller hold every entry back until a check has passed.
 */
export function adminAccessEntries(
    roleArns: readonly string[],
    principalArn: (roleArn: string) => pulumi.Input<string> = (roleArn) => roleArn,
): Record<string, eks.types.input.AccessEntryArgs> {
    return Object.fromEntries(
        roleArns.map((roleArn) => [
            accessEntryKey(roleArn),
            {
                principalArn: principalArn(roleArn),
                accessPolicies: { admin: { policyArn: CLUSTER_ADMIN_POLICY, accessScope: { type: "cluster" } } },
            },
        ]),
    );
}

/**
 * Access entries mapping developers' roles to DEVELOPERS_GROUP, keyed by role like the admins'. No EKS access policy:
 * what the group may do is Kubernetes RBAC, bound per namespace.
 */
export function developerAccessEntries(
    roleArns: readonly string[],
    principalArn: (roleArn: string) => pulumi.Input<string> = (roleArn) => roleArn,
): Record<string, eks.types.input.AccessEntryArgs> {
    return Object.fromEntries(
        roleArns.map((roleArn) => [
            accessEntryKey(roleArn, "developer"),
            { principalArn: principalArn(roleArn), kubernetesGroups: [DEVELOPERS_GROUP] },
        ]),
    );
}

/**
 * Why the deploying identity may not be listed as an admin: EKS already gives the identity that creates a
 * cluster an access entry, and a second entry for the same principal fails the first deploy with a conflict.
 */
export function creatorConflict(
    roleArns: readonly string[],
    deployerArn: string,
    key: "adminRoleArns" | "developerRoleArns" = "adminRoleArns",
): { index: number; reason: string } | undefined {
    const index = roleArns.indexOf(deployerArn);
    if (index < 0) {
        return undefined;
    }
    return {
        index,
        reason: `${deployerArn} is the identity running this deploy; EKS already makes the cluster's creator an admin, so a second access entry would conflict. Remove it from ${key}, or deploy as another role`,
    };
}

/**
 * The role (or user) the deploy runs as, resolved from its session: an assumed role's session ARN carries
 * no path, its issuer ARN does.
 */
export function deployerArn(opts: pulumi.InvokeOutputOptions): pulumi.Output<string> {
    const caller = aws.getCallerIdentityOutput({}, opts);
    return aws.iam.getSessionContextOutput({ arn: caller.arn }, opts).issuerArn;
}
