/** Shapes of AWS identifiers that more than one config section accepts. */

/** A commercial-partition region: the components write managed-policy ARNs for arn:aws. */
export const REGION = /^[a-z]{2}-[a-z]+-\d$/;

export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
