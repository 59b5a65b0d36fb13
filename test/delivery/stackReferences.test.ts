import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { runCli } from "../helpers/cli";
import { PlanError } from "../../delivery/errors";
import { readStackOutputs, stackReferenceState } from "../../delivery/stackReferences";
import { planOf, REPO } from "../helpers/plans";

// By path with its extension: "../../bin/berth" would load the launcher, bin/berth.js, which runs the CLI at once.

const PLATFORM = "organization/platform/dev";

const run = (args: string[]) => runCli(args);

describe("the planner's stack references", () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "berth-references-"));
    after(() => fs.rmSync(folder, { recursive: true, force: true }));
    const write = (name: string, value: unknown) => {
        const file = path.join(folder, name);
        fs.writeFileSync(file, JSON.stringify(value));
        return file;
    };

    it("hands a StackReference the stack's outputs, marking as secret each output that holds one", () => {
        const outputs = { environment: "dev", clusters: { a: { region: "eu-west-1", kubeconfig: "[secret]" } }, list: ["x", "[secret]"] };
        expect(stackReferenceState(PLATFORM, { [PLATFORM]: outputs })).to.deep.equal({
            name: PLATFORM,
            outputs,
            secretOutputNames: ["clusters", "list"],
        });
    });

    it("refuses a reference it has no outputs for as bad usage, naming the ones it has", () => {
        expect(() => stackReferenceState("org/platform/prod", { [PLATFORM]: {} }))
            .to.throw(PlanError)
            .with.property("message")
            .that.contains(`--stack-outputs org/platform/prod=<file> (planStack: stackReferences) (given: ${PLATFORM})`);
    });

    it("reads the outputs from a plan document or from `pulumi stack output --json`", () => {
        const outputs = { environment: "dev", clusters: {} };
        expect(
            readStackOutputs(write("plan.json", { version: 1, project: "platform", stack: "dev", resources: [], outputs })),
        ).to.deep.equal(outputs);
        expect(readStackOutputs(write("outputs.json", outputs))).to.deep.equal(outputs);
        expect(() => readStackOutputs(path.join(folder, "missing.json")))
            .to.throw(PlanError)
            .with.property("message")
            .that.contains("no such file");
        expect(() => readStackOutputs(write("list.json", [1, 2]))).to.throw("must hold a plan document or a map of stack outputs");
    });

    it("takes --stack-outputs on the command line, and plans an application's stack with the platform's plan", async () => {
        const platformPlan = write("platform-dev.json", await planOf("dev"));
        const result = await run([
            "plan",
            "dev",
            "--dir",
            path.join(REPO, "examples", "app-storefront"),
            "--stack-outputs",
            `${PLATFORM}=${platformPlan}`,
            "--json",
            "-",
        ]);
        expect(result.code, result.stderr).to.equal(0);
        const document = JSON.parse(result.stdout);
        expect(document.project).to.equal("app-storefront");
        expect(document.resources.map((resource: { type: string }) => resource.type)).to.include("berth:workload:Workload");
    });

    it("refuses a --stack-outputs without <stack>=<file>, and a file it cannot read, before planning", async () => {
        const malformed = await run(["plan", "dev", "--stack-outputs", "platform-dev.json"]);
        expect(malformed.code).to.equal(2);
        expect(malformed.stderr).to.contain("error: --stack-outputs takes <stack>=<file>");
        const missing = await run(["plan", "dev", "--stack-outputs", `${PLATFORM}=${path.join(folder, "nowhere.json")}`]);
        expect(missing.code).to.equal(2);
        expect(missing.stderr).to.equal(`error: cannot read stack outputs from ${path.join(folder, "nowhere.json")}: no such file\n`);
    });
});
