import { expect } from "chai";
import { s3Encryption, s3NoPublicAccess, s3Versioning } from "../../../delivery/policies/rules/s3";
import type { ResourceView } from "../../../delivery/policies/types";
import { UNKNOWN } from "../../../delivery/policies/values";
import { findings, resource } from "../resources";

/** A bucket named from a prefix, as components/logging makes it: its settings find it by their dependency on it. */
const bucket = resource("aws:s3/bucket:Bucket", "snapshots", { bucketPrefix: "berth-logs-snapshots-" });
const setting = (type: string, name: string, inputs: Record<string, unknown>, of: ResourceView = bucket) =>
    resource(`aws:s3/${type}`, name, { bucket: "berth-logs-snapshots-1191", ...inputs }, { dependencies: [of.urn] });

const ENCRYPTION = setting("bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "snapshots-encryption", {
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
});
const VERSIONING = setting("bucketVersioning:BucketVersioning", "snapshots-versioning", { versioningConfiguration: { status: "Enabled" } });
const BLOCK = setting("bucketPublicAccessBlock:BucketPublicAccessBlock", "snapshots-public-access", {
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});

describe("policy s3-encryption", () => {
    it("passes a bucket with an encryption configuration of its own, or inline", () => {
        const inline = resource("aws:s3/bucket:Bucket", "inline", {
            bucket: "inline",
            serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } },
        });
        expect(findings(s3Encryption, bucket, ENCRYPTION, inline)).to.deep.equal([]);
    });

    it("fails a bucket whose only encryption configuration belongs to another bucket", () => {
        const other = resource("aws:s3/bucket:Bucket", "other", { bucketPrefix: "other-" });
        expect(
            findings(
                s3Encryption,
                bucket,
                other,
                setting(ENCRYPTION.type.split("aws:s3/")[1], "other-encryption", ENCRYPTION.inputs, other),
            ),
        ).to.deep.equal(["snapshots: has no server-side encryption configuration (aws.s3.BucketServerSideEncryptionConfiguration)"]);
    });
});

describe("policy s3-versioning", () => {
    it("passes a bucket with versioning enabled, by name or by dependency", () => {
        const named = resource("aws:s3/bucket:Bucket", "named", { bucket: "named-bucket" });
        const byName = resource("aws:s3/bucketVersioning:BucketVersioning", "named-versioning", {
            bucket: "named-bucket",
            versioningConfiguration: { status: "Enabled" },
        });
        expect(findings(s3Versioning, bucket, VERSIONING, named, byName)).to.deep.equal([]);
    });

    it("fails a bucket without versioning, or with it suspended", () => {
        const suspended = setting("bucketVersioning:BucketVersioning", "snapshots-versioning", {
            versioningConfiguration: { status: "Suspended" },
        });
        expect(findings(s3Versioning, bucket)).to.deep.equal([
            "snapshots: keeps no object versions (no aws.s3.BucketVersioning): an overwritten or deleted object is lost",
        ]);
        expect(findings(s3Versioning, bucket, suspended)).to.deep.equal([
            "snapshots: keeps no object versions (versioning status Suspended): an overwritten or deleted object is lost",
        ]);
    });

    it("gives a setting not known until deploy the benefit of the doubt", () => {
        const computed = setting("bucketVersioning:BucketVersioning", "snapshots-versioning", { versioningConfiguration: UNKNOWN });
        expect(findings(s3Versioning, bucket, computed)).to.deep.equal([]);
    });
});

describe("policy s3-no-public-access", () => {
    it("passes a bucket with every switch of its public access block on, or the account's", () => {
        const account = resource("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "account", BLOCK.inputs);
        expect(findings(s3NoPublicAccess, bucket, BLOCK)).to.deep.equal([]);
        expect(findings(s3NoPublicAccess, bucket, account)).to.deep.equal([]);
    });

    it("fails a bucket without a block, with a switch off, or with a public canned ACL", () => {
        const halfBlock = setting("bucketPublicAccessBlock:BucketPublicAccessBlock", "snapshots-public-access", {
            ...BLOCK.inputs,
            restrictPublicBuckets: false,
        });
        const publicAcl = setting("bucketAcl:BucketAcl", "snapshots-acl", { acl: "public-read" });
        expect(findings(s3NoPublicAccess, bucket)).to.deep.equal([
            "snapshots: has no public access block (aws.s3.BucketPublicAccessBlock): an ACL or a bucket policy can make it public",
        ]);
        expect(findings(s3NoPublicAccess, bucket, halfBlock)).to.deep.equal([
            "snapshots: has a public access block without all of blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets on",
        ]);
        expect(findings(s3NoPublicAccess, bucket, BLOCK, publicAcl)).to.deep.equal(["snapshots: has the public canned ACL public-read"]);
    });
});
