import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { sourceMappedStack } from "../../bin/sourceMappedStack";
import type * as StackConfig from "../../delivery/stackConfig";
import { REPO } from "../helpers/plans";

const { ensureBuilt }: { ensureBuilt: () => number } = require(path.join(REPO, "bin", "build.js"));
const BUILD = path.join(REPO, "dist");

/**
 * The stack of the error that the built `readStackConfig` throws for a folder without Pulumi.yaml, as V8 formats it
 * in `berth`: without the source-map hook that ts-node installs in the test run.
 */
function builtErrorStack(): string {
    ensureBuilt();
    const built: typeof StackConfig = require(path.join(BUILD, "delivery", "stackConfig.js"));
    const hook = Error.prepareStackTrace;
    Reflect.deleteProperty(Error, "prepareStackTrace");
    try {
        built.readStackConfig(path.join(REPO, "test"), "dev");
    } catch (err) {
        return (err as Error).stack!;
    } finally {
        if (hook) Error.prepareStackTrace = hook;
    }
    throw new Error("readStackConfig should have failed");
}

describe("sourceMappedStack", () => {
    it("points each frame in a built file at its line in the TypeScript source", () => {
        const stack = builtErrorStack();
        expect(stack).to.contain(path.join(BUILD, "delivery", "stackConfig.js"));
        const mapped = sourceMappedStack(stack, BUILD);
        const source = path.join(REPO, "delivery", "stackConfig.ts");
        const frame = new RegExp(`${source.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:(\\d+):\\d+`).exec(mapped);
        expect(frame, mapped).to.not.equal(null);
        const line = fs.readFileSync(source, "utf8").split("\n")[Number(frame![1]) - 1];
        expect(line).to.contain("throw new PlanError(`${file}: not found`");
        expect(mapped).not.to.contain(`${BUILD}${path.sep}`);
    });

    it("leaves frames outside the build as they are", () => {
        const stack = "Error: boom\n    at load (/somewhere/else.js:3:7)\n    at node:internal/modules/cjs/loader:1:1";
        expect(sourceMappedStack(stack, BUILD)).to.equal(stack);
    });
});
