import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { CACHE_FOLDER } from "../../../delivery/berthFolders";
import { compiledCodeFile } from "../../../delivery/codeCache";
import { WorkerPool } from "../../../delivery/operations/workerPool";
import type { PlanDocument } from "../../../delivery/plan";

const FIXTURE = path.join(__dirname, "..", "..", "fixtures", "planner");

describe("the plan pool (delivery/operations/workerPool.ts)", () => {
    it("keeps the code a worker's first plan compiled, for the workers after it to start from (delivery/codeCache.ts)", async () => {
        // The worker runs under this process's V8 flags, so it keeps its code in the file this process would.
        const kept = compiledCodeFile(CACHE_FOLDER);
        fs.rmSync(kept, { force: true });
        const pool = new WorkerPool(1);
        // The worker, started by the job, copies this process's environment: without Node's switch for code caches,
        // should it be set where the suite runs.
        const switchedOff = process.env.NODE_DISABLE_COMPILE_CACHE;
        delete process.env.NODE_DISABLE_COMPILE_CACHE;
        const planned = pool.run<PlanDocument>({
            kind: "plan",
            options: { stack: "dev", dir: FIXTURE, program: path.join(FIXTURE, "index.ts") },
        });
        if (switchedOff !== undefined) process.env.NODE_DISABLE_COMPILE_CACHE = switchedOff;
        try {
            expect((await planned).stack).to.equal("dev");
            // Saved before the result was sent. Another test's pool may have written the file since: with the modules
            // every plan loads, which are those looked for.
            const code = fs.readFileSync(kept);
            for (const module of [require.resolve("@pulumi/pulumi/output"), require.resolve("../../../delivery/plan")]) {
                expect(code.includes(module), module).to.equal(true);
            }
        } finally {
            await pool.close();
        }
    });
});
