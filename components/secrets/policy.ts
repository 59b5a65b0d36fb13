/** Where the operator's role lives and reads: the parts of the secrets' ARNs it may ask for. */
export interface SecretsReadScope {
    /** "aws", or "aws-cn" / "aws-us-gov" in those partitions. */
    partition: string;
    /** The cluster's region: its ClusterSecretStore reads this region of Secrets Manager only. */
    region: string;
    /** The account of the role and of the secrets. */
    account: string;
    /** The environment's prefix, "berth/<environment>/" (`secretPathPrefix`). */
    prefix: string;
}

/**
 * What External Secrets Operator needs to sync a secret from Secrets Manager (its AWS provider reads a secret's value,
 * its metadata and its versions), on the environment's secrets in the cluster's region and account only. No
 * `secretsmanager:ListSecrets`: it takes no resource scope, so it would list every secret's name in the account;
 * ExternalSecrets therefore name their secrets (`dataFrom.find` does not work). Nothing that writes: Berth never pushes
 * a secret. Secrets encrypted with the account's `aws/secretsmanager` key need no KMS permission; a secret under a
 * customer-managed key needs that key's policy to let this role decrypt through Secrets Manager.
 */
export function secretsReadPolicy(scope: SecretsReadScope): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadEnvironmentSecrets",
                Effect: "Allow",
                Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds"],
                // Secrets Manager appends "-" and six random characters to each name in its ARN: the wildcard covers them.
                Resource: `arn:${scope.partition}:secretsmanager:${scope.region}:${scope.account}:secret:${scope.prefix}*`,
            },
        ],
    });
}

/** The partition and account of an IAM ARN (here the cluster's OIDC provider, in the account the role is created in). */
export function partitionAndAccount(iamArn: string): { partition: string; account: string } {
    const match = /^arn:(aws[a-z-]*):iam::(\d{12}):/.exec(iamArn);
    if (!match) {
        throw new Error(`not an IAM ARN: ${iamArn}`);
    }
    return { partition: match[1], account: match[2] };
}
