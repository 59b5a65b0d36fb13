import { expect } from "chai";
import { CANARY_DEFAULTS } from "../../components";
import { parsePlatformConfig } from "../../stacks/config";
import { CANARY_CONFIG_DEFAULTS } from "../../stacks/config/canary";
import { ACCOUNT_IDS, cluster, problemsOf, prodCluster, today } from "../helpers/config";

const REGISTRY = { repositories: [{ name: "storefront" }] };
const app = (overrides: Record<string, unknown> = {}) => ({
    name: "storefront",
    clusters: ["dev-euw1"],
    image: { repository: "storefront", tag: "v1.4.2" },
    routing: { hosts: ["storefront.dev.example.com"] },
    ...overrides,
});
const dev = (workload: Record<string, unknown>) => ({ clusters: [cluster()], registry: REGISTRY, workloads: [workload] });
const prod = (workload: Record<string, unknown>) => ({
    allowedAccountIds: ACCOUNT_IDS,
    clusters: [prodCluster()],
    registry: { ...REGISTRY, ci: { pushRoleArn: "arn:aws:iam::123456789012:role/ci" } },
    workloads: [{ ...workload, clusters: ["prod-euw1"], routing: { hosts: ["apps.example.com"] } }],
});
const canaryOf = (raw: Record<string, unknown>, stack: "dev" | "prod") =>
    parsePlatformConfig(raw, { stack, today }).config.workloads[0].canary;

describe("stack config: workloads[].canary", () => {
    it("releases an application as canaries with the environment's defaults: quick in dev, the component's own in prod", () => {
        expect(canaryOf(dev(app({ canary: {} })), "dev")).to.deep.equal(CANARY_CONFIG_DEFAULTS.dev);
        expect(canaryOf(prod(app({ canary: {} })), "prod")).to.deep.equal(CANARY_DEFAULTS);
        expect(canaryOf(dev(app({ canary: { interval: "1m", minSuccessRate: 99.9 } })), "dev")).to.deep.include({
            interval: "1m",
            minSuccessRate: 99.9,
            stepWeight: CANARY_CONFIG_DEFAULTS.dev.stepWeight,
        });
        expect(canaryOf(dev(app()), "dev")).to.equal(undefined);
    });

    it("refuses bad settings with the component's own rules, each at its key path", () => {
        expect(
            problemsOf(dev(app({ canary: { stepWeight: 0, interval: "1h", maxLatency: 500, failedChecks: 30, speed: 2 } }))),
        ).to.deep.equal([
            "platform:workloads[0].canary.maxLatency: must be text (got 500)",
            "platform:workloads[0].canary.speed: unknown key; the keys here are stepWeight, maxWeight, interval, failedChecks, minSuccessRate, maxLatency",
            "platform:workloads[0].canary.stepWeight: must be a whole percentage, 1-100 (got 0)",
            'platform:workloads[0].canary.interval: must be a duration from "30s" to "30m", in whole seconds or minutes such as "1m" (got 1h)',
            "platform:workloads[0].canary.failedChecks: must be a whole number, 1-20 (got 30)",
        ]);
        expect(problemsOf(dev(app({ canary: true })))).to.deep.equal([
            "platform:workloads[0].canary: must be a map such as { stepWeight: 10, maxWeight: 50 }, or {} for the environment's defaults (got true)",
        ]);
    });

    it("refuses steps that would overshoot the maximum weight, naming the environment's default it meets", () => {
        expect(problemsOf(dev(app({ canary: { stepWeight: 20 } })))).to.deep.equal([
            "platform:workloads[0].canary.stepWeight: must divide maxWeight (got 20, maxWeight 50, the dev default): Flagger adds stepWeight until it reaches maxWeight or more; set maxWeight too",
        ]);
        expect(problemsOf(prod(app({ canary: { maxWeight: 45 } })), "prod")).to.deep.equal([
            "platform:workloads[0].canary.maxWeight: must be a multiple of stepWeight (got 45, stepWeight 10, the prod default): Flagger adds stepWeight until it reaches maxWeight or more; set stepWeight too",
        ]);
        expect(problemsOf(dev(app({ canary: { stepWeight: 30, maxWeight: 50 } })))[0]).to.contain(
            "platform:workloads[0].canary.maxWeight: must be a multiple of stepWeight (got 50, stepWeight 30)",
        );
    });

    it("refuses canary releases of an application without routes, which Flagger would have no traffic to shift in", () => {
        expect(problemsOf(dev(app({ routing: undefined, canary: {} })))).to.deep.equal([
            "platform:workloads[0].routing: is required with platform:workloads[0].canary: Flagger shifts the application's traffic in its VirtualService on the gateway, so the application needs hosts",
        ]);
    });
});
