import { expect } from "chai";
import { PlanError } from "../../delivery/errors";
import { policySettingsOf } from "../../delivery/policies/settings";
import { parsePlatformConfig } from "../../stacks/config";
import { DEFAULT_REQUIRED_TAGS, POLICY_DEFAULTS } from "../../stacks/config/policies";
import { cluster, problemsOf, today } from "../helpers/config";

/** The stack config as the runtime holds it: structured values as JSON text. */
const configWith = (policies: unknown, extra: Record<string, string> = {}) => ({ "platform:policies": JSON.stringify(policies), ...extra });

function settingsFailure(config: Record<string, string>, stack: string): PlanError {
    try {
        policySettingsOf(config, stack);
    } catch (error) {
        expect(error).to.be.instanceOf(PlanError);
        return error as PlanError;
    }
    throw new Error("the settings were accepted");
}

describe("policy settings (platform:policies)", () => {
    it("judge an environment by its defaults when the stack sets nothing: dev relaxes three rules, prod none", () => {
        const dev = policySettingsOf({}, "dev");
        expect(dev.severities).to.deep.equal(POLICY_DEFAULTS.dev);
        expect(Object.fromEntries(Object.entries(dev.severities).filter(([, level]) => level !== "mandatory"))).to.deep.equal({
            "ecr-immutable-tags": "disabled",
            "eks-private-endpoint": "disabled",
            "eks-secrets-encryption": "advisory",
        });
        expect(Object.values(policySettingsOf({}, "prod").severities)).to.satisfy((levels: string[]) =>
            levels.every((level) => level === "mandatory"),
        );
        expect(dev.requiredTags).to.deep.equal(DEFAULT_REQUIRED_TAGS);
        expect(dev.exceptions).to.deep.equal([]);
    });

    it("take the stack's severities, tags and exceptions over the defaults, and platform:environment over the stack's name", () => {
        const settings = policySettingsOf(
            configWith(
                {
                    severities: { "eks-secrets-encryption": "mandatory", "s3-versioning": "advisory" },
                    requiredTags: ["owner"],
                    exceptions: [{ rule: "s3-versioning", resource: "scratch", reason: "rebuilt from source every night" }],
                },
                { "platform:environment": "dev" },
            ),
            "staging",
        );
        expect(settings.environment).to.equal("dev");
        expect(settings.severities["eks-secrets-encryption"]).to.equal("mandatory");
        expect(settings.severities["s3-versioning"]).to.equal("advisory");
        expect(settings.severities["ecr-immutable-tags"]).to.equal("disabled");
        expect(settings.requiredTags).to.deep.equal(["owner"]);
        expect(settings.exceptions).to.deep.equal([
            { rule: "s3-versioning", resource: "scratch", reason: "rebuilt from source every night" },
        ]);
    });

    it("refuse an unknown rule, an unknown severity and an exception without a reason, with key paths", () => {
        const failure = settingsFailure(
            configWith({
                severities: { "eks-secret-encryption": "mandatory", "s3-versioning": "warn" },
                exceptions: [{ rule: "s3-versioning", resource: "scratch", reason: "ok" }],
            }),
            "dev",
        );
        expect(failure.exitCode).to.equal(2);
        expect(failure.problems).to.have.members([
            "platform:policies.severities.eks-secret-encryption: unknown key; did you mean eks-secrets-encryption?",
            'platform:policies.severities.s3-versioning: must be one of "mandatory", "advisory", "disabled" (got "warn")',
            'platform:policies.exceptions[0].reason: must say why the finding is acceptable (at least 10 characters) (got "ok")',
        ]);
    });

    it("refuse a stack whose environment they cannot tell", () => {
        expect(settingsFailure({}, "staging").problems).to.deep.equal(['platform:environment: must be one of dev, prod (got "staging")']);
    });

    it("are part of the stack config the program parses: the same mistakes stop a plan, with the same key paths", () => {
        const { config } = parsePlatformConfig({ policies: { requiredTags: ["owner"] }, clusters: [cluster()] }, { stack: "dev", today });
        expect(config.policies.requiredTags).to.deep.equal(["owner"]);
        expect(config.policies.severities).to.deep.equal(POLICY_DEFAULTS.dev);
        expect(problemsOf({ policies: { severities: { "eks-secret-encryption": "mandatory" } }, clusters: [cluster()] })).to.deep.equal([
            "platform:policies.severities.eks-secret-encryption: unknown key; did you mean eks-secrets-encryption?",
        ]);
    });
});
