import { expect } from "chai";
import { biggestItems, checkBudget } from "../../../delivery/cost/budget";
import { estimateCost } from "../../../delivery/cost/estimate";
import { renderCost } from "../../../delivery/cost/render";
import type { PlanDocument } from "../../../delivery/plan";
import { planOf } from "../../helpers/plans";

/** The plan as the program would export another platform:budget (or none). */
const withBudget = (plan: PlanDocument, budget: unknown): PlanDocument => {
    const { cost: _cost, ...rest } = plan;
    return { ...rest, outputs: { ...plan.outputs, budget } };
};

describe("the budget check", () => {
    let dev: PlanDocument;
    before(async () => {
        dev = await planOf("dev");
    });

    it("reaches the estimate through the program's budget output, as platform:budget resolves it", () => {
        expect(dev.outputs.budget).to.deep.equal({ baselineMonthlyUsd: 420, maxIncreasePercent: 10 });
        expect(dev.cost!.budget).to.include({ baselineMonthlyUsd: 420, maxIncreasePercent: 10, limitMonthlyUsd: 462, withinBudget: true });
    });

    it("passes within the limit and says the headroom", () => {
        const budget = estimateCost(withBudget(dev, { baselineMonthlyUsd: 420, maxIncreasePercent: 10 })).budget!;
        const estimate = dev.cost!.monthly;
        expect(budget).to.include({ limitMonthlyUsd: 462, estimateMonthlyUsd: estimate, withinBudget: true });
        expect(budget.headroomUsd).to.equal(Math.round((462 - estimate) * 100) / 100);
        expect(budget.increasePercent).to.equal(Math.round(((estimate - 420) / 420) * 1000) / 10);
        const report = renderCost(withBudget(dev, { baselineMonthlyUsd: 420, maxIncreasePercent: 10 }));
        expect(report).to.include({ withinBudget: true, failure: "" });
        expect(report.body).to.contain(
            `Budget: within the limit $462.00 (baseline $420.00 + 10%): $${budget.headroomUsd.toFixed(2)} headroom`,
        );
    });

    it("fails over the limit, naming the biggest items", () => {
        const plan = withBudget(dev, { baselineMonthlyUsd: 300, maxIncreasePercent: 10 });
        const budget = estimateCost(plan).budget!;
        expect(budget).to.include({ limitMonthlyUsd: 330, withinBudget: false });
        expect(budget.headroomUsd).to.be.below(0);
        const report = renderCost(plan);
        expect(report.withinBudget).to.equal(false);
        expect(report.failure).to.match(
            /^error: over budget: the estimate \$[\d.]+ a month passes the limit \$330\.00 \(baseline \$300\.00 \+ 10%\)/,
        );
        expect(report.failure).to.contain("Biggest items: dev-euw1 nodes system $133.15, dev-euw1 control plane dev-euw1 $73.00");
    });

    it("holds the estimate at the pools' starting sizes to the limit, and says whether their maximum sizes would pass it", () => {
        const atStart = estimateCost(withBudget(dev, { baselineMonthlyUsd: 420, maxIncreasePercent: 10 })).budget!;
        expect(atStart).to.include({ withinBudget: true, maxWithinBudget: false });
        const generous = estimateCost(withBudget(dev, { baselineMonthlyUsd: 1000, maxIncreasePercent: 0 })).budget!;
        expect(generous).to.include({ withinBudget: true, maxWithinBudget: true, limitMonthlyUsd: 1000 });
    });

    it("checks nothing when the plan carries no budget", () => {
        const plan = withBudget(dev, undefined);
        expect(estimateCost(plan).budget).to.equal(undefined);
        expect(renderCost(plan)).to.include({ withinBudget: true, failure: "" });
        expect(renderCost(plan).body).to.contain("Budget: none set (platform:budget in the stack's config");
        expect(checkBudget({ budget: { baselineMonthlyUsd: "[secret]", maxIncreasePercent: 10 } }, { monthly: 1, max: 1 })).to.equal(
            undefined,
        );
    });

    it("lists the biggest items largest first", () => {
        const amounts = biggestItems(dev.cost!.items, 3).map((i) => i.monthly);
        expect(amounts).to.deep.equal([...amounts].sort((a, b) => b - a));
        expect(amounts).to.have.length(3);
    });
});
