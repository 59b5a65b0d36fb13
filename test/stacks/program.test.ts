import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { PlanError } from "../../delivery/errors";
import { planStack } from "../../delivery/plan";
import { byUrn, ofType, planOf, planOffThread, REPO } from "../helpers/plans";

/** A project folder holding only a stack file, planned with the repository's real program. */
function stackWith(stack: string, yaml: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-stack-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: platform\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), yaml);
    return dir;
}

const program = path.join(REPO, "index.ts");

describe("the Berth program, planned end to end", () => {
    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: gives every resource but the stack a parent, and every AWS resource an explicit provider`, async () => {
            const plan = await planOf(stack);
            for (const resource of plan.resources) {
                if (resource.type === "pulumi:pulumi:Stack") {
                    expect(resource.parent).to.equal(null);
                    continue;
                }
                expect(byUrn(plan, resource.parent).custom, resource.urn).to.equal(false);
                if (resource.custom && resource.type.startsWith("aws:")) {
                    expect(byUrn(plan, resource.provider).type, resource.urn).to.equal("pulumi:providers:aws");
                }
            }
        });

        it(`${stack}: never shows the kubeconfig, in inputs or outputs`, async () => {
            const text = JSON.stringify(await planOf(stack));
            // Text only the mock's kubeconfig contains: its credentials plugin and its CA.
            expect(text).not.to.contain("get-token");
            expect(text).not.to.contain("certificate-authority-data");
            expect(text).to.contain('"kubeconfig":"[secret]"');
        });
    }

    it("reports three config mistakes as three problems with exit code 2", async () => {
        const dir = stackWith(
            "dev",
            [
                "config:",
                "  platform:clusters:",
                "    - name: dev-euw1",
                "      region: eu-west-one",
                "      kubernetesVersion: 1.35",
                "      network: { cidr: 10.16.0.0/12 }",
            ].join("\n"),
        );
        const failure = await planStack({ stack: "dev", dir, program }).then(
            () => undefined,
            (error: unknown) => error,
        );
        expect(failure).to.be.instanceOf(PlanError);
        expect((failure as PlanError).exitCode).to.equal(2);
        expect((failure as PlanError).problems).to.deep.equal([
            'platform:clusters[0].region: must be an AWS region such as eu-west-1 (got "eu-west-one")',
            'platform:clusters[0].kubernetesVersion: must be a quoted string such as "1.35": YAML reads an unquoted 1.30 as the number 1.3 (got 1.35)',
            'platform:clusters[0].network.cidr: must be a /16 to /20 network: pods take their IPs from the VPC (got "10.16.0.0/12")',
        ]);
    });

    it("warns in the plan about a cluster near the end of standard support", async () => {
        // The suite's day is 2026-11-26 (test/helpers/fixedToday.ts): 1.34 leaves standard support six days later.
        const dir = stackWith(
            "dev",
            `config:\n  platform:clusters:\n    - { name: dev-euw1, region: eu-west-1, kubernetesVersion: "1.34", network: { cidr: 10.10.0.0/16 } }\n`,
        );
        const plan = await planStack({ stack: "dev", dir, program });
        expect(plan.warnings.map((warning) => [warning.severity, warning.message])).to.deep.equal([
            [
                "warning",
                "platform:clusters[0].kubernetesVersion: 1.34 leaves EKS standard support on 2026-12-02 (6 days); plan the upgrade",
            ],
        ]);
    });

    // Asked for as mocha loads this file, so that they are planned while the tests before them run.
    const afterSupport = {
        dev: planOffThread({ stack: "dev", dir: REPO }, "2027-04-01"),
        prod: planOffThread({ stack: "prod", dir: REPO }, "2027-04-01"),
    };
    const afterExtendedSupport = planOffThread({ stack: "dev", dir: REPO }, "2028-06-01");

    it("still plans the shipped stacks after their minor has left standard support, with a priced warning", async () => {
        for (const stack of ["dev", "prod"] as const) {
            const plan = await afterSupport[stack];
            const clusters = ofType(plan, "berth:cluster:Cluster").map((cluster) => cluster.name);
            expect(clusters, stack).to.not.be.empty;
            expect(plan.warnings.map((warning) => warning.message)).to.have.length(clusters.length);
            for (const warning of plan.warnings) {
                expect(warning.severity).to.equal("warning");
                expect(warning.message).to.match(/kubernetesVersion: 1\.35 left EKS standard support on 2027-03-27/);
                expect(warning.message).to.contain("$0.60");
            }
        }
    });

    it("still plans a shipped stack after its minor has left extended support too, warning that EKS upgrades it by itself", async () => {
        const plan = await afterExtendedSupport;
        expect(plan.warnings.map((warning) => [warning.severity, warning.message])).to.deep.equal([
            [
                "warning",
                "platform:clusters[0].kubernetesVersion: 1.35 left EKS extended support on 2028-03-27: EKS upgrades such a control plane to the oldest minor still in extended support by itself, leaving this config, the node groups and the add-ons behind, and bills extended support at $0.60 per cluster-hour; no newer minor is pinned in this Berth yet: update Berth, then upgrade",
            ],
        ]);
        expect(plan.outputs.controlPlaneSupport).to.deep.equal({ "dev-euw1": "extended" });
    });
});
