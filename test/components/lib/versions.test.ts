import { expect } from "chai";
import { DEFAULT_KUBERNETES_MINOR, KUBERNETES_MINORS, minorSupport } from "../../../components/lib/versions";

describe("versions table", () => {
    const today = new Date("2026-11-26T12:00:00Z");

    it("lists minors newest first, each with a real end-of-standard-support date", () => {
        const minors = KUBERNETES_MINORS.map((entry) => Number(entry.minor.split(".")[1]));
        expect(minors).to.deep.equal([...minors].sort((a, b) => b - a));
        for (const entry of KUBERNETES_MINORS) {
            expect(Number.isNaN(Date.parse(entry.endOfStandardSupport)), entry.minor).to.equal(false);
        }
    });

    it("defaults to a minor that is listed and inside standard support", () => {
        expect(minorSupport(DEFAULT_KUBERNETES_MINOR, today).status).to.equal("supported");
    });

    it("classifies a minor as supported, ending within 60 days, ended or unknown", () => {
        expect(minorSupport("1.35", today)).to.deep.equal({ status: "supported", endOfStandardSupport: "2027-03-27" });
        expect(minorSupport("1.34", today)).to.deep.equal({ status: "ending", endOfStandardSupport: "2026-12-02", daysLeft: 6 });
        expect(minorSupport("1.33", today)).to.deep.equal({ status: "ended", endOfStandardSupport: "2026-07-29" });
        expect(minorSupport("1.28", today)).to.deep.equal({ status: "unknown", known: ["1.35", "1.34", "1.33", "1.32"] });
    });

    it("counts the last day of support as supported and the day after as ended", () => {
        expect(minorSupport("1.34", new Date("2026-12-02T20:00:00Z")).status).to.equal("ending");
        expect(minorSupport("1.34", new Date("2026-12-03T00:00:01Z")).status).to.equal("ended");
        expect(minorSupport("1.35", new Date("2027-01-25T00:00:00Z")).status).to.equal("supported");
        expect(minorSupport("1.35", new Date("2027-01-27T12:00:00Z")).status).to.equal("ending");
    });
});
