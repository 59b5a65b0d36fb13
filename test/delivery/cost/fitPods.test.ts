import { expect } from "chai";
import { admits, fitPinnedPods, PoolShape } from "../../../delivery/cost/fitPods";
import type { PinnedPods } from "../../../delivery/cost/pinnedWorkloads";

const pool = (name: string, more: Partial<PoolShape> = {}): PoolShape => ({
    name,
    labels: { "berth.dev/pool": name, "berth.dev/capacity-type": "on-demand" },
    taints: [],
    allocatable: { cpu: 3.4, memoryGiB: 13.6 },
    hourly: 0.2,
    ...more,
});

const pods = (name: string, replicas: number, cpu: number, memoryGiB: number, more: Partial<PinnedPods> = {}): PinnedPods => ({
    scope: "c",
    name,
    replicas,
    cpu,
    memoryGiB,
    nodeSelector: { "berth.dev/capacity-type": "on-demand" },
    tolerations: [],
    ...more,
});

const system = pool("system", { taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }], hourly: 0.1 });

describe("fitting pinned pods into node pools", () => {
    it("admits a pod whose nodeSelector matches the pool's labels and that tolerates its blocking taints", () => {
        const workload = pods("es", 1, 1, 1);
        expect(admits(pool("general"), workload)).to.equal(true);
        expect(admits(system, workload)).to.equal(false);
        expect(
            admits(system, {
                ...workload,
                tolerations: [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }],
            }),
        ).to.equal(true);
        expect(admits(system, { ...workload, tolerations: [{ operator: "Exists" }] })).to.equal(true);
        expect(admits(system, { ...workload, tolerations: [{ key: "CriticalAddonsOnly", value: "false" }] })).to.equal(false);
        expect(admits(pool("soft", { taints: [{ key: "x", effect: "PreferNoSchedule" }] }), workload)).to.equal(true);
        expect(admits(pool("general"), { ...workload, nodeSelector: { "berth.dev/capacity-type": "spot" } })).to.equal(false);
    });

    it("adds the nodes the pods need to a pool that starts empty, packing the largest first", () => {
        // Three 8 GiB pods need a node each; the two 4 GiB pods fit beside two of them.
        const fit = fitPinnedPods([pool("general")], new Map([["general", 0]]), [pods("hot", 3, 2, 8), pods("warm", 2, 1, 4)]);
        expect(fit).to.deep.equal({ counts: new Map([["general", 3]]), unplaced: [] });
    });

    it("uses the nodes a pool starts with before adding any, and adds to the cheapest pool that admits the pods", () => {
        const pools = [pool("general"), pool("cheap", { hourly: 0.1, labels: { "berth.dev/capacity-type": "on-demand" } })];
        const fit = fitPinnedPods(
            pools,
            new Map([
                ["general", 1],
                ["cheap", 0],
            ]),
            [pods("hot", 2, 2, 8)],
        );
        expect(fit.counts).to.deep.equal(
            new Map([
                ["general", 1],
                ["cheap", 1],
            ]),
        );
    });

    it("reports pods that no pool admits or that no node is big enough for, and leaves the pools as they start", () => {
        const fit = fitPinnedPods(
            [pool("general"), system],
            new Map([
                ["general", 1],
                ["system", 2],
            ]),
            [pods("spotty", 1, 1, 1, { nodeSelector: { "berth.dev/capacity-type": "spot" } }), pods("huge", 1, 1, 64)],
        );
        expect(fit.counts).to.deep.equal(
            new Map([
                ["general", 1],
                ["system", 2],
            ]),
        );
        expect(fit.unplaced).to.deep.equal([
            "huge: it requests more than one node of the pools that admit it offers",
            "spotty: no node pool admits it (nodeSelector and taints)",
        ]);
    });
});
