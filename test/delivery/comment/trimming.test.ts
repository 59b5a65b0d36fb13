import { expect } from "chai";
import { emptyCounts, ResourceChange, StackChanges } from "../../../delivery/comment/changes";
import { changesFromPreview } from "../../../delivery/comment/fromPreview";
import { GITHUB_COMMENT_LIMIT } from "../../../delivery/comment/limit";
import type { PreviewStep } from "../../../delivery/comment/previewJson";
import { renderComment } from "../../../delivery/comment/render";
import { expectValidGfm, gfmTables } from "./gfm";

/** A preview of `count` updated Kubernetes objects, each with `properties` changed labels, and one replaced EKS cluster last. */
function bigPreview(stack: string, count: number, properties: number): StackChanges {
    const steps: PreviewStep[] = [];
    for (let i = 0; i < count; i++) {
        const urn = `urn:pulumi:${stack}::platform::kubernetes:core/v1:ConfigMap::${stack}-config-${i}`;
        const labels = (suffix: string) =>
            Object.fromEntries(Array.from({ length: properties }, (_, p) => [`label-${p}`, `value-${p}-${suffix}`]));
        steps.push({
            op: "update",
            urn,
            oldState: { type: "kubernetes:core/v1:ConfigMap", inputs: { metadata: { labels: labels("old") } } },
            newState: { type: "kubernetes:core/v1:ConfigMap", inputs: { metadata: { labels: labels("new") } } },
            detailedDiff: Object.fromEntries(
                Array.from({ length: properties }, (_, p) => [`metadata.labels.label-${p}`, { kind: "update", inputDiff: true }]),
            ),
        });
    }
    const eks = `urn:pulumi:${stack}::platform::aws:eks/cluster:Cluster::${stack}-main-eks`;
    const state = { type: "aws:eks/cluster:Cluster", inputs: { roleArn: "arn:a" } };
    steps.push({ op: "replace", urn: eks, oldState: state, newState: state, replaceReasons: ["roleArn"], detailedDiff: null });
    return changesFromPreview(stack, { steps });
}

describe("berth comment: GitHub's comment limit", () => {
    it("trims per-resource detail first and says so, keeping the table and the warnings whole", () => {
        const stacks = [bigPreview("prod", 300, 12), bigPreview("dev", 300, 12)];
        const comment = renderComment(stacks);
        expect(comment.length).to.be.at.most(GITHUB_COMMENT_LIMIT);
        expectValidGfm(comment, 2);
        expect(gfmTables(comment)[0].slice(1)).to.deep.equal([
            ["`prod`", "0", "300", "1", "0", "n/a", "n/a"],
            ["`dev`", "0", "300", "1", "0", "n/a", "n/a"],
        ]);
        expect(comment).to.contain("> - **prod**: replaces an EKS cluster: `aws:eks/cluster:Cluster` `prod-main-eks`");
        expect(comment).to.contain("> - **dev**: replaces an EKS cluster: `aws:eks/cluster:Cluster` `dev-main-eks`");
        const note = comment.split("\n").find((line) => line.startsWith("> **Trimmed"));
        expect(note).to.match(/the property changes of \d+ resources left out/);
        expect(note).not.to.contain("not listed");
        // Every resource keeps its line; only some keep their property changes.
        expect(comment.match(/^- 🟡 update /gm)).to.have.length(600);
        const detailed = (comment.match(/^- 🟡 update [^\n]+\n  - /gm) ?? []).length;
        expect(detailed).to.be.greaterThan(0).and.lessThan(600);
        expect(Number(/of (\d+) resources/.exec(note!)![1])).to.equal(600 - detailed);
    });

    it("stops listing resources when even their lines do not fit, and counts those left out", () => {
        const stacks = [bigPreview("prod", 2_000, 2), bigPreview("dev", 2_000, 2)];
        const comment = renderComment(stacks);
        expect(comment.length).to.be.at.most(GITHUB_COMMENT_LIMIT);
        expectValidGfm(comment, 2);
        const listed = (comment.match(/^- \S+ (update|replace) /gm) ?? []).length;
        const unlisted = [...comment.matchAll(/_…and (\d+) more changed resources, not listed/g)].reduce(
            (sum, match) => sum + Number(match[1]),
            0,
        );
        expect(listed + unlisted).to.equal(4_002);
        expect(comment).to.match(new RegExp(`${unlisted} resources not listed at all`));
        expect(comment).to.contain("`prod-main-eks`").and.to.contain("`dev-main-eks`");
    });

    it("stays under the limit even when the warnings alone would not fit, counting those left out", () => {
        const steps: PreviewStep[] = Array.from({ length: 3_000 }, (_, i) => ({
            op: "delete",
            urn: `urn:pulumi:prod::platform::aws:s3/bucket:Bucket::prod-bucket-with-a-rather-long-name-${i}`,
            oldState: { type: "aws:s3/bucket:Bucket", protect: true },
        }));
        const comment = renderComment([changesFromPreview("prod", { steps })]);
        expect(comment.length).to.be.at.most(GITHUB_COMMENT_LIMIT);
        expectValidGfm(comment, 1);
        const shown = (comment.match(/^> - \*\*prod\*\*: deletes a protected S3 bucket/gm) ?? []).length;
        expect(shown).to.be.greaterThan(100);
        expect(comment).to.contain(`> - _…and ${3_000 - shown} more, left out to fit the comment limit_`);
        expect(comment).to.contain("> **3000 changes need a careful look**");
    });

    it("keeps to a smaller limit when given one", () => {
        const comment = renderComment([bigPreview("dev", 50, 5)], { limit: 5_000 });
        expect(comment.length).to.be.at.most(5_000);
        expectValidGfm(comment, 1);
    });

    it("renders a stack without changes as such", () => {
        const quiet: StackChanges = {
            stack: "dev",
            source: "preview",
            resources: [] as ResourceChange[],
            counts: { ...emptyCounts(), same: 12 },
        };
        const comment = renderComment([quiet]);
        expectValidGfm(comment, 1);
        expect(comment).to.contain("<summary><b>dev</b>: no changes</summary>").and.to.contain("_No resource changes._");
    });
});
