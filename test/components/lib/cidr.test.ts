import { expect } from "chai";
import { cidrsOverlap, formatCidr, parseCidr, subnetOf } from "../../../components/lib/cidr";
import { subnetLayout } from "../../../components/cluster/subnets";

describe("CIDR arithmetic", () => {
    it("parses canonical networks and refuses host bits, bad octets and bad prefixes", () => {
        expect(parseCidr("10.20.0.0/16")).to.deep.equal({ base: 10 * 2 ** 24 + 20 * 2 ** 16, prefix: 16 });
        expect(parseCidr("10.20.0.1/16")).to.equal(undefined);
        expect(parseCidr("10.256.0.0/16")).to.equal(undefined);
        expect(parseCidr("10.0.0.0/33")).to.equal(undefined);
        expect(parseCidr("10.0.0/16")).to.equal(undefined);
    });

    it("finds the n-th block of a smaller size and refuses one outside the network", () => {
        const vpc = parseCidr("10.20.0.0/16")!;
        expect(formatCidr(subnetOf(vpc, 19, 7))).to.equal("10.20.224.0/19");
        expect(() => subnetOf(vpc, 19, 8)).to.throw(RangeError, "10.20.0.0/16 has no block 8 of size /19");
    });

    it("detects overlap, including containment, and not mere adjacency", () => {
        const a = parseCidr("10.10.0.0/16")!;
        expect(cidrsOverlap(a, parseCidr("10.10.128.0/17")!)).to.equal(true);
        expect(cidrsOverlap(parseCidr("10.0.0.0/8")!, a)).to.equal(true);
        expect(cidrsOverlap(a, parseCidr("10.11.0.0/16")!)).to.equal(false);
    });

    it("carves a VPC into large private and small public subnets per AZ without overlap", () => {
        expect(subnetLayout("10.20.0.0/16", 3)).to.deep.equal({
            private: ["10.20.0.0/19", "10.20.32.0/19", "10.20.64.0/19"],
            public: ["10.20.224.0/22", "10.20.228.0/22", "10.20.232.0/22"],
        });
        const layout = subnetLayout("10.30.0.0/20", 6);
        const all = [...layout.private, ...layout.public].map((text) => parseCidr(text)!);
        for (const [i, a] of all.entries()) {
            for (const b of all.slice(i + 1)) {
                expect(cidrsOverlap(a, b), `${formatCidr(a)} ~ ${formatCidr(b)}`).to.equal(false);
            }
        }
    });
});
