import { expect } from "chai";
import {
    CHARTS,
    CLUSTER_AUTOSCALER_CHARTS,
    clusterAutoscalerChart,
    DEFAULT_KUBERNETES_MINOR,
    KUBERNETES_MINORS,
    minorSupport,
    PinnedChart,
} from "../../../components/lib/versions";

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

    it("counts a minor past the end of its extended support, twelve months after standard support, as expired", () => {
        expect(minorSupport("1.35", new Date("2028-03-27T20:00:00Z")).status).to.equal("ended");
        expect(minorSupport("1.35", new Date("2028-03-28T00:00:01Z"))).to.deep.equal({
            status: "expired",
            endOfStandardSupport: "2027-03-27",
            endOfExtendedSupport: "2028-03-27",
        });
    });

    describe("cluster-autoscaler", () => {
        const minorOf = (version: string) => version.split(".").slice(0, 2).join(".");

        it("pins, for every supported Kubernetes minor and the default, a chart whose autoscaler minor equals it", () => {
            for (const minor of [...KUBERNETES_MINORS.map((entry) => entry.minor), DEFAULT_KUBERNETES_MINOR]) {
                const pinned = clusterAutoscalerChart(minor);
                expect(pinned, minor).to.have.property("chart");
                if ("chart" in pinned) {
                    expect(minorOf(pinned.chart.appVersion), minor).to.equal(minor);
                }
            }
        });

        it("pins every autoscaler chart to an exact version whose app minor is the Kubernetes minor it is listed under", () => {
            for (const [minor, chart] of Object.entries(CLUSTER_AUTOSCALER_CHARTS)) {
                expect(chart.version, `${minor} chart`).to.match(/^\d+\.\d+\.\d+$/);
                expect(chart.appVersion, `${minor} app`).to.match(/^\d+\.\d+\.\d+$/);
                expect(minorOf(chart.appVersion), `${minor} app`).to.equal(minor);
            }
        });

        it("pins a newer chart for each newer Kubernetes minor, so no two minors share or swap a chart", () => {
            const compareVersions = (x: string, y: string) => {
                const [a, b] = [x, y].map((version) => version.split(".").map(Number));
                const at = a.findIndex((part, index) => part !== b[index]);
                return at === -1 ? 0 : a[at] - b[at];
            };
            const byMinor = Object.entries(CLUSTER_AUTOSCALER_CHARTS).sort(([a], [b]) => compareVersions(a, b));
            for (let index = 1; index < byMinor.length; index++) {
                const [[olderMinor, older], [newerMinor, newer]] = [byMinor[index - 1], byMinor[index]];
                const pair = `${newerMinor} on ${newer.version}, ${olderMinor} on ${older.version}`;
                expect(compareVersions(newer.version, older.version), pair).to.be.greaterThan(0);
            }
        });

        it("refuses a minor with no autoscaler release instead of falling back to a neighbour", () => {
            expect(clusterAutoscalerChart("1.36")).to.deep.equal({
                refusal: "no cluster-autoscaler release matches Kubernetes 1.36 (cluster-autoscaler is pinned for 1.35, 1.34, 1.33, 1.32)",
            });
            expect(clusterAutoscalerChart("constructor")).to.have.property("refusal");
        });
    });

    it("pins every chart to an exact version and supports every listed minor with every chart", () => {
        const minorNumber = (minor: string) => Number(minor.split(".")[1]);
        const charts: Record<string, PinnedChart> = CHARTS;
        for (const [key, chart] of Object.entries(charts)) {
            expect(chart.version, key).to.match(/^\d+\.\d+\.\d+$/);
            for (const entry of KUBERNETES_MINORS) {
                expect(minorNumber(entry.minor), `${key} on ${entry.minor}`).to.be.at.least(minorNumber(chart.minKubernetesMinor ?? "1.0"));
            }
        }
    });
});
