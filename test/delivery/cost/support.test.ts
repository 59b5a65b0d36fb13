import { expect } from "chai";
import { planOffThread, REPO } from "../../helpers/plans";

describe("the plan's control-plane support tier", () => {
    // Planned as mocha loads this file, in the worker thread. 1.35 leaves EKS standard support on 2027-03-27.
    const afterEndOfSupport = planOffThread({ stack: "dev", dir: REPO }, "2027-04-01");

    it("comes from the program on the plan's day: past the end of standard support, the control plane costs $0.60 an hour", async () => {
        const plan = await afterEndOfSupport;
        expect(plan.outputs.controlPlaneSupport).to.deep.equal({ "dev-euw1": "extended" });
        const controlPlane = plan.cost!.items.find((i) => i.category === "control plane")!;
        expect(controlPlane).to.include({ monthly: 438, min: 438, max: 438 });
        expect(controlPlane.detail).to.equal("EKS extended support (past the end of standard support): $0.6/h × 730 h");
        expect(plan.warnings.map((w) => w.message).join("\n")).to.contain("extended support");
    });
});
