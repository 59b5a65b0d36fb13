import { z } from "zod";

/**
 * The business rule the platform answers to: moving the workloads from VMs must not raise their bill by more than a
 * set share. `berth cost` fails (exit 1) when the plan's monthly estimate passes the limit.
 */
export const DEFAULT_MAX_INCREASE_PERCENT = 10;

const usd = z
    .number({
        error: (issue) =>
            typeof issue.input === "string" ? "must be a number of US dollars, without quotes or a currency sign" : undefined,
    })
    .positive({ error: "must be more than 0: the monthly VM bill the platform replaces, in US dollars" });

/** `platform:budget`: the monthly bill the platform is held to. */
export const budgetSchema = z.strictObject({
    /** What the workloads cost a month on VMs before the move, in US dollars: the baseline. Required. */
    baselineMonthlyUsd: usd,
    /** How far above the baseline the platform's estimate may go, in percent. @default 10 */
    maxIncreasePercent: z
        .number()
        .min(0, { error: "must be 0 or more: a budget below the baseline is a lower baselineMonthlyUsd" })
        .default(DEFAULT_MAX_INCREASE_PERCENT),
});

export type BudgetConfig = z.output<typeof budgetSchema>;
