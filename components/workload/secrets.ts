/**
 * An application secret kept in AWS Secrets Manager, named by reference only: the program, the plan and Pulumi's
 * state never hold its value. Berth records the references on the Deployment (`SECRET_REFERENCES_ANNOTATION`); the
 * secrets operator, a later addition to the platform, turns them into a Kubernetes Secret that the pods read.
 */
export interface SecretReference {
    /** The environment variable the value is given to, e.g. "DATABASE_URL". */
    env: string;
    /** The secret's ARN, or its name in the cluster's region (a name finds a replica of a multi-region secret in every region). */
    secret: string;
    /** A key of the secret's JSON value, for secrets that hold several. @default the whole value */
    key?: string;
}

/** The Deployment annotation that lists the workload's secret references, as JSON. */
export const SECRET_REFERENCES_ANNOTATION = "berth.dev/secret-references";

/** A Secrets Manager secret ARN: region, account and the secret's name (with or without the random 6-character suffix). */
export const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):secret:([A-Za-z0-9/_+=.@-]{1,512})$/;

/** A Secrets Manager secret name (CreateSecret's rule). */
export const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** An environment variable name Kubernetes accepts in a container's `env`. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A key of a JSON secret value. */
export const SECRET_KEY = /^[A-Za-z0-9_.\-/]{1,256}$/;

/** Why a secret reference is not one, or undefined when it is. */
export function secretReferenceProblem(secret: string): string | undefined {
    if (secret.startsWith("arn:")) {
        return SECRET_ARN.test(secret)
            ? undefined
            : `must be a Secrets Manager secret ARN such as arn:aws:secretsmanager:eu-west-1:123456789012:secret:storefront/db (got ${secret})`;
    }
    return SECRET_NAME.test(secret)
        ? undefined
        : `must be a Secrets Manager secret ARN or name (1-512 of letters, digits and / _ + = . @ -) (got ${secret})`;
}

/** The region a secret ARN names; undefined for a name, which is looked up in the cluster's own region. */
export function secretRegion(secret: string): string | undefined {
    return SECRET_ARN.exec(secret)?.[1];
}

/** The annotation's value: the references, never a value. */
export function secretReferencesAnnotation(secrets: readonly SecretReference[]): Record<string, string> {
    return secrets.length > 0 ? { [SECRET_REFERENCES_ANNOTATION]: JSON.stringify(secrets) } : {};
}
