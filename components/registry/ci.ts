import { PULL_ACTIONS, PUSH_ACTIONS } from "./repositoryPolicy";

/** GitHub Actions' OIDC issuer, as IAM names it in condition keys. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/** Which workflow runs of one GitHub repository may push. */
export interface GithubOidcSubjects {
    /** "org/repo". */
    repository: string;
    /** Git refs whose runs may push, e.g. "refs/heads/main" or "refs/tags/v*". */
    refs: string[];
    /** GitHub deployment environments whose jobs may push: a job with `environment:` gets that subject instead of its ref. */
    environments: string[];
}

/** The `sub` claims GitHub puts in a run's token, for the refs and environments allowed to push. */
export function githubSubjects(subjects: GithubOidcSubjects): string[] {
    return [
        ...subjects.refs.map((ref) => `repo:${subjects.repository}:ref:${ref}`),
        ...subjects.environments.map((environment) => `repo:${subjects.repository}:environment:${environment}`),
    ];
}

/**
 * Trust policy of the CI push role: only tokens GitHub issued for STS, to the listed refs and environments
 * of one repository. StringLike so that a ref may carry a wildcard ("refs/tags/v*").
 */
export function githubOidcTrustPolicy(providerArn: string, subjects: GithubOidcSubjects): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: providerArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com" },
                    StringLike: { [`${GITHUB_OIDC_HOST}:sub`]: githubSubjects(subjects) },
                },
            },
        ],
    });
}

/**
 * Identity policy of the CI push role: log in to the registry (GetAuthorizationToken has no resource-level
 * permissions) and push to Berth's own repositories in the home region, nothing else.
 */
export function ciPushPolicy(repositoryArns: string[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
            { Sid: "PushApplicationImages", Effect: "Allow", Action: [...PULL_ACTIONS, ...PUSH_ACTIONS], Resource: repositoryArns },
        ],
    });
}
