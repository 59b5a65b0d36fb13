import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { runCli } from "../helpers/cli";
import * as YAML from "yaml";
import type { PlanDocument } from "../../delivery/plan";
import { TAGGABLE_AWS_TYPES } from "../../delivery/policies/rules/taggableAwsTypes";
import { planOffThread, REPO } from "../helpers/plans";

// By path with its extension: "../../bin/berth" would load the launcher, which runs the CLI at once.

/**
 * A project folder whose `Pulumi.<stack>.yaml` is the shipped one edited by `edit`, and whose program is the
 * repository's: what a team's pull request to the stack file would plan.
 */
function projectWith(stack: "dev" | "prod", edit: (config: Record<string, any>) => void): string {
    const document = YAML.parse(fs.readFileSync(path.join(REPO, `Pulumi.${stack}.yaml`), "utf8"));
    edit(document.config);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-policies-"));
    fs.copyFileSync(path.join(REPO, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), YAML.stringify(document));
    fs.writeFileSync(path.join(dir, "index.ts"), `require(${JSON.stringify(path.join(REPO, "index.ts"))});\n`);
    return dir;
}

/** "<severity> <rule> <resource name>" for each finding no exception accepts. */
const found = (plan: PlanDocument) =>
    (plan.violations ?? [])
        .filter((violation) => violation.exception === undefined)
        .map(({ severity, rule, name }) => `${severity} ${rule} ${name}`);

describe("policies on deliberately bad stack configs", () => {
    // dev without a cost centre, logging no audit trail, and made to meet prod's bar for tags and the API endpoint,
    // with one repository's mutable tags accepted. Planned in the worker thread as mocha loads this file.
    const dir = projectWith("dev", (config) => {
        config["platform:tags"] = { owner: "team-storefront" };
        config["platform:clusters"][0].controlPlaneLogs = ["api", "authenticator"];
        config["platform:policies"] = {
            severities: { "ecr-immutable-tags": "mandatory", "eks-private-endpoint": "mandatory" },
            exceptions: [
                {
                    rule: "ecr-immutable-tags",
                    resource: "berth-dev-registry-payments/api",
                    reason: "the team re-tags release candidates until its pipeline moves",
                },
            ],
        };
    });
    const planned = planOffThread({ stack: "dev", dir, program: path.join(REPO, "index.ts") });
    let plan: PlanDocument;
    before(async () => {
        plan = await planned;
    });

    it("find each broken rule on the resources that break it", () => {
        const taggable = plan.resources
            .filter((resource) => TAGGABLE_AWS_TYPES.types.includes(resource.type))
            .map((resource) => resource.name);
        expect(found(plan)).to.deep.equal([
            "mandatory ecr-immutable-tags berth-dev-registry-storefront",
            "advisory eks-secrets-encryption dev-euw1-eks",
            "mandatory eks-control-plane-logging dev-euw1-eks",
            "mandatory eks-private-endpoint dev-euw1-eks",
            ...taggable.map((name) => `mandatory aws-required-tags ${name}`),
        ]);
        expect(taggable).to.include.members(["dev-euw1-net-vpc", "dev-euw1-node", "berth-dev-registry-kms", "dev-euw1-system-lt"]);
    });

    it("say what is wrong with each", () => {
        const messages = (plan.violations ?? [])
            .filter((violation) => violation.name === "dev-euw1-eks")
            .map((violation) => violation.message);
        expect(messages).to.include(
            "the control plane's audit log is not sent to CloudWatch (enabledClusterLogTypes: only api and authenticator)",
        );
        expect(messages).to.include("the public endpoint is open to the whole internet (publicAccessCidrs has 0.0.0.0/0)");
        const vpc = (plan.violations ?? []).find((violation) => violation.name === "dev-euw1-net-vpc");
        expect(vpc?.message).to.equal("lacks the tag cost-centre: neither its tags nor its provider's defaultTags set it");
    });

    it("list the finding an exception accepts with its reason, without failing on it (and only that finding)", () => {
        const repository = (plan.violations ?? []).filter((violation) => violation.name === "berth-dev-registry-payments/api");
        expect(
            repository.map((violation) => `${violation.rule} ${violation.exception === undefined ? "fails" : "accepted"}`),
        ).to.deep.equal(["ecr-immutable-tags accepted", "aws-required-tags fails"]);
        expect(repository.filter((violation) => violation.exception !== undefined)).to.deep.equal([
            {
                rule: "ecr-immutable-tags",
                severity: "mandatory",
                urn: plan.resources.find((resource) => resource.name === "berth-dev-registry-payments/api")!.urn,
                type: "aws:ecr/repository:Repository",
                name: "berth-dev-registry-payments/api",
                message: "imageTagMutability is MUTABLE: a pushed tag can be overwritten and then names an untested image",
                exception: "accepted by platform:policies.exceptions: the team re-tags release candidates until its pipeline moves",
            },
        ]);
    });

    it("make `berth check` exit 1 naming the resources, with the advisory finding as a warning", async () => {
        const { code, stdout, stderr } = await runCli(["check", "dev", "--dir", dir], { cwd: dir });
        expect(code).to.equal(1);
        expect(stdout).to.contain(
            "MANDATORY eks-control-plane-logging: EKS sends its audit log to CloudWatch\n  eks:index:Cluster dev-euw1-eks: the control plane's audit log",
        );
        expect(stdout).to.contain("  aws:ec2/vpc:Vpc dev-euw1-net-vpc: lacks the tag cost-centre");
        expect(stdout).to.contain(
            "Accepted by platform:policies.exceptions: the team re-tags release candidates until its pipeline moves:\n    [ecr-immutable-tags] aws:ecr/repository:Repository berth-dev-registry-payments/api",
        );
        expect(stdout).to.match(/\nFailed: \d+ mandatory violations, 1 advisory violation, \d+ excepted findings\n$/);
        expect(stderr).to.contain(
            "warning: [eks-secrets-encryption] eks:index:Cluster dev-euw1-eks: no KMS key encrypts Kubernetes secrets",
        );
        expect(stderr).to.match(/error: stack dev breaks \d+ mandatory policy rules \(listed above\)\n$/);
    });
});
