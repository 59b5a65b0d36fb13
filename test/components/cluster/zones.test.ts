import { expect } from "chai";
import { pickZones } from "../../../components/cluster";

const useast1 = {
    names: ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"],
    zoneIds: ["use1-az6", "use1-az1", "use1-az3", "use1-az2", "use1-az4", "use1-az5"],
};

describe("availability zones", () => {
    it("takes the first zones by name, skipping the zone IDs EKS refuses for control planes", () => {
        expect(pickZones(useast1, 3)).to.deep.equal(["us-east-1a", "us-east-1b", "us-east-1d"]);
    });

    it("gives the same zones whatever order or state the lookup reports them in", () => {
        const shuffled = { names: [...useast1.names].reverse(), zoneIds: [...useast1.zoneIds].reverse() };
        expect(pickZones(shuffled, 3)).to.deep.equal(pickZones(useast1, 3));
    });

    it("keeps the existing zones when the region gains one", () => {
        const grown = { names: [...useast1.names, "us-east-1g"], zoneIds: [...useast1.zoneIds, "use1-az7"] };
        expect(pickZones(grown, 3)).to.deep.equal(pickZones(useast1, 3));
    });

    it("takes named zones as given, and refuses one that does not exist or that EKS refuses", () => {
        expect(pickZones(useast1, ["us-east-1f", "us-east-1a"])).to.deep.equal(["us-east-1f", "us-east-1a"]);
        expect(() => pickZones(useast1, ["us-east-1a", "us-east-1c"])).to.throw(
            "availability zone us-east-1c is use1-az3, where EKS does not place control planes; pick another",
        );
        expect(() => pickZones(useast1, ["us-east-1a", "us-east-1z"])).to.throw("availability zone us-east-1z does not exist here");
    });

    it("says how many usable zones there are when more are asked for", () => {
        const small = { names: ["ca-central-1a", "ca-central-1b", "ca-central-1d"], zoneIds: ["cac1-az1", "cac1-az3", "cac1-az4"] };
        expect(() => pickZones(small, 3)).to.throw("the region has 2 zones EKS accepts (ca-central-1a, ca-central-1d); 3 were asked for");
    });
});
