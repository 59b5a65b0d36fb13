import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import * as YAML from "yaml";
import type { PlanDocument } from "../../delivery/plan";
import { planInline } from "../helpers/inline";
import { planOf, planOffThread, REPO } from "../helpers/plans";
import { editEffect } from "../helpers/stability";

/** Plans the repository's program with `Pulumi.<stack>.yaml` edited by `edit`, in the worker thread (planOffThread). */
function planEdited(stack: "dev" | "prod", edit: (config: Record<string, any>) => void): Promise<PlanDocument> {
    const document = YAML.parse(fs.readFileSync(path.join(REPO, `Pulumi.${stack}.yaml`), "utf8"));
    edit(document.config);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-edit-"));
    fs.copyFileSync(path.join(REPO, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), YAML.stringify(document));
    return planOffThread({ stack, dir, program: path.join(REPO, "index.ts") });
}

describe("edits that must not touch existing resources", () => {
    // Asked for as mocha loads this file, so that it is planned while the tests before it run. Every addition goes
    // first in its list, where a position-keyed name would shift all the others.
    const editedPlan = planEdited("prod", (config) => {
        const [hub, spoke] = config["platform:clusters"];
        hub.adminRoleArns.unshift("arn:aws:iam::123456789012:role/oncall");
        spoke.nodePools.unshift({
            name: "spot-compute",
            capacityType: "SPOT",
            instanceTypes: ["c6i.xlarge", "c6a.xlarge", "c5.xlarge"],
            minSize: 0,
            maxSize: 10,
            desiredSize: 0,
        });
        config["platform:registry"].repositories.unshift({ name: "search" });
        config["platform:clusters"] = [spoke, hub];
    });
    let original: PlanDocument;
    let edited: PlanDocument;
    before(async () => {
        [original, edited] = await Promise.all([planOf("prod"), editedPlan]);
    });

    it("keeps every resource: adding an admin, a pool or a repository and reordering clusters removes no URN", () => {
        expect(editEffect(original, edited).disappeared).to.deep.equal([]);
    });

    it("changes only the resources whose inputs list what was added", () => {
        expect(editEffect(original, edited).changed.sort()).to.deep.equal(
            [
                // Access entries are a map keyed by role: one more key.
                "eks:index:Cluster prod-euw1-eks",
                // The priority expander names every spot pool's Auto Scaling group.
                "kubernetes:helm.sh/v3:Release prod-use1-cluster-autoscaler",
            ].sort(),
        );
    });

    it("would catch a resource keyed by its list position: removing the first item loses the last URN", async () => {
        const indexKeyed = (roles: string[]) => () => {
            const provider = new aws.Provider("west", { region: "eu-west-1" });
            roles.forEach((role, index) => new aws.iam.Role(`admin-${index}`, { name: role, assumeRolePolicy: "{}" }, { provider }));
        };
        const [full, trimmed] = [await planInline(indexKeyed(["a", "b", "c"])), await planInline(indexKeyed(["b", "c"]))];
        const effect = editEffect(full, trimmed);
        expect(effect.disappeared).to.have.length(1);
        expect(effect.disappeared[0]).to.match(/::admin-2$/);
        expect(effect.changed).to.deep.equal(["aws:iam/role:Role admin-0", "aws:iam/role:Role admin-1"]);
    });
});
