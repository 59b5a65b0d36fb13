import * as path from "path";
import { expect } from "chai";
import { CommentError } from "../../../delivery/comment/errors";
import { renderPlanDiffs } from "../../../delivery/comment/renderPlans";
import { expectValidGfm, gfmTables } from "./gfm";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "preview");
const base = path.join(FIXTURES, "plan-base-dev.json");
const head = path.join(FIXTURES, "plan-head-dev.json");

describe("berth comment render --base --head (offline plans)", () => {
    const comment = renderPlanDiffs([base], [head]);

    it("is labelled as an offline plan, in the headline, the table and the section", () => {
        expect(comment).to.match(/^## Berth offline plan diff: 1 stack, 5 resources changing/m);
        expect(comment).to.contain("> **Offline plan**, not a `pulumi preview`");
        expect(comment).to.contain("<summary><b>dev</b> (offline plan): 1 to create, 3 to update, 1 to delete</summary>");
    });

    it("counts creates, updates and deletes by URN, with the cost delta and the new mandatory finding", () => {
        expect(gfmTables(comment)[0][1]).to.deep.equal([
            "`dev` (offline plan)",
            "1",
            "3",
            "0",
            "1",
            "+$59.75/mo ($250.50 → $310.25)",
            "❌ 1 mandatory",
        ]);
    });

    it("warns of a deleted stateful resource and a new mandatory finding, but not of one an exception accepts or the base had", () => {
        const warnings = comment.split("\n").filter((line) => line.startsWith("> - "));
        expect(warnings).to.deep.equal([
            "> - **dev**: deletes an ECR repository: `aws:ecr/repository:Repository` `dev-registry-legacy`",
            "> - **dev**: policy: ecr-scan-on-push: does not scan images on push (aws:ecr/repository:Repository dev-registry-app)",
        ]);
    });

    it("shows changed inputs leaf by leaf, and never the plaintext a secret replaced", () => {
        expect(comment).to.contain('  - `scalingConfig.maxSize`: `3` → `6`\n  - `instanceTypes[1]`: added `"m6i.large"`');
        expect(comment).to.contain('  - `metadata.labels["app.kubernetes.io/part-of"]`: added `"berth"`');
        expect(comment).to.contain("  - `stringData`: `[secret]` → `[secret]`");
        expect(comment).not.to.contain("PLAINTEXT");
        expectValidGfm(comment, 1);
    });

    it("pairs plans by stack and refuses a plan without its pair or a preview in its place", () => {
        expect(() => renderPlanDiffs([base], [path.join(FIXTURES, "dev-preview.json")])).to.throw(
            CommentError,
            /dev-preview\.json is not a Berth plan document.*use --stack/,
        );
        expect(() => renderPlanDiffs([], [head])).to.throw(CommentError, /plan-head-dev\.json plans stack "dev", and no --base plan does/);
    });
});
