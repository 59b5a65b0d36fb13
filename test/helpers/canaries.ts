import type { CanarySummary } from "../../delivery/canaries";

/** The dev stack's "shop" canary as a run's result lists it: two steps of 25% and 50%, two checks, every 30 s. */
export function shopCanary(overrides: Partial<CanarySummary> = {}): CanarySummary {
    return {
        resource: "dev-euw1-shop-canary",
        cluster: "dev-euw1",
        namespace: "shop",
        name: "shop",
        target: "shop",
        hosts: ["shop.dev.example.com"],
        weights: [25, 50],
        interval: "30s",
        failedChecks: 3,
        checks: [
            { name: "success-rate", template: "istio-system/berth-request-success-rate", min: 99, window: "60s" },
            { name: "latency-p99", template: "istio-system/berth-request-duration-p99", max: 500, window: "60s" },
        ],
        secondsToPromote: 90,
        secondsToRollback: 90,
        ...overrides,
    };
}
