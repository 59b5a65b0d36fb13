import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** One Kubernetes service account: the only identity an IRSA role trusts. */
export interface ServiceAccountRef {
    readonly namespace: string;
    readonly name: string;
}

/**
 * Trust policy that lets exactly one service account of one cluster assume a role through that
 * cluster's OIDC provider. `issuerHost` is the provider URL without "https://".
 */
export function irsaTrustPolicy(oidcProviderArn: string, issuerHost: string, account: ServiceAccountRef): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${issuerHost}:sub`]: `system:serviceaccount:${account.namespace}:${account.name}`,
                        [`${issuerHost}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    });
}

export interface IrsaRoleArgs {
    /** ARN of the cluster's IAM OIDC provider. */
    oidcProviderArn: pulumi.Input<string>;
    /** The provider's issuer URL, with or without "https://". */
    oidcProviderUrl: pulumi.Input<string>;
    /** The one service account allowed to assume the role. */
    serviceAccount: ServiceAccountRef;
    /** AWS-managed or customer policy ARNs to attach. @default none */
    managedPolicyArns?: string[];
    /** Inline policy document (JSON) for permissions no managed policy scopes tightly enough. @default none */
    inlinePolicy?: pulumi.Input<string>;
    /** Tags on the role. @default none */
    tags?: Record<string, string>;
}

/**
 * An IAM role for service accounts (IRSA). The role and its policies are children of `parent`, named
 * from `name`, so two clusters in one stack never collide.
 */
export function irsaRole(name: string, args: IrsaRoleArgs, opts: pulumi.CustomResourceOptions): aws.iam.Role {
    const issuerHost = pulumi.output(args.oidcProviderUrl).apply((url) => url.replace(/^https:\/\//, ""));
    const role = new aws.iam.Role(
        name,
        {
            assumeRolePolicy: pulumi
                .all([args.oidcProviderArn, issuerHost])
                .apply(([arn, host]) => irsaTrustPolicy(arn, host, args.serviceAccount)),
            description: `IRSA for ${args.serviceAccount.namespace}/${args.serviceAccount.name}`,
            tags: args.tags,
        },
        opts,
    );
    for (const policyArn of args.managedPolicyArns ?? []) {
        // Named by the policy, not its position, so reordering the list replaces nothing.
        const policyName = policyArn.split("/").pop();
        new aws.iam.RolePolicyAttachment(`${name}-${policyName}`, { role: role.name, policyArn }, opts);
    }
    if (args.inlinePolicy !== undefined) {
        new aws.iam.RolePolicy(`${name}-inline`, { role: role.id, policy: args.inlinePolicy }, opts);
    }
    return role;
}
