import type { ResourceView } from "../types";
import { isHidden } from "../values";

/** S3 buckets, by the type names of @pulumi/aws 7 and the v6 names it still accepts. */
export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

/**
 * A bucket's settings that live in resources of their own (versioning, encryption, public access block, ACL), each
 * pointing at its bucket through its `bucket` input.
 */
export const SETTINGS = {
    versioning: ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"],
    encryption: [
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    ],
    publicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    acl: ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"],
};

/** The names a bucket is known by: its given name, or (in CrossGuard's stack policies, which see outputs) its name and id. */
function namesOf(bucket: ResourceView): string[] {
    return [bucket.inputs.bucket, bucket.inputs.id].filter(
        (name): name is string => typeof name === "string" && name !== "" && !isHidden(name),
    );
}

/**
 * The resources of `types` that configure `bucket`. A setting names its bucket by name; where the name is not known
 * yet (a bucket named from a prefix, in the plan or in a preview) it is the bucket the setting depends on, provided
 * it depends on only one.
 */
export function settingsOf(bucket: ResourceView, types: readonly string[], resources: readonly ResourceView[]): ResourceView[] {
    const names = namesOf(bucket);
    const buckets = resources.filter((resource) => BUCKET_TYPES.includes(resource.type));
    return resources.filter((setting) => {
        if (!types.includes(setting.type)) {
            return false;
        }
        const target = setting.inputs.bucket;
        if (typeof target === "string" && names.includes(target)) {
            return true;
        }
        const dependedOn = buckets.filter((candidate) => setting.dependencies.includes(candidate.urn));
        const namedElsewhere = typeof target === "string" && buckets.some((candidate) => namesOf(candidate).includes(target));
        return !namedElsewhere && dependedOn.length === 1 && dependedOn[0] === bucket;
    });
}
