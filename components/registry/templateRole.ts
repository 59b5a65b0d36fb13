/** Trust policy of the role ECR assumes to create repositories from a creation template. */
export function ecrServiceTrustPolicy(): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ecr.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
}

/**
 * What ECR needs to create a replicated repository with a template that sets a KMS key and tags (AWS's
 * "custom policy for repository creation templates"), scoped to Berth's repositories and replica keys
 * instead of the documented "*".
 */
export function templateRolePolicy(repositoryArns: string[], keyArns: string[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CreateReplicatedRepositories",
                Effect: "Allow",
                Action: ["ecr:CreateRepository", "ecr:ReplicateImage", "ecr:TagResource"],
                Resource: repositoryArns,
            },
            {
                Sid: "EncryptWithReplicaKeys",
                Effect: "Allow",
                Action: ["kms:CreateGrant", "kms:DescribeKey", "kms:RetireGrant"],
                Resource: keyArns,
            },
        ],
    });
}
