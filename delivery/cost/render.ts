import { codeUnitOrder } from "../codeUnitOrder";
import type { PlanDocument } from "../plan";
import { biggestItems } from "./budget";
import { estimateCost } from "./estimate";
import { usd } from "./money";
import { ENVIRONMENT } from "./planIndex";
import type { BudgetCheck, CostEstimate, CostItem, CostRange } from "./types";

/** `berth cost` as text: the report for stdout, and the verdict of the budget check. */
export interface CostReport {
    /** Header, items per cluster with their arithmetic, totals, the spot saving, the budget, assumptions, prices, notes. */
    body: string;
    /** False when the estimate passes the budget's limit. */
    withinBudget: boolean;
    /** One line for stderr when over budget, naming the biggest items; empty otherwise. */
    failure: string;
}

const NAME = 52;
const AMOUNT = 12;

export function renderCost(plan: PlanDocument): CostReport {
    const cost = plan.cost ?? estimateCost(plan);
    const scopes = [...new Set(cost.items.map((item) => item.scope))].sort(
        (a, b) => Number(a === ENVIRONMENT) - Number(b === ENVIRONMENT) || codeUnitOrder(a, b),
    );
    const lines = [
        `Cost estimate for ${plan.project}/${plan.stack}: ${usd(cost.monthly)} a month (${usd(cost.min)} to ${usd(cost.max)} as the node pools scale), ${cost.currency} list prices`,
        "",
        `${"".padEnd(NAME + 2)}${"a month".padStart(AMOUNT)}${"min".padStart(AMOUNT)}${"max".padStart(AMOUNT)}`,
        ...scopes.flatMap((scope) => scopeLines(scope, cost)),
        amounts("Total", cost, 0),
        "",
        ...spotLines(cost),
        ...budgetLines(cost.budget, cost),
        "",
        "Assumptions:",
        ...cost.assumptions.map((a) => `  - ${a.text}`),
        "",
        "Prices (delivery/cost/prices; `npm run refresh-prices` updates them):",
        ...cost.prices.map((p) => `  - ${p.region}: list prices checked ${p.checked}, spot savings ${p.spotChecked}`),
        "",
        "Not estimated:",
        ...cost.excluded.map((line) => `  - ${line}`),
        ...(cost.notes.length > 0 ? ["", "Notes:", ...cost.notes.map((note) => `  - ${note}`)] : []),
    ];
    const budget = cost.budget;
    return {
        body: lines.join("\n") + "\n",
        withinBudget: budget?.withinBudget ?? true,
        failure: budget && !budget.withinBudget ? overBudget(budget, cost.items) : "",
    };
}

function scopeLines(scope: string, cost: CostEstimate): string[] {
    const items = cost.items.filter((item) => item.scope === scope);
    const regions = [...new Set(items.map((item) => item.region))].join(", ");
    const title = scope === ENVIRONMENT ? `Environment (${regions})` : `Cluster ${scope} (${regions})`;
    return [
        title,
        ...items.flatMap((item) => [amounts(`${item.category}: ${item.name}`, item, 2), `${" ".repeat(6)}${item.detail}`]),
        amounts("subtotal", cost.byScope[scope], 2),
        "",
    ];
}

function amounts(label: string, range: CostRange, indent: number): string {
    const name = label.length > NAME + 2 - indent ? `${label.slice(0, NAME - 1 - indent)}…` : label;
    return `${" ".repeat(indent)}${name.padEnd(NAME + 2 - indent)}${[range.monthly, range.min, range.max].map((n) => usd(n).padStart(AMOUNT)).join("")}`;
}

function spotLines(cost: CostEstimate): string[] {
    const { spot } = cost;
    if (spot.onDemandMonthly === 0) return ["Spot: no spot pool has nodes at the point estimate."];
    return [
        `Spot: the spot pools' nodes cost ${usd(spot.spotMonthly)} a month, ${usd(spot.onDemandMonthly)} on demand: spot saves ${usd(spot.saving)}.`,
        `      With every pool on demand the stack would cost ${usd(spot.allOnDemandMonthly)}; with spot it costs ${spot.ratio} of that.`,
    ];
}

function budgetLines(budget: BudgetCheck | undefined, cost: CostEstimate): string[] {
    if (!budget) return ["Budget: none set (platform:budget in the stack's config: baselineMonthlyUsd, maxIncreasePercent)."];
    const limit = `the limit ${usd(budget.limitMonthlyUsd)} (baseline ${usd(budget.baselineMonthlyUsd)} + ${budget.maxIncreasePercent}%)`;
    const versus = `${Math.abs(budget.increasePercent)}% ${budget.increasePercent >= 0 ? "above" : "below"} the baseline`;
    const verdict = budget.withinBudget
        ? `Budget: within ${limit}: ${usd(budget.headroomUsd)} headroom (the estimate is ${versus}).`
        : `Budget: OVER ${limit} by ${usd(-budget.headroomUsd)} (the estimate is ${versus}).`;
    const atMax = budget.maxWithinBudget
        ? `        Even with every pool at its maximum size (${usd(cost.max)}) it stays within the limit.`
        : `        With every pool at its maximum size (${usd(cost.max)}) it would not: the autoscaler's maxSize values allow more than the budget.`;
    return [verdict, atMax];
}

function overBudget(budget: BudgetCheck, items: CostItem[]): string {
    const biggest = biggestItems(items)
        .map((item) => `${item.scope === ENVIRONMENT ? "" : `${item.scope} `}${item.category} ${item.name} ${usd(item.monthly)}`)
        .join(", ");
    return `error: over budget: the estimate ${usd(budget.estimateMonthlyUsd)} a month passes the limit ${usd(budget.limitMonthlyUsd)} (baseline ${usd(budget.baselineMonthlyUsd)} + ${budget.maxIncreasePercent}%) by ${usd(-budget.headroomUsd)}. Biggest items: ${biggest}\n`;
}
