import { expect } from "chai";
import { metricsServerValues } from "../../../components/autoscaling";

const SYSTEM_POOL = {
    nodeSelector: { "berth.dev/pool": "system" },
    tolerations: [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }],
};

describe("metrics-server Helm values", () => {
    it("runs two replicas on the system pool behind a disruption budget", () => {
        expect(metricsServerValues(2)).to.deep.equal({
            replicas: 2,
            ...SYSTEM_POOL,
            podDisruptionBudget: { enabled: true, minAvailable: 1 },
        });
    });

    it("gives a single replica no budget, which would block every drain of its node", () => {
        expect(metricsServerValues(1)).to.deep.equal({ replicas: 1, ...SYSTEM_POOL, podDisruptionBudget: { enabled: false } });
    });
});
