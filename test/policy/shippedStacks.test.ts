import { expect } from "chai";
import { checkResources } from "../../delivery/policies/check";
import { BUILT_IN_EXCEPTIONS } from "../../delivery/policies/exceptions";
import { viewsOfPlan } from "../../delivery/policies/planViews";
import { RULES } from "../../delivery/policies/rules";
import { policySettingsOf } from "../../delivery/policies/settings";
import type { PlanDocument } from "../../delivery/plan";
import { readStackConfig } from "../../delivery/stackConfig";
import { planOf, REPO } from "../helpers/plans";

const active = (plan: PlanDocument) => (plan.violations ?? []).filter((violation) => violation.exception === undefined);
const excepted = (plan: PlanDocument) => (plan.violations ?? []).filter((violation) => violation.exception !== undefined);

describe("policies on the shipped stacks", () => {
    let dev: PlanDocument;
    let prod: PlanDocument;
    before(async () => {
        [dev, prod] = await Promise.all([planOf("dev"), planOf("prod")]);
    });

    it("pass dev: its one finding is advisory, the secrets dev leaves unencrypted to save a KMS key", () => {
        expect(active(dev).map(({ rule, severity, name }) => `${severity} ${rule} ${name}`)).to.deep.equal([
            "advisory eks-secrets-encryption dev-euw1-eks",
        ]);
    });

    it("pass prod without a finding but those Berth accepts", () => {
        expect(active(prod)).to.deep.equal([]);
    });

    it("accept only the load balancer controller's upstream statements, on every cluster's controller policy", () => {
        const [controller] = BUILT_IN_EXCEPTIONS;
        for (const [plan, clusters] of [
            [dev, ["dev-euw1"]],
            [prod, ["prod-euw1", "prod-use1"]],
        ] as const) {
            expect(excepted(plan).map(({ rule, name }) => `${rule} ${name}`)).to.deep.equal(
                clusters.flatMap((cluster) =>
                    controller.subjects.map(() => `iam-no-unscoped-write ${cluster}-ingress-lb-controller-irsa-inline`),
                ),
            );
            expect(excepted(plan).every((violation) => violation.exception!.endsWith(controller.reason))).to.equal(true);
        }
    });

    it("record in the plan document what the rules find in the plan's own resources", () => {
        const { config } = readStackConfig(REPO, "prod");
        expect(prod.violations).to.deep.equal(checkResources(viewsOfPlan(prod.resources, config), policySettingsOf(config, "prod")));
    });

    it("give every rule something to judge in prod, so that passing means something", () => {
        const views = viewsOfPlan(prod.resources, readStackConfig(REPO, "prod").config);
        const idle = RULES.filter((rule) => !views.some((view) => rule.resources?.appliesTo(view.type))).map((rule) => rule.id);
        // The S3 rules look across the stack: prod's log snapshots bucket is theirs to judge.
        expect(idle).to.deep.equal(["s3-encryption", "s3-versioning", "s3-no-public-access"]);
        expect(views.filter((view) => view.type === "aws:s3/bucket:Bucket").map((view) => view.name)).to.deep.equal([
            "prod-euw1-logging-snapshots",
        ]);
    });
});
