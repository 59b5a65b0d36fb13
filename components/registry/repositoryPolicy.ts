/** What pulling an image needs on the repository (ecr:GetAuthorizationToken is account-wide: identity policies grant it). */
export const PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

/** What pushing an image needs on top of pulling. */
export const PUSH_ACTIONS = ["ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"];

export interface RepositoryAccess {
    /** Roles that may pull: the node roles of every cluster of the environment. */
    pullRoleArns: string[];
    /** The one role that may push (CI); without it the policy grants no push and denies none. */
    pushRoleArn?: string;
}

/**
 * The repository policy of a Berth repository. Node roles can pull; only the CI role can push. The Deny
 * matters in the same account, where any identity policy with ecr:PutImage would otherwise be enough to
 * overwrite an application's images; aws:PrincipalArn is the role's ARN for its assumed-role sessions.
 */
export function repositoryPolicy(access: RepositoryAccess) {
    const pullers = [...new Set(access.pullRoleArns)].sort();
    const push = access.pushRoleArn;
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "ClusterNodesPull", Effect: "Allow", Principal: { AWS: pullers }, Action: PULL_ACTIONS },
            ...(push
                ? [
                      { Sid: "CiPushes", Effect: "Allow", Principal: { AWS: push }, Action: [...PULL_ACTIONS, ...PUSH_ACTIONS] },
                      {
                          Sid: "OnlyCiPushes",
                          Effect: "Deny",
                          Principal: "*",
                          Action: PUSH_ACTIONS,
                          Condition: { ArnNotEquals: { "aws:PrincipalArn": push } },
                      },
                  ]
                : []),
        ],
    };
}
