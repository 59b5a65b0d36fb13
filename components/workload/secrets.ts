import type { SecretsManagerValue } from "../secrets/reference";

/**
 * An application secret kept in AWS Secrets Manager, named by reference only: the program, the plan and Pulumi's
 * state never hold its value. The workload's ExternalSecret copies the referenced values into one Kubernetes Secret
 * (named after the application, one key per variable), which the container reads as environment variables.
 */
export interface SecretReference extends SecretsManagerValue {
    /** The environment variable the value is given to, e.g. "DATABASE_URL"; also its key in the Kubernetes Secret. */
    env: string;
}

/** An environment variable name Kubernetes accepts in a container's `env`. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The container's variables read from the application's Secret, one per reference. */
export function secretEnv(secretName: string, secrets: readonly SecretReference[]) {
    return secrets.map((secret) => ({ name: secret.env, valueFrom: { secretKeyRef: { name: secretName, key: secret.env } } }));
}
