/** Shapes of AWS identifiers that components accept; the stack config checks the same shapes. */

/** An IAM role ARN, with or without a path. */
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** A 12-digit AWS account id, leading zeros included. */
export const ACCOUNT_ID = /^\d{12}$/;
