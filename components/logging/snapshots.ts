import { DATA_STREAM_PREFIX, SNAPSHOT_REPOSITORY } from "./names";

/** Daily snapshots to S3 (Elasticsearch's snapshot lifecycle management, a Basic-license feature). */
export interface Snapshots {
    /** When SLM takes a snapshot, as an Elasticsearch cron expression (seconds first, UTC). */
    schedule: string;
    /** Days a snapshot is kept; SLM always keeps at least 5 and at most 50 (plus what `keepDays` allows). */
    keepDays: number;
}

/** The repository's registration (PUT _snapshot/berth-snapshots): the bucket, under one prefix, through the default client. */
export function snapshotRepository(bucket: string): Record<string, unknown> {
    return { type: "s3", settings: { bucket, base_path: "elasticsearch", client: "default" } };
}

/**
 * The S3 client settings of every Elasticsearch node: the bucket's regional endpoint and signing region, so that
 * the repository never guesses (nor follows a redirect from the global endpoint). Credentials come from the pods'
 * web identity token (see elasticsearchSpec), never from the keystore.
 */
export function s3ClientSettings(region: string): Record<string, string> {
    return { "s3.client.default.endpoint": `s3.${region}.amazonaws.com`, "s3.client.default.region": region };
}

/**
 * The snapshot lifecycle policy (PUT _slm/policy/berth-daily): every cluster's data streams and the cluster state
 * (templates, ILM policies, users and roles of the native realm, Kibana's saved objects) once a day.
 */
export function slmPolicy(snapshots: Snapshots): Record<string, unknown> {
    return {
        schedule: snapshots.schedule,
        name: "<berth-daily-{now/d}>",
        repository: SNAPSHOT_REPOSITORY,
        config: { indices: [`${DATA_STREAM_PREFIX}*`], include_global_state: true },
        retention: { expire_after: `${snapshots.keepDays}d`, min_count: 5, max_count: 50 },
    };
}

/**
 * What Elasticsearch may do with the snapshot bucket: the actions its S3 repository documents, on this bucket and
 * its objects only.
 */
export function snapshotAccessPolicy(bucketArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ListSnapshotBucket",
                Effect: "Allow",
                Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads", "s3:ListBucketVersions"],
                Resource: bucketArn,
            },
            {
                Sid: "ReadWriteSnapshotFiles",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
                Resource: `${bucketArn}/*`,
            },
        ],
    });
}

/** The bucket's own policy: nobody reaches it over plain HTTP. */
export function snapshotBucketPolicy(bucketArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "RefusePlainHttp",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
}

/**
 * The bucket's lifecycle. Snapshots are incremental: an old segment file stays referenced by every later snapshot,
 * is rarely read and so moves to Standard-IA after 30 days (S3's earliest). Never to a Glacier class: Elasticsearch
 * cannot read a snapshot file that must be restored first. Files that SLM deletes stay as noncurrent versions for a
 * week (a wrongly deleted snapshot can be recovered), then go; so do unfinished multipart uploads.
 */
export function snapshotBucketLifecycle(noncurrentDays: number) {
    return [
        { id: "older-files-to-infrequent-access", status: "Enabled", filter: {}, transitions: [{ days: 30, storageClass: "STANDARD_IA" }] },
        {
            id: "expire-deleted-files",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays },
            expiration: { expiredObjectDeleteMarker: true },
        },
        { id: "abort-unfinished-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
    ];
}
