import { expect } from "chai";
import { parsePlatformConfig } from "../../stacks/config";
import { cluster, problemsOf, today } from "../helpers/config";

const parse = (budget: unknown) => parsePlatformConfig({ budget, clusters: [cluster()] }, { stack: "dev", today }).config.budget;

describe("stack config: budget", () => {
    it("takes the VM bill as the baseline and 10% as the default increase", () => {
        expect(parse({ baselineMonthlyUsd: 1250.5 })).to.deep.equal({ baselineMonthlyUsd: 1250.5, maxIncreasePercent: 10 });
        expect(parse({ baselineMonthlyUsd: 800, maxIncreasePercent: 0 })).to.deep.equal({ baselineMonthlyUsd: 800, maxIncreasePercent: 0 });
    });

    it("is optional: without it nothing is checked", () => {
        expect(parse(undefined)).to.equal(undefined);
    });

    it("refuses a missing, quoted or non-positive baseline and a negative increase, by key path", () => {
        expect(problemsOf({ budget: { maxIncreasePercent: 10 }, clusters: [cluster()] })).to.deep.equal([
            "platform:budget.baselineMonthlyUsd: is required",
        ]);
        expect(problemsOf({ budget: { baselineMonthlyUsd: "$900" }, clusters: [cluster()] })).to.deep.equal([
            'platform:budget.baselineMonthlyUsd: must be a number of US dollars, without quotes or a currency sign (got "$900")',
        ]);
        expect(problemsOf({ budget: { baselineMonthlyUsd: 0, maxIncreasePercent: -5 }, clusters: [cluster()] })).to.deep.equal([
            "platform:budget.baselineMonthlyUsd: must be more than 0: the monthly VM bill the platform replaces, in US dollars (got 0)",
            "platform:budget.maxIncreasePercent: must be 0 or more: a budget below the baseline is a lower baselineMonthlyUsd (got -5)",
        ]);
    });

    it("refuses keys it does not know, suggesting the one meant", () => {
        const [problem] = problemsOf({ budget: { baselineMonthlyUsd: 900, maxIncrease: 10 }, clusters: [cluster()] });
        expect(problem).to.match(/^platform:budget\.maxIncrease: /);
        expect(problem).to.contain("maxIncreasePercent");
    });
});
