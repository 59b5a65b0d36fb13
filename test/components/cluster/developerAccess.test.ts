import { expect } from "chai";
import {
    accessEntryKey,
    adminAccessEntries,
    clusterArgProblems,
    creatorConflict,
    developerAccessEntries,
} from "../../../components/cluster";
import { named, planOf } from "../../helpers/plans";

const developers = "arn:aws:iam::123456789012:role/developers";
const contractors = "arn:aws:iam::123456789012:role/teams/contractors";
const admins = "arn:aws:iam::123456789012:role/platform-admins";

describe("developer access entries", () => {
    it("maps each developer role to the berth:developers group with no EKS access policy, keyed by role", () => {
        expect(developerAccessEntries([developers, contractors])).to.deep.equal({
            "developer-123456789012-developers": { principalArn: developers, kubernetesGroups: ["berth:developers"] },
            "developer-123456789012-contractors": { principalArn: contractors, kubernetesGroups: ["berth:developers"] },
        });
        expect(Object.keys(developerAccessEntries([contractors]))).to.deep.equal([accessEntryKey(contractors, "developer")]);
    });

    it("never shares a key with an admin entry, so one map holds both", () => {
        const role = "arn:aws:iam::123456789012:role/ops";
        expect(Object.keys(developerAccessEntries([role]))).to.not.include.members(Object.keys(adminAccessEntries([role])));
    });

    it("names the developer list when the deploying role is in it", () => {
        expect(creatorConflict([developers], developers, "developerRoleArns")?.reason).to.contain("Remove it from developerRoleArns");
    });

    it("refuses a developer role that is an admin role too, or listed twice, by property path", () => {
        const problems = clusterArgProblems({
            provider: undefined as never,
            region: "eu-west-1",
            kubernetesVersion: "1.35",
            network: { cidr: "10.10.0.0/16", availabilityZones: 2 },
            endpoint: {},
            adminRoleArns: [admins],
            developerRoleArns: [admins, developers, developers, "arn:aws:iam::123456789012:user/dev"],
            systemPool: { instanceTypes: ["m6i.large"], minSize: 1, maxSize: 2, desiredSize: 1 },
            nodePools: [{ name: "spot", capacityType: "SPOT", instanceTypes: ["m6i.large"], minSize: 0, maxSize: 2, desiredSize: 0 }],
        });
        expect(problems).to.deep.equal([
            { propertyPath: "developerRoleArns[0]", reason: `${admins} is an admin already (adminRoleArns)` },
            { propertyPath: "developerRoleArns[2]", reason: `lists ${developers} twice` },
            { propertyPath: "developerRoleArns[3]", reason: "must be an IAM role ARN (got arn:aws:iam::123456789012:user/dev)" },
        ]);
    });

    it("gives prod's developers role an access entry on every cluster, beside the admins'", async () => {
        const prod = await planOf("prod");
        for (const cluster of ["prod-euw1", "prod-use1"]) {
            const entries = (named(prod, "eks:index:Cluster", `${cluster}-eks`).inputs as any).accessEntries;
            expect(entries["developer-123456789012-developers"]).to.deep.equal({
                principalArn: developers,
                kubernetesGroups: ["berth:developers"],
            });
            expect(entries["admin-123456789012-platform-admins"].principalArn).to.equal(admins);
        }
    });
});
