import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { EngineSelectionError } from "../../../delivery/operations/errors";
import { chooseEngine, createEngine, findOnPath, pulumiCli } from "../../../delivery/operations/select";
import { deployedPlansInMemory } from "../../../delivery/operations/deployedPlans";
import { REPO } from "../../helpers/plans";

const NO_CLI = { onPath: false, loggedIn: false };
const CLI_LOGGED_IN = { onPath: true, loggedIn: true };

function refusal(work: () => unknown): Error {
    try {
        work();
    } catch (err) {
        return err as Error;
    }
    throw new Error("expected a refusal");
}

describe("choosing the engine (delivery/operations/select.ts)", () => {
    it("runs offline by default when the pulumi CLI is missing, or not logged in", () => {
        expect(chooseEngine({}, NO_CLI).mode).to.equal("offline");
        expect(chooseEngine({}, { onPath: true, loggedIn: false })).to.deep.include({ mode: "offline" });
    });

    it("uses the Automation API by default when the CLI is on PATH and logged in", () => {
        expect(chooseEngine({}, CLI_LOGGED_IN)).to.deep.equal({ mode: "automation", reason: "the pulumi CLI is on PATH and logged in" });
    });

    it("follows BERTH_ENGINE when it is set", () => {
        expect(chooseEngine({ BERTH_ENGINE: "offline" }, CLI_LOGGED_IN).mode).to.equal("offline");
        expect(chooseEngine({ BERTH_ENGINE: "automation" }, { onPath: true, loggedIn: false }).mode).to.equal("automation");
    });

    it("refuses the Automation API without the CLI in one line naming how to install it or how to run offline", () => {
        const error = refusal(() => chooseEngine({ BERTH_ENGINE: "automation" }, NO_CLI));
        expect(error).to.be.instanceOf(EngineSelectionError);
        expect(error.message).to.not.contain("\n");
        expect(error.message).to.contain("https://www.pulumi.com/docs/install/").and.contain("BERTH_ENGINE=offline");
    });

    it("refuses an engine it does not know", () => {
        expect(refusal(() => chooseEngine({ BERTH_ENGINE: "cloud" }, NO_CLI)).message).to.equal(
            'BERTH_ENGINE must be offline or automation (got "cloud")',
        );
    });

    describe("finding the CLI", () => {
        let folder: string;
        before(() => {
            folder = fs.mkdtempSync(path.join(os.tmpdir(), "berth-select-"));
            fs.writeFileSync(path.join(folder, "pulumi"), "#!/bin/sh\n", { mode: 0o755 });
            fs.writeFileSync(path.join(folder, "credentials.json"), JSON.stringify({ current: "https://api.pulumi.com" }));
        });
        after(() => fs.rmSync(folder, { recursive: true, force: true }));

        it("finds an executable on PATH, and nothing on an empty PATH", () => {
            expect(findOnPath("pulumi", { PATH: ["/nonexistent", folder].join(path.delimiter) })).to.equal(path.join(folder, "pulumi"));
            expect(findOnPath("pulumi", { PATH: "" })).to.equal(undefined);
        });

        it("counts a login in PULUMI_HOME's credentials, a token or a backend URL", () => {
            expect(pulumiCli({ PATH: folder, PULUMI_HOME: folder })).to.deep.equal({ onPath: true, loggedIn: true });
            expect(pulumiCli({ PATH: folder, PULUMI_HOME: path.join(folder, "none") })).to.deep.equal({ onPath: true, loggedIn: false });
            expect(pulumiCli({ PATH: folder, PULUMI_HOME: path.join(folder, "none"), PULUMI_BACKEND_URL: "file://~" }).loggedIn).to.equal(
                true,
            );
        });
    });

    it("creates an offline engine from the environment, with its worker pool closed on close()", async () => {
        const { engine, choice } = await createEngine({ state: deployedPlansInMemory(), env: { PATH: "" } });
        expect(choice.mode).to.equal("offline");
        expect(engine.mode).to.equal("offline");
        await engine.close();
        const refused = await engine.validateApplication("dev", {}).catch((err: Error) => err);
        expect((refused as Error).message).to.equal("the plan pool is closed");
    });

    it("runs the offline engine from the build in dist/, its workers and both programs included", async function () {
        // A fresh process, as `berth portal` runs: the engine's worker threads load the built JavaScript, not ts-node.
        require(path.join(REPO, "bin", "build.js")).ensureBuilt();
        const script = `
            const { createEngine } = require("./dist/delivery/operations");
            const spec = { name: "catalog", clusters: ["dev-euw1"], image: { repository: "storefront", tag: "v2.0.0" } };
            createEngine({ state: require("./dist/delivery/operations").deployedPlansInMemory(), env: { BERTH_ENGINE: "offline" } }).then(async ({ engine }) => {
                const signal = new AbortController().signal;
                const result = await engine.preview({ kind: "application", environment: "dev", application: "catalog", spec }, { events: { log() {} }, signal });
                console.log(JSON.stringify({ created: result.changes.counts.create, ts: Object.keys(require.cache).some((id) => id.endsWith(".ts")) }));
                await engine.close();
            });`;
        const output = await new Promise<string>((resolve, reject) =>
            execFile(process.execPath, ["-e", script], { cwd: REPO, encoding: "utf8" }, (error, stdout, stderr) =>
                error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
            ),
        );
        expect(JSON.parse(output)).to.deep.equal({ created: 12, ts: false });
    });
});
