import { expect } from "chai";
import { createHook } from "async_hooks";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { berthProject } from "../../../delivery/operations/project";
import { revisionOf } from "../../../delivery/operations/revision";
import type { StackTarget } from "../../../delivery/operations/types";

const DEV: StackTarget = { kind: "platform", environment: "dev" };

/** How many files `work` opens: each opened file is a FILEHANDLE resource of Node's own. */
async function filesRead(work: () => Promise<unknown>): Promise<number> {
    let count = 0;
    const hook = createHook({ init: (_id, type) => void (type === "FILEHANDLE" && count++) });
    hook.enable();
    try {
        await work();
    } finally {
        hook.disable();
    }
    return count;
}

describe("revisions (delivery/operations/revision.ts)", () => {
    let sources: string;
    before(() => {
        sources = fs.mkdtempSync(path.join(os.tmpdir(), "berth-revision-"));
        fs.mkdirSync(path.join(sources, "components", "cluster"), { recursive: true });
        const files = ["Pulumi.yaml", "Pulumi.dev.yaml", "index.ts", "components/index.ts", "components/cluster/cluster.ts"];
        for (const file of files) fs.writeFileSync(path.join(sources, file), `// ${file}\n`);
    });
    after(() => fs.rmSync(sources, { recursive: true, force: true }));

    it("reads the sources once for callers asking at the same time, and afresh for the next caller", async () => {
        const project = berthProject(sources);
        const once = await filesRead(() => revisionOf(project, DEV));
        let revisions: string[] = [];
        const together = await filesRead(
            async () => (revisions = await Promise.all(Array.from({ length: 5 }, () => revisionOf(project, DEV)))),
        );
        expect(new Set(revisions).size).to.equal(1);
        // One reading of the sources, and each caller's own stack file.
        expect(once).to.equal(5);
        expect(together).to.equal(once + 4);
        expect(await filesRead(() => revisionOf(project, DEV))).to.equal(once);
    });
});
