import type { ArgProblem } from "../lib/argProblems";
import type { CanaryArgs } from "./settings";

/** An analysis interval as Flagger's Canary schema takes it: whole seconds or minutes. */
export const CANARY_INTERVAL = /^[1-9]\d*(s|m)$/;

/** A latency threshold: whole milliseconds or seconds. */
export const LATENCY = /^[1-9]\d*(ms|s)$/;

/** Interval bounds: checks closer than 30s see less than one scrape of the mesh; further than 30m make a release take hours. */
const INTERVAL_SECONDS = { min: 30, max: 30 * 60 } as const;

/** Seconds of an interval such as "30s" or "2m"; NaN for anything else. */
export function intervalSeconds(interval: string): number {
    if (!CANARY_INTERVAL.test(interval)) return Number.NaN;
    return parseInt(interval, 10) * (interval.endsWith("m") ? 60 : 1);
}

/** Milliseconds of a latency such as "500ms" or "2s"; NaN for anything else. */
export function latencyMilliseconds(latency: string): number {
    if (!LATENCY.test(latency)) return Number.NaN;
    return parseInt(latency, 10) * (latency.endsWith("ms") ? 1 : 1000);
}

const whole = (value: unknown, min: number, max: number): value is number =>
    typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;

/**
 * Every problem with a canary's settings, each at its key ("stepWeight", ...). The Workload component reports them
 * under `canary.`, the stack config under `platform:workloads[i].canary.`.
 */
export function canaryArgProblems(args: CanaryArgs): ArgProblem[] {
    const problems: ArgProblem[] = [];
    const add = (propertyPath: string, reason: string) => problems.push({ propertyPath, reason });
    const { stepWeight, maxWeight, interval, failedChecks, minSuccessRate, maxLatency } = args;
    if (stepWeight !== undefined && !whole(stepWeight, 1, 100)) add("stepWeight", `must be a whole percentage, 1-100 (got ${stepWeight})`);
    if (maxWeight !== undefined && !whole(maxWeight, 1, 100)) add("maxWeight", `must be a whole percentage, 1-100 (got ${maxWeight})`);
    if (whole(stepWeight, 1, 100) && whole(maxWeight, 1, 100) && maxWeight % stepWeight !== 0) {
        add(
            "maxWeight",
            `must be a multiple of stepWeight (got ${maxWeight}, stepWeight ${stepWeight}): Flagger adds stepWeight until it reaches maxWeight or more, so it would send ${Math.ceil(maxWeight / stepWeight) * stepWeight}% to the new version`,
        );
    }
    if (interval !== undefined) {
        const seconds = intervalSeconds(interval);
        if (!(seconds >= INTERVAL_SECONDS.min && seconds <= INTERVAL_SECONDS.max)) {
            add("interval", `must be a duration from "30s" to "30m", in whole seconds or minutes such as "1m" (got ${interval})`);
        }
    }
    if (failedChecks !== undefined && !whole(failedChecks, 1, 20)) {
        add("failedChecks", `must be a whole number, 1-20 (got ${failedChecks})`);
    }
    if (minSuccessRate !== undefined && !(typeof minSuccessRate === "number" && minSuccessRate > 0 && minSuccessRate <= 100)) {
        add("minSuccessRate", `must be a percentage above 0 and at most 100, such as 99 or 99.9 (got ${minSuccessRate})`);
    }
    if (maxLatency !== undefined && !(latencyMilliseconds(maxLatency) <= 60_000)) {
        add("maxLatency", `must be a duration up to "60s", in whole milliseconds or seconds such as "500ms" (got ${maxLatency})`);
    }
    return problems;
}
