import { expect } from "chai";
import { accessEntryKey, adminAccessEntries, creatorConflict } from "../../../components/cluster";

const admins = "arn:aws:iam::123456789012:role/platform-admins";
const oncall = "arn:aws:iam::123456789012:role/teams/oncall";

describe("cluster access entries", () => {
    it("keys each entry by its role, so removing the first admin leaves the others' keys alone", () => {
        const before = Object.keys(adminAccessEntries([admins, oncall]));
        const after = Object.keys(adminAccessEntries([oncall]));
        expect(before).to.deep.equal(["admin-123456789012-platform-admins", "admin-123456789012-oncall"]);
        expect(after).to.deep.equal([accessEntryKey(oncall)]);
    });

    it("tells two accounts' roles of the same name apart", () => {
        expect(accessEntryKey("arn:aws:iam::111111111111:role/admins")).to.not.equal(
            accessEntryKey("arn:aws:iam::222222222222:role/admins"),
        );
    });

    it("refuses the deploying role as an admin, naming its position, and accepts everything else", () => {
        const conflict = creatorConflict([admins, oncall], oncall);
        expect(conflict?.index).to.equal(1);
        expect(conflict?.reason).to.contain("EKS already makes the cluster's creator an admin");
        expect(creatorConflict([admins], "arn:aws:iam::123456789012:role/berth-deployer")).to.equal(undefined);
    });
});
