import { expect } from "chai";
import { CANARY_TYPE, canarySummaries } from "../../delivery/canaries";
import type { Registration } from "../../delivery/monitor";
import type { PlanDocument } from "../../delivery/plan";

const resource = (urn: string, type: string, parent: string | null, inputs: Record<string, unknown> = {}): Registration => ({
    urn,
    type,
    name: urn,
    custom: true,
    parent,
    provider: null,
    dependencies: [],
    protect: false,
    inputs,
});

const planWith = (...resources: Registration[]): PlanDocument => ({
    version: 1,
    project: "platform",
    stack: "dev",
    resources,
    outputs: {},
    summary: { resources: resources.length, byType: {} },
    warnings: [],
});

describe("delivery: canary summaries for the portal", () => {
    it("reads each Canary's steps, checks and timings, and the cluster above it", () => {
        const plan = planWith(
            resource("c1", "berth:cluster:Cluster", null),
            resource("w1", "berth:workload:Workload", "c1"),
            resource("shop-canary", CANARY_TYPE, "w1", {
                metadata: { name: "shop", namespace: "shop" },
                spec: {
                    targetRef: { name: "shop" },
                    service: { hosts: ["shop.example.com"] },
                    analysis: {
                        interval: "30s",
                        threshold: 3,
                        stepWeight: 20,
                        maxWeight: 50,
                        metrics: [
                            {
                                name: "success-rate",
                                templateRef: { name: "t", namespace: "istio-system" },
                                thresholdRange: { min: 99 },
                                interval: "60s",
                            },
                        ],
                    },
                },
            }),
        );
        expect(canarySummaries(plan)).to.deep.equal([
            {
                resource: "shop-canary",
                cluster: "c1",
                namespace: "shop",
                name: "shop",
                target: "shop",
                hosts: ["shop.example.com"],
                // Flagger steps past a maxWeight that is no multiple of stepWeight.
                weights: [20, 40, 60],
                interval: "30s",
                failedChecks: 3,
                checks: [{ name: "success-rate", template: "istio-system/t", min: 99, max: undefined, window: "60s" }],
                secondsToPromote: 120,
                secondsToRollback: 90,
            },
        ]);
    });

    it("leaves out what a plan does not know, and never throws", () => {
        const plan = planWith(resource("odd", CANARY_TYPE, "nowhere", { spec: { analysis: { interval: "[unknown]", metrics: "x" } } }));
        expect(canarySummaries(plan)).to.deep.equal([
            {
                resource: "odd",
                cluster: undefined,
                namespace: undefined,
                name: undefined,
                target: undefined,
                hosts: [],
                weights: [],
                interval: undefined,
                failedChecks: undefined,
                checks: [],
                secondsToPromote: undefined,
                secondsToRollback: undefined,
            },
        ]);
    });
});
