/** A Secrets Manager secret ARN: region, account and the secret's name (with or without the random 6-character suffix). */
export const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):secret:([A-Za-z0-9/_+=.@-]{1,512})$/;

/** A Secrets Manager secret name (CreateSecret's rule). */
export const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** A key of a JSON secret value. */
export const SECRET_KEY = /^[A-Za-z0-9_.\-/]{1,256}$/;

/** One value kept in AWS Secrets Manager, named by reference only: the program, the plan and Pulumi's state never hold it. */
export interface SecretsManagerValue {
    /** The secret's ARN, or its name in the cluster's region (a name finds a replica of a multi-region secret in every region). */
    secret: string;
    /** A key of the secret's JSON value, for secrets that hold several. @default the whole value */
    key?: string;
}

/** Why `secret` is not a reference to a Secrets Manager secret, or undefined when it is. */
export function secretReferenceProblem(secret: string): string | undefined {
    if (secret.startsWith("arn:")) {
        return SECRET_ARN.test(secret)
            ? undefined
            : `must be a Secrets Manager secret ARN such as arn:aws:secretsmanager:eu-west-1:123456789012:secret:berth/prod/storefront/db (got ${secret})`;
    }
    return SECRET_NAME.test(secret)
        ? undefined
        : `must be a Secrets Manager secret ARN or name (1-512 of letters, digits and / _ + = . @ -) (got ${secret})`;
}

/** The region a secret ARN names; undefined for a name, which is looked up in the cluster's own region. */
export function secretRegion(secret: string): string | undefined {
    return SECRET_ARN.exec(secret)?.[1];
}

/** The account a secret ARN names; undefined for a name, which is looked up in the operator's own account. */
export function secretAccount(secret: string): string | undefined {
    return SECRET_ARN.exec(secret)?.[2];
}

/** The secret's name: the reference itself, or the name part of an ARN. */
export function secretName(secret: string): string {
    return SECRET_ARN.exec(secret)?.[3] ?? secret;
}

/**
 * Why a reference lies outside `prefix` (the only secrets the cluster's operator may read), or undefined when it is
 * inside. Said before deploying, because the operator would only find out at run time, as an AccessDenied.
 */
export function outsidePrefixProblem(secret: string, prefix: string): string | undefined {
    const name = secretName(secret);
    return name.startsWith(prefix) && name.length > prefix.length
        ? undefined
        : `must be a secret under ${prefix} (the environment's prefix: its secrets operator may read nothing else), such as ${prefix}<application>/<name> (got ${secret})`;
}
