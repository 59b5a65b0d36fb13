import { codeUnitOrder } from "../codeUnitOrder";
import type { PlanDocument } from "../plan";
import { DEFAULT_ASSUMPTIONS, describeAssumptions, UsageAssumptions } from "./assumptions";
import { checkBudget } from "./budget";
import type { EstimateContext } from "./context";
import { controlPlaneItems } from "./controlPlane";
import { cents } from "./money";
import { networkItems } from "./network";
import { nodePoolItems } from "./nodePools";
import { indexPlan } from "./planIndex";
import { PriceBook, priceFiles } from "./prices";
import { storageItems } from "./storage";
import type { CostEstimate, CostItem, CostRange } from "./types";
import { volumeItems } from "./volumes";

export interface EstimateOptions {
    /** Where prices come from. @default the shipped files in delivery/cost/prices */
    prices?: PriceBook;
    /** Usage figures to use instead of the defaults (DEFAULT_ASSUMPTIONS). @default none */
    assumptions?: Partial<UsageAssumptions>;
}

const shippedPrices = priceFiles();

/** Costs that depend on traffic and habits no plan shows, and discounts bought outside it. */
const EXCLUDED = [
    "data transfer: between zones, across the VPC peering, to the internet",
    "requests: KMS, S3, ECR API calls; CloudWatch metrics and stored log data",
    "EBS snapshots and S3 versions beyond the assumed bucket size",
    "Savings Plans, Reserved Instances and credits, which lower the on-demand figures; taxes",
];

/**
 * A plan's monthly cost, itemised per cluster. Pure apart from reading the price files: the same plan and prices always
 * give the same estimate, and a plan it cannot fully read gives notes, never an error.
 */
export function estimateCost(plan: PlanDocument, options: EstimateOptions = {}): CostEstimate {
    const context: EstimateContext = {
        index: indexPlan(plan),
        prices: options.prices ?? shippedPrices,
        assumptions: { ...DEFAULT_ASSUMPTIONS, ...options.assumptions },
        notes: [],
    };
    const items = [
        ...controlPlaneItems(context),
        ...nodePoolItems(context),
        ...volumeItems(context),
        ...networkItems(context),
        ...storageItems(context),
    ].sort((a, b) => b.monthly - a.monthly || codeUnitOrder(a.scope, b.scope) || codeUnitOrder(a.name, b.name));
    const total = sum(items);
    const spotPools = items.filter((item) => item.onDemand !== undefined);
    const spotMonthly = sum(spotPools).monthly;
    const onDemandMonthly = cents(spotPools.reduce((s, item) => s + item.onDemand!.monthly, 0));
    const allOnDemandMonthly = cents(total.monthly - spotMonthly + onDemandMonthly);
    const regions = [...new Set(items.map((item) => item.region))].sort();
    const budget = checkBudget(plan.outputs, total);
    return {
        currency: "USD",
        ...total,
        items,
        byScope: Object.fromEntries(
            [...new Set(items.map((item) => item.scope))].map((scope) => [scope, sum(items.filter((i) => i.scope === scope))]),
        ),
        spot: {
            spotMonthly,
            onDemandMonthly,
            saving: cents(onDemandMonthly - spotMonthly),
            allOnDemandMonthly,
            ratio: allOnDemandMonthly > 0 ? Math.round((total.monthly / allOnDemandMonthly) * 1000) / 1000 : 1,
        },
        ...(budget ? { budget } : {}),
        assumptions: describeAssumptions(context.assumptions, new Set(items.flatMap((item) => item.assumptions ?? []))),
        prices: regions.map((region) => {
            const prices = context.prices(region)!;
            return { region, source: prices.source, checked: prices.checked, spotChecked: prices.spot.checked };
        }),
        notes: [...new Set(context.notes)],
        excluded: EXCLUDED,
    };
}

function sum(items: CostItem[]): CostRange {
    const add = (key: keyof CostRange) => cents(items.reduce((total, item) => total + item[key], 0));
    return { monthly: add("monthly"), min: add("min"), max: add("max") };
}
