import type { ServiceAccountRef } from "../lib/irsa";

/** The operator's namespace and Helm release. */
export const SECRETS_NAMESPACE = "external-secrets";

/** The controller's service account: the one identity the operator's IAM role trusts. */
export const OPERATOR_ACCOUNT: ServiceAccountRef = { namespace: SECRETS_NAMESPACE, name: "external-secrets" };

/** The ClusterSecretStore every ExternalSecret of the cluster names: the cluster's region of AWS Secrets Manager. */
export const CLUSTER_SECRET_STORE = "aws-secrets-manager";

/** An environment's name as a segment of a secret's path: what Berth's environments are called ("dev", "prod"). */
export const ENVIRONMENT_SEGMENT = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * The prefix of every Secrets Manager secret an environment's clusters may read, "berth/<environment>/". The trailing
 * slash keeps "berth/prod/" from also matching "berth/production/...".
 */
export function secretPathPrefix(environment: string): string {
    return `berth/${environment}/`;
}
