/**
 * How a canary release of one application proceeds: the share of traffic the new version gets at each step, how often
 * the analysis checks it, and the thresholds a check must meet. Every field left out takes `CANARY_DEFAULTS`.
 */
export interface CanaryArgs {
    /** Percent of traffic added to the new version at each step. 1-100, a divisor of `maxWeight`. @default 10 */
    stepWeight?: number;
    /** Percent of traffic the new version reaches before it is promoted. 1-100, a multiple of `stepWeight`. @default 50 */
    maxWeight?: number;
    /** Time between two checks (and two steps), "30s" to "30m", in seconds or minutes as Flagger reads it. @default "1m" */
    interval?: string;
    /** Failed checks after which the release is rolled back. 1-20. @default 5 */
    failedChecks?: number;
    /** Lowest percentage of the new version's requests that may not end in a 5xx response, at each check. @default 99 */
    minSuccessRate?: number;
    /** Highest 99th-percentile request duration of the new version, at each check: "500ms", "2s". @default "500ms" */
    maxLatency?: string;
}

/** A canary release with every default applied. */
export type CanarySettings = Required<CanaryArgs>;

/**
 * Safe for production: ten steps of 10% up to half the traffic, one check a minute, five failed checks (five minutes of
 * a bad release on at most half the traffic) before a rollback, so that one slow scrape does not roll back a good one.
 */
export const CANARY_DEFAULTS: CanarySettings = {
    stepWeight: 10,
    maxWeight: 50,
    interval: "1m",
    failedChecks: 5,
    minSuccessRate: 99,
    maxLatency: "500ms",
};

/** The settings of a canary whose arguments passed validation. */
export function canarySettings(args: CanaryArgs): CanarySettings {
    return { ...CANARY_DEFAULTS, ...definedOnly(args) };
}

function definedOnly(args: CanaryArgs): CanaryArgs {
    return Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined));
}

/**
 * The traffic weights a release passes through, one per check, before it is promoted: [10, 20, 30, 40, 50]. Flagger
 * adds `stepWeight` until it reaches `maxWeight` or more, which is why `maxWeight` must be a multiple of it.
 */
export function canaryWeights(settings: Pick<CanarySettings, "stepWeight" | "maxWeight">): number[] {
    const weights: number[] = [];
    for (let weight = settings.stepWeight; weight <= settings.maxWeight; weight += settings.stepWeight) weights.push(weight);
    return weights;
}
