/** The `cost` field of the plan document: Berth's monthly estimate of what a stack costs to run, in USD. */
export interface CostEstimate {
    currency: "USD";
    /** The point estimate: every node pool at its starting size (raised where pinned workloads need more). */
    monthly: number;
    /** Every node pool at its minimum size (raised where pinned workloads need more). */
    min: number;
    /** Every node pool at its maximum size. */
    max: number;
    /** Largest first. */
    items: CostItem[];
    /** Totals per cluster, and for what belongs to no cluster (the registry) under "(environment)". */
    byScope: Record<string, CostRange>;
    spot: SpotSaving;
    /** The check against `platform:budget`, when the stack sets one. */
    budget?: BudgetCheck;
    /** Every usage figure the estimate assumes, with the figure. */
    assumptions: Assumption[];
    /** The price files used, each with its source and the day it was checked. */
    prices: PriceSource[];
    /** What the estimate could not price or had to adjust, one line each. */
    notes: string[];
    /** What no estimate from a plan can include. */
    excluded: string[];
}

export interface CostRange {
    monthly: number;
    min: number;
    max: number;
}

export type CostCategory =
    | "control plane"
    | "control-plane logs"
    | "nodes"
    | "root volumes"
    | "volumes"
    | "NAT gateways"
    | "load balancers"
    | "public IPv4"
    | "KMS keys"
    | "S3"
    | "ECR";

/** One line of the estimate. Its `detail` spells out the arithmetic, so that a reviewer can check the figure. */
export interface CostItem extends CostRange {
    /** The cluster it belongs to, or "(environment)". */
    scope: string;
    region: string;
    category: CostCategory;
    /** What it prices: a node pool, a load balancer Service, a volume claim, ... */
    name: string;
    /** Quantities times unit prices, e.g. "3 nodes × $0.214/h (m6i.xlarge) × 730 h". */
    detail: string;
    /** For a spot pool: what the same nodes cost on demand (the pool's first instance type, as EKS launches it). */
    onDemand?: CostRange;
    /** Ids of the assumptions the figure rests on. */
    assumptions?: string[];
}

/** What spot capacity saves against running every pool on demand, at the point estimate. */
export interface SpotSaving {
    /** The spot pools' nodes as estimated. */
    spotMonthly: number;
    /** The same nodes on demand. */
    onDemandMonthly: number;
    saving: number;
    /** The whole estimate with every pool on demand. */
    allOnDemandMonthly: number;
    /** monthly / allOnDemandMonthly: below 1 is what spot saves. */
    ratio: number;
}

export interface BudgetCheck {
    /** The VM bill the platform replaces, per month. */
    baselineMonthlyUsd: number;
    maxIncreasePercent: number;
    /** baseline × (1 + maxIncreasePercent / 100). */
    limitMonthlyUsd: number;
    /** The point estimate, against the limit. */
    estimateMonthlyUsd: number;
    withinBudget: boolean;
    /** limit − estimate: negative when over. */
    headroomUsd: number;
    /** How far the estimate is above (or, negative, below) the baseline, in percent. */
    increasePercent: number;
    /** Whether the pools at their maximum sizes would pass the limit too. */
    maxWithinBudget: boolean;
}

export interface Assumption {
    id: string;
    /** What is assumed, with the figure, e.g. "each NAT gateway processes 100 GB a month". */
    text: string;
    figure: number;
    unit: string;
}

export interface PriceSource {
    region: string;
    source: string;
    checked: string;
    /** The day the spot savings were read: spot prices move faster than list prices. */
    spotChecked: string;
}
