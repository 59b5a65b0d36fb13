import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Worker } from "worker_threads";
import { expect } from "chai";
import { planStack } from "../../delivery/plan";
import { mochaSetup } from "../helpers/offThread";
import type { ThreadOfPlans } from "../helpers/threadOfPlans";

/** `threadOfPlans` in a new thread set up as mocha sets up this one, where no plan has loaded anything yet. */
function inFreshThread(): Promise<ThreadOfPlans> {
    const script = [
        mochaSetup(),
        `require(${JSON.stringify(path.join(__dirname, "..", "helpers", "threadOfPlans.ts"))}).threadOfPlans()`,
        `.then((seen) => require("worker_threads").parentPort.postMessage(seen));`,
    ];
    const worker = new Worker(script.join("\n"), { eval: true });
    return new Promise((resolve, reject) => {
        worker.once("message", (seen: ThreadOfPlans) => void worker.terminate().then(() => resolve(seen)));
        worker.once("error", reject);
    });
}

describe("the planner's modules between plans in one thread (delivery/runProgram.ts)", () => {
    // Started as mocha loads this file: the thread plans while the tests before this one run.
    const seen = inFreshThread();
    seen.catch(() => undefined);

    it("loads Berth's components and stack code once, and plans a stack after others as it planned it first", async () => {
        const { loadedByFirstPlan, reloadedLater, prodFirst, prodAgain } = await seen;
        expect(loadedByFirstPlan).to.include.members([
            path.join("components", "cluster", "cluster.ts"),
            path.join("stacks", "platform.ts"),
        ]);
        expect(reloadedLater).to.deep.equal([]);
        expect(prodAgain).to.equal(prodFirst);
    });

    it("runs a project's own modules afresh for every plan", async () => {
        const project = fs.mkdtempSync(path.join(os.tmpdir(), "berth-modules-"));
        try {
            fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: counting\nruntime: nodejs\n");
            fs.writeFileSync(path.join(project, "Pulumi.dev.yaml"), "config: {}\n");
            // A module that keeps state at module scope, as any project's module may: it must not see the plan before.
            fs.writeFileSync(path.join(project, "counter.js"), "let planned = 0;\nexports.plan = () => ++planned;\n");
            fs.writeFileSync(path.join(project, "index.js"), 'exports.planned = require("./counter").plan();\n');
            const program = path.join(project, "index.js");
            for (let run = 0; run < 2; run++) {
                expect((await planStack({ stack: "dev", dir: project, program })).outputs).to.deep.equal({ planned: 1 });
            }
        } finally {
            fs.rmSync(project, { recursive: true, force: true });
        }
    });
});
