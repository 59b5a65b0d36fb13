import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { snapshotBucketLifecycle, snapshotBucketPolicy } from "./snapshots";

export interface SnapshotBucketArgs {
    /** Protect the bucket from deletion and never empty it on destroy (prod); otherwise it is emptied and deleted. */
    retain: boolean;
    /** Tags on the bucket. */
    tags: Record<string, string>;
}

/**
 * The snapshot bucket: private (public access blocked, ACLs disabled, plain HTTP refused), encrypted with S3-managed
 * keys, versioned so that a deleted snapshot file can be recovered for a week, and moved to cheaper storage as it ages.
 *
 * SSE-S3 rather than SSE-KMS: both encrypt at rest, but with a KMS key every object request is also a KMS request,
 * billed and rate-limited, and a snapshot is thousands of objects. Access is already limited to one role, which the
 * bucket's own permissions do not widen; a customer key would add a second lock at a recurring price.
 */
export function snapshotBucket(name: string, args: SnapshotBucketArgs, opts: pulumi.CustomResourceOptions): aws.s3.Bucket {
    const bucket = new aws.s3.Bucket(
        name,
        { bucketPrefix: "berth-logs-snapshots-", forceDestroy: !args.retain, tags: args.tags },
        { ...opts, protect: args.retain },
    );
    new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
        `${name}-public-access`,
        { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        opts,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-encryption`,
        { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
        opts,
    );
    const versioning = new aws.s3.BucketVersioning(
        `${name}-versioning`,
        { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
        opts,
    );
    new aws.s3.BucketLifecycleConfiguration(
        `${name}-lifecycle`,
        { bucket: bucket.id, rules: snapshotBucketLifecycle(7) },
        // Noncurrent-version rules mean something only once versioning is on.
        { ...opts, dependsOn: [versioning] },
    );
    new aws.s3.BucketPolicy(
        `${name}-policy`,
        { bucket: bucket.id, policy: bucket.arn.apply(snapshotBucketPolicy) },
        // S3 refuses a bucket policy while the public access block is being changed.
        { ...opts, dependsOn: [publicAccess] },
    );
    return bucket;
}
