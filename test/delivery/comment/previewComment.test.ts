import * as path from "path";
import { expect } from "chai";
import { GITHUB_COMMENT_LIMIT } from "../../../delivery/comment/limit";
import { COMMENT_MARKER } from "../../../delivery/comment/marker";
import { renderPreviews } from "../../../delivery/comment/renderPreviews";
import { CommentError } from "../../../delivery/comment/errors";
import { expectValidGfm, gfmTables } from "./gfm";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "preview");
const dev = { stack: "dev", file: path.join(FIXTURES, "dev-preview.json") };
const prod = { stack: "prod", file: path.join(FIXTURES, "prod-preview.json") };

/** The lines of one stack's collapsible section. */
function section(comment: string, stack: string): string {
    const start = comment.indexOf(`<summary><b>${stack}</b>`);
    expect(start, `section of ${stack}`).to.be.greaterThan(-1);
    return comment.slice(start, comment.indexOf("</details>", start));
}

/** The line that names a resource, and its property lines below it. */
function resourceBlock(comment: string, name: string): string {
    const lines = comment.split("\n");
    const start = lines.findIndex((line) => line.startsWith("- ") && line.includes(`\`${name}\``));
    expect(start, `resource ${name}`).to.be.greaterThan(-1);
    const end = lines.findIndex((line, index) => index > start && !line.startsWith("  - "));
    return lines.slice(start, end).join("\n");
}

describe("berth comment render from pulumi preview --json", () => {
    const comment = renderPreviews([dev, prod]);

    it("starts with the hidden marker that the post step finds it by", () => {
        expect(comment.startsWith(`${COMMENT_MARKER}\n`)).to.equal(true);
    });

    it("counts each stack's changes in the summary table, a replacement's three steps as one replacement", () => {
        const [table] = gfmTables(comment);
        expect(table.slice(1)).to.deep.equal([
            ["`dev`", "1", "3", "1", "1", "n/a", "n/a"],
            ["`prod`", "0", "2", "1", "1", "n/a", "n/a"],
        ]);
        expect(comment).to.match(/^## Berth preview: 2 stacks, 14 resources changing · ⚠️ 3 dangerous changes$/m);
    });

    it("names every op the engine emits in the stack's section", () => {
        const devSection = section(comment, "dev");
        expect(devSection).to.contain(
            "1 to create, 3 to update, 1 to replace, 1 to delete, 1 to import, 1 to read, 1 to refresh, 1 to discard",
        );
        for (const [op, name] of [
            ["create", "dev-registry-app"],
            ["update", "dev-main-ingress-gateway"],
            ["delete", "dev-main-ingress-istiod"],
            ["replace", "dev-main-system"],
            ["read", "dev-main-ami"],
            ["refresh", "dev-main-vpc"],
            ["import", "dev-main-imported-role"],
            ["discard", "dev-main-old-logs"],
        ]) {
            expect(resourceBlock(devSection, name), name).to.match(new RegExp(`^- \\S+ ${op} `));
        }
        expect(devSection.match(/`dev-main-system`/g), "one line for the replacement's three steps").to.have.length(1);
    });

    it("leaves unchanged resources out of the lists", () => {
        expect(comment).not.to.contain("pulumi:pulumi:Stack");
        expect(comment).not.to.contain("berth:stack:Platform");
    });

    it("shows nested property paths with their old and new values, keys with dots in brackets", () => {
        expect(resourceBlock(comment, "dev-main-ingress-gateway")).to.equal(
            [
                "- 🟡 update `kubernetes:core/v1:Service` `dev-main-ingress-gateway`",
                '  - `metadata.labels["app.kubernetes.io/name"]`: `"gateway"` → `"istio-gateway"`',
                "  - `spec.ports[1].port`: `443` → `8443`",
            ].join("\n"),
        );
        expect(resourceBlock(comment, "dev-main-system")).to.contain(
            '`instanceTypes[0]`: `"t3.large"` → `"m6i.large"` _(forces replacement)_',
        );
    });

    it("falls back to the states' inputs, restricted to diffReasons, when detailedDiff is null", () => {
        expect(resourceBlock(comment, "dev-main-nodes")).to.equal(
            ["- 🟡 update `aws:ec2/securityGroup:SecurityGroup` `dev-main-nodes`", "  - `revokeRulesOnDelete`: `false` → `true`"].join(
                "\n",
            ),
        );
    });

    it("spells out the unknown-value sentinel", () => {
        expect(resourceBlock(comment, "dev-main-tag")).to.contain('`value`: `"team-a"` → `(known after apply)`');
        expect(comment).not.to.contain("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
    });

    it("never shows the plaintext of a value that turns into a secret, nor of one that stops being one", () => {
        expect(comment).not.to.contain("PLAINTEXT");
        expect(resourceBlock(comment, "prod-grafana-admin")).to.contain("`value`: `[secret]` → `[secret]`");
        expect(resourceBlock(comment, "prod-webhook-url")).to.contain(
            '`settings`: `{"url":"[secret]","timeout":5}` → `{"url":"[secret]","timeout":10}`',
        );
    });

    it("warns of replaced and deleted stateful or protected resources first, production before development", () => {
        const warning = comment.slice(comment.indexOf("> [!WARNING]"), comment.indexOf("<details>"));
        expect(comment.indexOf("> [!WARNING]")).to.be.lessThan(comment.indexOf("<details>"));
        expect(warning.split("\n").filter((line) => line.startsWith("> - "))).to.deep.equal([
            "> - **prod**: replaces an EKS cluster: `aws:eks/cluster:Cluster` `prod-main-eks` (because of `vpcConfig`)",
            "> - **prod**: deletes a protected KMS key: `aws:kms/key:Key` `prod-registry-key`",
            "> - **dev**: replaces an EKS node group: `aws:eks/nodeGroup:NodeGroup` `dev-main-system` (because of `instanceTypes`)",
        ]);
        expect(warning, "a deleted Helm release is no data loss").not.to.contain("istiod");
    });

    it("groups resources by cluster and component", () => {
        const prodSection = section(comment, "prod");
        expect(prodSection.split("\n").filter((line) => line.startsWith("**"))).to.deep.equal([
            "**Cluster `prod-main`**",
            "**Stack-wide · `prod-registry (berth:registry:Registry)`**",
            "**Stack-wide**",
        ]);
        expect(resourceBlock(prodSection, "prod-registry-key")).to.contain("🔒 protected");
        expect(section(comment, "dev")).to.contain("**Cluster `dev-main` · `dev-main-ingress (berth:ingress:Ingress)`**");
    });

    it("is valid GitHub-flavoured Markdown within the comment limit", () => {
        expectValidGfm(comment, 2);
        expect(comment.length).to.be.lessThan(GITHUB_COMMENT_LIMIT);
        expect(comment).not.to.contain("Trimmed");
    });

    it("refuses a file that is not a preview, naming it", () => {
        expect(() => renderPreviews([{ stack: "dev", file: path.join(FIXTURES, "missing.json") }])).to.throw(
            CommentError,
            /missing\.json: no such file/,
        );
        expect(() => renderPreviews([{ stack: "dev", file: path.join(__dirname, "..", "..", "..", "package.json") }])).to.throw(
            CommentError,
            /package\.json has no "steps" list/,
        );
    });
});
