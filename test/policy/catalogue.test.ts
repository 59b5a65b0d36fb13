import * as path from "path";
import { expect } from "chai";
import { RULES } from "../../delivery/policies/rules";
import { scanTaggableAwsTypes, taggableAwsTypesModule } from "../../delivery/policies/rules/scanTaggableAwsTypes";
import { TAGGABLE_AWS_TYPES } from "../../delivery/policies/rules/taggableAwsTypes";
import { POLICY_DEFAULTS, POLICY_RULE_IDS } from "../../stacks/config/policies";

describe("policy rules catalogue", () => {
    it("implements exactly the rules the config names, each once, in the same order", () => {
        expect(RULES.map((rule) => rule.id)).to.deep.equal([...POLICY_RULE_IDS]);
    });

    it("gives every rule a check, a title and a description, and every environment a severity for every rule", () => {
        for (const rule of RULES) {
            expect(rule.resources !== undefined || rule.stack !== undefined, rule.id).to.equal(true);
            expect(rule.title, rule.id).to.not.equal("");
            expect(rule.description.length, rule.id).to.be.greaterThan(rule.title.length);
        }
        for (const defaults of Object.values(POLICY_DEFAULTS)) {
            expect(Object.keys(defaults).sort()).to.deep.equal([...POLICY_RULE_IDS].sort());
        }
    });

    it("knows which AWS types take tags as the installed @pulumi/aws declares them (refresh with the scanner's command)", () => {
        const scanned = scanTaggableAwsTypes(path.dirname(require.resolve("@pulumi/aws/package.json")));
        expect(TAGGABLE_AWS_TYPES.source).to.equal(scanned.source);
        expect(TAGGABLE_AWS_TYPES.types).to.deep.equal(scanned.types);
        expect(scanned.types).to.include.members(["aws:s3/bucket:Bucket", "aws:ec2/vpc:Vpc", "aws:iam/role:Role"]);
        expect(scanned.types).to.not.include.members(["aws:ec2/route:Route", "aws:iam/rolePolicy:RolePolicy"]);
        expect(taggableAwsTypesModule(scanned)).to.contain('    types: [\n        "aws:accessanalyzer/analyzer:Analyzer",\n');
    });
});
