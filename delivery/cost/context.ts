import type { Registration } from "../monitor";
import type { UsageAssumptions } from "./assumptions";
import type { PlanIndex } from "./planIndex";
import type { PriceBook, RegionPrices } from "./prices";

/** What every part of the estimate reads, and where it records what it could not price. */
export interface EstimateContext {
    index: PlanIndex;
    prices: PriceBook;
    assumptions: UsageAssumptions;
    /** Lines for the estimate's notes; each part adds what it could not price, and why. */
    notes: string[];
}

/** A resource's region and that region's prices; undefined (with a note) when either is missing. */
export function regionalPrices(
    context: EstimateContext,
    resource: Registration,
    what: string,
): { region: string; prices: RegionPrices } | undefined {
    const region = context.index.regionOf(resource);
    if (region === undefined) {
        context.notes.push(`${what} ${resource.name}: not priced, the plan does not say which region it is in`);
        return undefined;
    }
    const prices = context.prices(region);
    if (prices === undefined) {
        context.notes.push(`${what} ${resource.name}: not priced, there is no price file for ${region} (delivery/cost/prices)`);
        return undefined;
    }
    return { region, prices };
}
