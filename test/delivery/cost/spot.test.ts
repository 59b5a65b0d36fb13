import { expect } from "chai";
import { estimateCost } from "../../../delivery/cost/estimate";
import type { PlanDocument } from "../../../delivery/plan";
import { planOf } from "../../helpers/plans";

/**
 * The same plan with every node group on demand. prod's config refuses a stack without a spot pool (spot capacity is
 * what keeps it within budget), so the all-on-demand stack can only be had from the same plan: the node groups'
 * capacity type is the whole difference between the two, and every other input, pinned pods included, stays put.
 */
function allOnDemand(plan: PlanDocument): PlanDocument {
    return {
        ...plan,
        resources: plan.resources.map((r) =>
            r.type === "aws:eks/nodeGroup:NodeGroup" ? { ...r, inputs: { ...r.inputs, capacityType: "ON_DEMAND" } } : r,
        ),
    };
}

describe("what spot capacity saves", () => {
    it("prod with its spot pools costs about 0.83 of the same stack with every pool on demand", async () => {
        const prod = await planOf("prod");
        const onDemand = estimateCost(allOnDemand(prod));
        const ratio = prod.cost!.monthly / onDemand.monthly;
        expect(ratio).to.be.within(0.78, 0.88);
        expect(onDemand.monthly - prod.cost!.monthly).to.be.above(300);
        // What `berth cost` prints is the same comparison, made without a second estimate.
        expect(prod.cost!.spot.allOnDemandMonthly).to.equal(onDemand.monthly);
        expect(prod.cost!.spot.saving).to.equal(Math.round((onDemand.monthly - prod.cost!.monthly) * 100) / 100);
        expect(prod.cost!.spot.ratio).to.equal(Math.round(ratio * 1000) / 1000);
        expect(onDemand.spot).to.include({ spotMonthly: 0, saving: 0, ratio: 1 });
    });

    it("saves in dev too, where one spot node runs beside the on-demand system pool: about 0.91", async () => {
        const dev = await planOf("dev");
        const ratio = dev.cost!.monthly / estimateCost(allOnDemand(dev)).monthly;
        expect(ratio).to.be.within(0.85, 0.95);
    });
});
