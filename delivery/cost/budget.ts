import { num, record } from "./inputs";
import { cents } from "./money";
import type { BudgetCheck, CostItem } from "./types";

/**
 * The stack output through which `platform:budget` reaches the estimate. The plan document is all `berth cost` reads
 * (and all a CI job that saved it has), so the program exports the budget the config layer validated, rather than the
 * cost command parsing the stack's config a second time outside `stacks/`.
 */
export const BUDGET_OUTPUT = "budget";

/** The budget check, or undefined when the plan carries no budget. */
export function checkBudget(outputs: Record<string, unknown>, estimate: { monthly: number; max: number }): BudgetCheck | undefined {
    const budget = record(outputs[BUDGET_OUTPUT]);
    const baseline = num(budget.baselineMonthlyUsd);
    const maxIncreasePercent = num(budget.maxIncreasePercent);
    if (baseline === undefined || maxIncreasePercent === undefined) return undefined;
    const limit = cents(baseline * (1 + maxIncreasePercent / 100));
    return {
        baselineMonthlyUsd: baseline,
        maxIncreasePercent,
        limitMonthlyUsd: limit,
        estimateMonthlyUsd: estimate.monthly,
        withinBudget: estimate.monthly <= limit,
        headroomUsd: cents(limit - estimate.monthly),
        increasePercent: Math.round(((estimate.monthly - baseline) / baseline) * 1000) / 10,
        maxWithinBudget: estimate.max <= limit,
    };
}

/** The items that make up most of the bill, for the message of a failed check: largest first, at most `limit`. */
export function biggestItems(items: CostItem[], limit = 5): CostItem[] {
    return [...items].sort((a, b) => b.monthly - a.monthly).slice(0, limit);
}
