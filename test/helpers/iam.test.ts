import { expect } from "chai";
import { ACCOUNT, allowedActions, allows, decide, trustsWebIdentity } from "./iam";

// The policy tests trust these answers; each case here would make one of them pass for the wrong reason if it broke.
describe("IAM test helper", () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/app`;
    const repository = `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/apps/web`;
    const statement = (extra: object) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Resource: "*", ...extra }] });

    it("allows what a statement grants, including through an action wildcard, and nothing else", async () => {
        const policy = statement({ Action: "ecr:BatchGet*" });
        expect(await allows(policy, { action: "ecr:BatchGetImage", resource: repository })).to.equal(true);
        expect(await allows(policy, { action: "ecr:PutImage", resource: repository })).to.equal(false);
    });

    it("refuses to answer for an action AWS does not have, or a condition key the action never carries", async () => {
        const policy = statement({ Action: "ecr:*" });
        let typo: unknown;
        await allows(policy, { action: "ecr:PutImages", resource: repository }).catch((err) => (typo = err));
        expect(String(typo)).to.match(/cannot simulate ecr:PutImages/);
        let unsupported: unknown;
        await allows(policy, { action: "ecr:PutImage", resource: repository, context: { "autoscaling:ResourceTag/team": "a" } }).catch(
            (err) => (unsupported = err),
        );
        expect(String(unsupported)).to.match(/does not support the condition keys autoscaling:ResourceTag\/team/);
    });

    it("asks as a session of the role, with the role's ARN as aws:PrincipalArn", async () => {
        const resourcePolicy = {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Principal: { AWS: role }, Action: "ecr:PutImage" },
                { Effect: "Deny", Principal: "*", Action: "ecr:PutImage", Condition: { ArnNotEquals: { "aws:PrincipalArn": role } } },
            ],
        };
        expect(await decide({ role, action: "ecr:PutImage", resource: repository }, { resource: resourcePolicy })).to.equal("Allowed");
        expect(await decide({ action: "ecr:PutImage", resource: repository }, { resource: resourcePolicy })).to.equal("ExplicitlyDenied");
    });

    it("counts a tag-scoped grant among the allowed actions only when the resource carries the tag", async () => {
        const policy = statement({
            Action: "autoscaling:SetDesiredCapacity",
            Condition: { StringEquals: { "autoscaling:ResourceTag/team": "a" } },
        });
        expect(await allowedActions(policy, ["autoscaling"], { tags: { team: "a" } })).to.deep.equal(["autoscaling:SetDesiredCapacity"]);
        expect(await allowedActions(policy, ["autoscaling"], { tags: { team: "b" } })).to.deep.equal([]);
    });

    it("lists the actions a statement names through wildcards in any case, or leaves out of a NotAction, less what a Deny takes", async () => {
        const named = statement({ Action: ["ECR:batchget*", "ecr:Describe?mages"] });
        expect(await allowedActions(named, ["ecr"])).to.deep.equal([
            "ecr:BatchGetImage",
            "ecr:BatchGetRepositoryScanningConfiguration",
            "ecr:DescribeImages",
        ]);

        const allButWrites = {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", NotAction: ["sts:Assume*", "sts:Tag*", "sts:Set*"], Resource: "*" },
                { Effect: "Deny", Action: "sts:GetSessionToken", Resource: "*" },
            ],
        };
        const allowed = await allowedActions(allButWrites, ["sts"]);
        expect(allowed).to.include.members(["sts:GetCallerIdentity", "sts:GetFederationToken", "sts:DecodeAuthorizationMessage"]);
        expect(allowed.filter((action) => /^sts:(Assume|Tag|Set|GetSessionToken)/.test(action))).to.deep.equal([]);
    });

    it("leaves out what AWS allows every signed-in caller unless a statement names it (sts:GetCallerIdentity)", async () => {
        expect(await decide({ action: "sts:GetCallerIdentity", resource: "*" }, {})).to.equal("Allowed");
        expect(await allowedActions(statement({ Action: "sts:GetFederationToken" }), ["sts"])).to.deep.equal(["sts:GetFederationToken"]);
        expect(await allowedActions(statement({ Action: "sts:Get*" }), ["sts"])).to.include("sts:GetCallerIdentity");
    });

    it("names a web identity token's claims after the provider's issuer", () => {
        const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/issuer.example.com`;
        const trust = {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Federated: provider },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: { StringEquals: { "issuer.example.com:sub": "me" } },
                },
            ],
        };
        expect(trustsWebIdentity(trust, { provider, claims: { sub: "me" } })).to.equal(true);
        expect(trustsWebIdentity(trust, { provider, claims: { sub: "you" } })).to.equal(false);
        expect(() => trustsWebIdentity(trust, { provider: role, claims: {} })).to.throw(/not an IAM OIDC provider ARN/);
    });
});
