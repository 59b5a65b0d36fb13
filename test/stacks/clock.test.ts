import { expect } from "chai";
import { today } from "../../stacks/clock";

describe("the program's today", () => {
    it("is the day BERTH_TODAY names, at noon UTC so that no time zone moves it to another date", () => {
        expect(today({ BERTH_TODAY: "2027-04-01" }).toISOString()).to.equal("2027-04-01T12:00:00.000Z");
        expect(today({ BERTH_TODAY: "2027-04-01T08:30:00Z" }).toISOString()).to.equal("2027-04-01T08:30:00.000Z");
    });

    it("is the real date when BERTH_TODAY is unset or empty", () => {
        for (const env of [{}, { BERTH_TODAY: "" }]) {
            expect(Math.abs(today(env).getTime() - Date.now())).to.be.below(60_000);
        }
    });

    it("refuses a BERTH_TODAY that is not a date, naming the value", () => {
        expect(() => today({ BERTH_TODAY: "next tuesday" })).to.throw('BERTH_TODAY must be a date such as 2026-11-28 (got "next tuesday")');
    });
});
