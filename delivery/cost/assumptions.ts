import type { Assumption } from "./types";

/**
 * The usage figures a plan cannot show: how much traffic, how many log lines, how big the images. Each is a round,
 * stated number rather than a guess hidden in a formula; `berth cost` prints them all, and an estimate made with other
 * figures (`estimateCost(plan, { assumptions })`) says so.
 */
export interface UsageAssumptions {
    /** AWS bills an always-on resource for 730 hours a month (8,760 a year / 12). */
    hoursPerMonth: number;
    /** GB a NAT gateway processes a month: image pulls and calls to AWS APIs and the internet from private nodes. */
    natGbPerGateway: number;
    /** Average NLCUs a Network Load Balancer uses an hour (1 NLCU: 800 new TCP flows/s, 100,000 active flows or 1 GB/h). */
    nlcuPerLoadBalancer: number;
    /** GB of control-plane logs (api, audit, authenticator, ...) a cluster sends to CloudWatch a month. */
    controlPlaneLogGbPerCluster: number;
    /** GB an S3 bucket holds when nothing in the plan sizes it (Elasticsearch snapshots, with versioning). */
    s3GbPerBucket: number;
    /** GB of layers each image an ECR lifecycle policy keeps adds (layers shared between images are stored once). */
    ecrGbPerImage: number;
    /** Images a repository holds when no lifecycle policy caps them. */
    ecrImagesPerRepository: number;
    /** GB of upstream images a pull-through cache holds in each region it serves. */
    ecrGbPerPullThroughCache: number;
    /** Share of a node's vCPUs and memory that pods can request (kubelet and system reservations, DaemonSets take the rest). */
    allocatableShare: number;
}

export const DEFAULT_ASSUMPTIONS: UsageAssumptions = {
    hoursPerMonth: 730,
    natGbPerGateway: 100,
    nlcuPerLoadBalancer: 1,
    controlPlaneLogGbPerCluster: 30,
    s3GbPerBucket: 200,
    ecrGbPerImage: 0.2,
    ecrImagesPerRepository: 100,
    ecrGbPerPullThroughCache: 10,
    allocatableShare: 0.85,
};

/** How each figure reads in the estimate, with its unit. */
const DESCRIPTIONS: Record<keyof UsageAssumptions, { text: (figure: number) => string; unit: string }> = {
    hoursPerMonth: { text: (n) => `a month has ${n} hours, as AWS bills always-on resources`, unit: "hours" },
    natGbPerGateway: {
        text: (n) => `each NAT gateway processes ${n} GB a month (image pulls, AWS APIs, the internet); priced per GB in its region`,
        unit: "GB/month",
    },
    nlcuPerLoadBalancer: {
        text: (n) => `each Network Load Balancer uses ${n} NLCU an hour on average (800 new flows/s, 100,000 active flows or 1 GB/h)`,
        unit: "NLCU",
    },
    controlPlaneLogGbPerCluster: {
        text: (n) =>
            `each cluster with control-plane logging sends ${n} GB a month to CloudWatch Logs, priced at ingestion (storing them costs more per GB-month for as long as the log group keeps them: not estimated)`,
        unit: "GB/month",
    },
    s3GbPerBucket: { text: (n) => `an S3 bucket the plan does not size holds ${n} GB in S3 Standard`, unit: "GB" },
    ecrGbPerImage: { text: (n) => `each image a repository keeps adds ${n} GB of layers it does not share`, unit: "GB" },
    ecrImagesPerRepository: { text: (n) => `a repository without a lifecycle policy that caps it holds ${n} images`, unit: "images" },
    ecrGbPerPullThroughCache: { text: (n) => `each pull-through cache holds ${n} GB of upstream images in each region`, unit: "GB" },
    allocatableShare: {
        text: (n) =>
            `pods can request ${Math.round(n * 100)}% of a node's vCPUs and memory; workloads pinned to a pool raise its size to fit their requests`,
        unit: "share",
    },
};

/** The assumptions as the estimate lists them; `used` keeps only those some item rests on, in a stable order. */
export function describeAssumptions(figures: UsageAssumptions, used: ReadonlySet<string>): Assumption[] {
    return (Object.keys(DESCRIPTIONS) as (keyof UsageAssumptions)[])
        .filter((id) => used.has(id))
        .map((id) => ({ id, text: DESCRIPTIONS[id].text(figures[id]), figure: figures[id], unit: DESCRIPTIONS[id].unit }));
}
