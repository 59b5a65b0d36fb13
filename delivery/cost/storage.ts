import type { Registration } from "../monitor";
import { EstimateContext, regionalPrices } from "./context";
import { num, parsedJson, record, records, text } from "./inputs";
import { cents, rate } from "./money";
import type { CostItem } from "./types";

const KMS_KEY = "aws:kms/key:Key";
const BUCKETS = /^aws:s3\/(bucket|bucketV2):Bucket(V2)?$/;
const REPOSITORY = "aws:ecr/repository:Repository";
const LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy";
const REPLICATION = "aws:ecr/replicationConfiguration:ReplicationConfiguration";
const PULL_THROUGH_CACHE = "aws:ecr/pullThroughCacheRule:PullThroughCacheRule";

/** KMS keys, S3 buckets and ECR storage (repositories, their replicas, pull-through caches). */
export function storageItems(context: EstimateContext): CostItem[] {
    return [...kmsItems(context), ...bucketItems(context), ...repositoryItems(context), ...cacheItems(context)];
}

const round = (n: number) => Number(n.toFixed(2));

const fixed = (item: Omit<CostItem, "min" | "max">): CostItem => ({ ...item, min: item.monthly, max: item.monthly });

function kmsItems(context: EstimateContext): CostItem[] {
    return context.index.ofType(KMS_KEY).flatMap((key) => {
        const where = regionalPrices(context, key, "KMS key");
        if (!where) return [];
        const price = where.prices.kms.perKeyMonth;
        return [
            fixed({
                scope: context.index.scopeOf(key),
                region: where.region,
                category: "KMS keys",
                name: key.name,
                detail: `1 customer managed key × ${rate(price)}/month`,
                monthly: cents(price),
            }),
        ];
    });
}

/** Nothing in a plan says how much a bucket holds: each is priced at the assumed size in S3 Standard. */
function bucketItems(context: EstimateContext): CostItem[] {
    const gb = context.assumptions.s3GbPerBucket;
    return context.index.ofType(BUCKETS).flatMap((bucket) => {
        const where = regionalPrices(context, bucket, "S3 bucket");
        if (!where) return [];
        const price = where.prices.s3.standardPerGbMonth;
        return [
            fixed({
                scope: context.index.scopeOf(bucket),
                region: where.region,
                category: "S3",
                name: bucket.name,
                detail: `${gb} GB (assumed) × ${rate(price)}/GB-month, S3 Standard`,
                monthly: cents(gb * price),
                assumptions: ["s3GbPerBucket"],
            }),
        ];
    });
}

/**
 * A repository holds the images its lifecycle policy keeps (the counts of its `imageCountMoreThan` rules), else an
 * assumed number; replication stores the same again in each destination region whose filter matches its name.
 */
function repositoryItems(context: EstimateContext): CostItem[] {
    const { ecrGbPerImage: perImage, ecrImagesPerRepository: uncapped } = context.assumptions;
    const policies = context.index.ofType(LIFECYCLE);
    const replication = context.index.ofType(REPLICATION).flatMap((r) => records(record(r.inputs.replicationConfiguration).rules));
    return context.index.ofType(REPOSITORY).flatMap((repository) => {
        const where = regionalPrices(context, repository, "ECR repository");
        if (!where) return [];
        const name = text(repository.inputs.name) ?? repository.name;
        const kept = keptImages(policies.filter((p) => text(p.inputs.repository) === name));
        const images = kept ?? uncapped;
        const gb = images * perImage;
        const replicaRegions = replication
            .filter((rule) => records(rule.repositoryFilters).every((f) => name.startsWith(text(f.filter) ?? "")))
            .flatMap((rule) => records(rule.destinations).map((d) => text(d.region)))
            .filter((region): region is string => region !== undefined && region !== where.region);
        const regions = [where.region, ...new Set(replicaRegions)];
        const priced = regions.map((region) => ({ region, price: context.prices(region)?.ecr.perGbMonth }));
        for (const { region, price } of priced) {
            if (price === undefined) context.notes.push(`ECR replica of ${name} in ${region}: not priced, no price file for ${region}`);
        }
        const parts = priced.filter((p): p is { region: string; price: number } => p.price !== undefined);
        return [
            fixed({
                scope: context.index.scopeOf(repository),
                region: where.region,
                category: "ECR",
                name,
                detail: `${images} images${kept === undefined ? " (assumed: no lifecycle cap)" : " kept by its lifecycle policy"} × ${perImage} GB = ${round(gb)} GB × (${parts.map((p) => `${rate(p.price)}/GB-month in ${p.region}`).join(" + ")})`,
                monthly: cents(parts.reduce((sum, p) => sum + gb * p.price, 0)),
                assumptions: kept === undefined ? ["ecrGbPerImage", "ecrImagesPerRepository"] : ["ecrGbPerImage"],
            }),
        ];
    });
}

/** The images a lifecycle policy keeps at most: the sum of its count rules, or undefined when none caps the count. */
function keptImages(policies: Registration[]): number | undefined {
    const counts = policies.flatMap((policy) =>
        records(record(parsedJson(policy.inputs.policy)).rules)
            .map((rule) => record(rule.selection))
            .filter((selection) => text(selection.countType) === "imageCountMoreThan")
            .map((selection) => num(selection.countNumber) ?? 0),
    );
    return counts.length === 0 ? undefined : counts.reduce((a, b) => a + b, 0);
}

function cacheItems(context: EstimateContext): CostItem[] {
    const gb = context.assumptions.ecrGbPerPullThroughCache;
    return context.index.ofType(PULL_THROUGH_CACHE).flatMap((cache) => {
        const where = regionalPrices(context, cache, "pull-through cache");
        if (!where) return [];
        const price = where.prices.ecr.perGbMonth;
        return [
            fixed({
                scope: context.index.scopeOf(cache),
                region: where.region,
                category: "ECR",
                name: cache.name,
                detail: `pull-through cache of ${text(cache.inputs.upstreamRegistryUrl) ?? "an upstream registry"}: ${gb} GB (assumed) × ${rate(price)}/GB-month`,
                monthly: cents(gb * price),
                assumptions: ["ecrGbPerPullThroughCache"],
            }),
        ];
    });
}
