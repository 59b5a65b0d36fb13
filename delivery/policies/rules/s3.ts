import type { ResourceView, Rule, StackFinding } from "../types";
import { isHidden, isTrue, valueAt } from "../values";
import { BUCKET_TYPES, SETTINGS, settingsOf } from "./s3Buckets";

/** A stack check over every bucket: `problem` says what is wrong with one, or undefined. */
const eachBucket =
    (problem: (bucket: ResourceView, resources: readonly ResourceView[]) => string | undefined) =>
    (resources: readonly ResourceView[]): StackFinding[] =>
        resources
            .filter((resource) => BUCKET_TYPES.includes(resource.type))
            .flatMap((bucket) => {
                const message = problem(bucket, resources);
                return message === undefined ? [] : [{ urn: bucket.urn, message }];
            });

/** Whether any of `values` cannot be judged, so the bucket gets the benefit of the doubt. */
const anyHidden = (...values: unknown[]) => values.some(isHidden);

export const s3Encryption: Rule = {
    id: "s3-encryption",
    title: "S3 buckets state their default encryption",
    description:
        "Every S3 bucket has a server-side encryption configuration (its own resource, or the bucket's inline " +
        "setting) that names the algorithm. S3 has encrypted new objects with SSE-S3 since 2023 either way; the " +
        "configuration records the choice, and is where a KMS key goes.",
    stack: eachBucket((bucket, resources) => {
        const inline = valueAt(
            bucket.inputs,
            "serverSideEncryptionConfiguration",
            "rule",
            "applyServerSideEncryptionByDefault",
            "sseAlgorithm",
        );
        const separate = settingsOf(bucket, SETTINGS.encryption, resources).flatMap((setting) =>
            Array.isArray(setting.inputs.rules)
                ? setting.inputs.rules.map((rule) => valueAt(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm"))
                : [setting.inputs.rules],
        );
        const algorithms = [inline, ...separate];
        if (algorithms.some((algorithm) => (typeof algorithm === "string" && algorithm !== "") || isHidden(algorithm))) {
            return undefined;
        }
        return "has no server-side encryption configuration (aws.s3.BucketServerSideEncryptionConfiguration)";
    }),
};

export const s3Versioning: Rule = {
    id: "s3-versioning",
    title: "S3 buckets keep object versions",
    description:
        "Every S3 bucket has versioning enabled, so that an overwritten or deleted object (a snapshot, a state file) " + "can be restored.",
    stack: eachBucket((bucket, resources) => {
        const inline = valueAt(bucket.inputs, "versioning", "enabled");
        const statuses = settingsOf(bucket, SETTINGS.versioning, resources).map((setting) =>
            valueAt(setting.inputs, "versioningConfiguration", "status"),
        );
        if (isTrue(inline) || statuses.some((status) => status === "Enabled") || anyHidden(inline, ...statuses)) {
            return undefined;
        }
        const got = statuses.length > 0 ? `versioning status ${statuses.map(String).join(", ")}` : "no aws.s3.BucketVersioning";
        return `keeps no object versions (${got}): an overwritten or deleted object is lost`;
    }),
};

/** The four switches of a public access block; all must be on. */
const BLOCK_SWITCHES = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
const ACCOUNT_BLOCK = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
/** Canned ACLs that grant access beyond the account. */
const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];

/** Whether a public access block turns every switch on; undefined when that cannot be told. */
function blocksEverything(block: ResourceView): boolean | undefined {
    const switches = BLOCK_SWITCHES.map((name) => block.inputs[name]);
    if (switches.every(isTrue)) {
        return true;
    }
    return anyHidden(...switches) ? undefined : false;
}

export const s3NoPublicAccess: Rule = {
    id: "s3-no-public-access",
    title: "S3 buckets block public access",
    description:
        "Every S3 bucket has a public access block with all four switches on (its own, or the account's in the same " +
        "stack), so that no ACL or bucket policy can make it public, and no bucket carries a public canned ACL.",
    stack: eachBucket((bucket, resources) => {
        const acls = [bucket.inputs.acl, ...settingsOf(bucket, SETTINGS.acl, resources).map((setting) => setting.inputs.acl)];
        const publicAcl = acls.find((acl) => typeof acl === "string" && PUBLIC_ACLS.includes(acl));
        if (publicAcl !== undefined) {
            return `has the public canned ACL ${publicAcl}`;
        }
        const blocks = [
            ...settingsOf(bucket, SETTINGS.publicAccessBlock, resources),
            ...resources.filter((resource) => resource.type === ACCOUNT_BLOCK),
        ];
        const verdicts = blocks.map(blocksEverything);
        if (verdicts.some((verdict) => verdict !== false)) {
            return undefined;
        }
        return blocks.length === 0
            ? "has no public access block (aws.s3.BucketPublicAccessBlock): an ACL or a bucket policy can make it public"
            : `has a public access block without all of ${BLOCK_SWITCHES.join(", ")} on`;
    }),
};
