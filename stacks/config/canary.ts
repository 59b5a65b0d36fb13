import { z } from "zod";
import { CANARY_DEFAULTS, CanaryArgs, canaryArgProblems, CanarySettings } from "../../components";
import type { Environment } from "./defaults";
import { everyMap, isMap, Loose, wholeOrUndefined } from "./partial";

/** Per-environment canary settings; the README's config reference lists the same values. */
export const CANARY_CONFIG_DEFAULTS: Record<Environment, CanarySettings> = {
    // dev: a verdict within three minutes (two steps, a check every 30s), and a rollback after three failed checks.
    dev: { ...CANARY_DEFAULTS, stepWeight: 25, maxWeight: 50, interval: "30s", failedChecks: 3 },
    // prod: the component's defaults, which are chosen for production.
    prod: CANARY_DEFAULTS,
};

/** The keys of a canary that hold numbers, and those that hold durations. */
const NUMBERS = ["stepWeight", "maxWeight", "failedChecks", "minSuccessRate"] as const;
const DURATIONS = ["interval", "maxLatency"] as const;

/** The settings of a canary map whose values have the right types; the others have a problem of their own. */
function typedOnly(canary: Loose): CanaryArgs {
    const args: Record<string, unknown> = {};
    for (const key of NUMBERS) if (typeof canary[key] === "number") args[key] = canary[key];
    for (const key of DURATIONS) if (typeof canary[key] === "string") args[key] = canary[key];
    return args as CanaryArgs;
}

/**
 * `platform:workloads[].canary`: canary releases for the application, `{}` for the environment's defaults. The rules
 * on each value are the Workload component's own (`canaryArgProblems`).
 */
export const canarySchema = z
    .strictObject(
        {
            stepWeight: z.number().optional(),
            maxWeight: z.number().optional(),
            interval: z.string().optional(),
            failedChecks: z.number().optional(),
            minSuccessRate: z.number().optional(),
            maxLatency: z.string().optional(),
        },
        {
            error: (issue) =>
                issue.code === "invalid_type" && !isMap(issue.input)
                    ? "must be a map such as { stepWeight: 10, maxWeight: 50 }, or {} for the environment's defaults"
                    : undefined,
        },
    )
    .superRefine((canary: Loose, ctx) => {
        for (const problem of canaryArgProblems(typedOnly(canary))) {
            ctx.addIssue({ code: "custom", path: [problem.propertyPath], input: canary[problem.propertyPath], message: problem.reason });
        }
    }, everyMap);

/** A canary's settings with the environment's defaults applied. */
export function resolveCanary(environment: Environment, canary: CanaryArgs | undefined): CanarySettings | undefined {
    return canary && { ...CANARY_CONFIG_DEFAULTS[environment], ...canary };
}

type Issue = (path: PropertyKey[], input: unknown, message: string, nothingReceived?: boolean) => void;

/**
 * Rules a canary's settings meet only with the environment's defaults filled in, and with the rest of its application:
 * `maxWeight` a multiple of `stepWeight` when one of them is the default, and routes for Flagger to shift.
 */
export function checkCanary(environment: Environment, workload: Loose, index: number, issue: Issue): void {
    if (!isMap(workload.canary)) return;
    const canary = workload.canary;
    const defaults = CANARY_CONFIG_DEFAULTS[environment];
    const step = wholeOrUndefined(canary.stepWeight);
    const max = wholeOrUndefined(canary.maxWeight);
    if (step !== undefined && canary.maxWeight === undefined && step >= 1 && defaults.maxWeight % step !== 0) {
        issue(
            ["canary", "stepWeight"],
            step,
            `must divide maxWeight (got ${step}, maxWeight ${defaults.maxWeight}, the ${environment} default): Flagger adds stepWeight until it reaches maxWeight or more; set maxWeight too`,
        );
    }
    if (max !== undefined && canary.stepWeight === undefined && max >= 1 && max <= 100 && max % defaults.stepWeight !== 0) {
        issue(
            ["canary", "maxWeight"],
            max,
            `must be a multiple of stepWeight (got ${max}, stepWeight ${defaults.stepWeight}, the ${environment} default): Flagger adds stepWeight until it reaches maxWeight or more; set stepWeight too`,
        );
    }
    if (!isMap(workload.routing)) {
        issue(
            ["routing"],
            undefined,
            `is required with platform:workloads[${index}].canary: Flagger shifts the application's traffic in its VirtualService on the gateway, so the application needs hosts`,
            true,
        );
    }
}
