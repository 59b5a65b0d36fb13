import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFile } from "child_process";
import { expect } from "chai";
import { runCli } from "../helpers/cli";
import { planOf } from "../helpers/plans";

// By path with its extension: "../../bin/berth" would load the launcher, bin/berth.js, which runs the CLI at once.
const { callerDirectory }: typeof import("../../bin/berth") = require("../../bin/berth.ts");

const REPO = path.join(__dirname, "..", "..");
const berth = path.join(REPO, "bin", "berth.js");
const fixture = path.join(__dirname, "..", "fixtures", "planner");
const WARNING = "\nWarnings (1):\n  warning: a single cluster has no failover: add a second one for production\n";

/** What a process exited with and wrote. */
interface Finished {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Runs node with `args` in its own process, from an unrelated directory; resolves when it exits, whatever its code. */
function node(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Finished> {
    return new Promise((resolve) => {
        const child = execFile(process.execPath, args, { cwd: os.tmpdir(), encoding: "utf8", env }, (_error, stdout, stderr) =>
            resolve({ code: child.exitCode, stdout, stderr }),
        );
    });
}

/**
 * Runs `berth` as a user would, in its own process, from an unrelated directory (and outside any npm script), with
 * `settings` added to the environment.
 */
function spawn(args: string[], settings: NodeJS.ProcessEnv = {}): Promise<Finished> {
    const env = { ...process.env, ...settings };
    delete env.INIT_CWD;
    return node([berth, ...args], env);
}

const scratches: string[] = [];
const scratch = () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "berth-"));
    scratches.push(folder);
    return folder;
};

describe("berth CLI", () => {
    after(() => scratches.forEach((folder) => fs.rmSync(folder, { recursive: true, force: true })));

    describe("in its own process", () => {
        // Started while mocha loads this file, so that these processes run beside the in-process
        // tests; each test waits for its own. They prove what no in-process call can: the exit code the shell sees,
        // and that nothing but the CLI's own output reaches the process's stdout and stderr.
        const jsonToStdout = spawn(["plan", "dev", "--dir", fixture, "--json", "-"]);
        // After the first: `berth` first rebuilds what changed in dist/, and two at once would both rebuild it.
        const brokenStack = jsonToStdout.then(() => spawn(["plan", "broken", "--dir", fixture]));
        // Lithuanian collation sorts "y" with "i", so "system" before "spot-general" (two of prod's node pools).
        const prodInLithuanian = jsonToStdout.then(() => spawn(["plan", "prod", "--dir", REPO, "--json", "-"], { LC_ALL: "lt_LT.UTF-8" }));
        const helpOnly = node([
            "-e",
            `require(${JSON.stringify(path.join(REPO, "bin", "register.js"))});
            require(${JSON.stringify(path.join(REPO, "bin", "berth.ts"))}).main(["--help"]).then((code) => {
                const pulumi = Object.keys(require.cache).filter((file) => file.includes("@pulumi"));
                process.stderr.write(JSON.stringify({ code, pulumi }));
            });`,
        ]);

        it("with --json -, writes the plan document to stdout and nothing else", async () => {
            const r = await jsonToStdout;
            expect(r.code).to.equal(0);
            const doc = JSON.parse(r.stdout);
            expect(r.stdout).to.equal(JSON.stringify(doc, null, 2) + "\n");
            expect(doc).to.include({ version: 1, project: "fixture", stack: "dev" });
            expect(Object.keys(doc)).to.include.members(["resources", "outputs", "summary", "warnings"]);
            expect(r.stderr).to.equal(WARNING.trimStart());
        });

        it("prints each config problem on its own line, without a stack trace, and exits 2", async () => {
            const r = await brokenStack;
            expect(r.code).to.equal(2);
            expect(r.stderr).to.equal(
                [
                    'error: Stack "broken" has 2 configuration problems',
                    "  fixture:clusters[1].cidr: must be an IPv4 CIDR block (got 10.300.0.0/16)",
                    "  fixture:clusters[1].maxSize: must be >= minSize (got 1, minSize 3)",
                    "",
                ].join("\n"),
            );
            expect(r.stdout).to.equal("");
        });

        it("writes the same plan document whatever the machine's locale", async () => {
            const r = await prodInLithuanian;
            expect(r.code).to.equal(0);
            expect(r.stdout).to.equal(JSON.stringify(await planOf("prod"), null, 2) + "\n");
        });

        it("answers --help without loading the Pulumi SDK", async () => {
            const r = await helpOnly;
            expect(JSON.parse(r.stderr)).to.deep.equal({ code: 0, pulumi: [] });
            expect(r.stdout).to.contain("Usage: berth <command>");
        });
    });

    describe("arguments", () => {
        it("prints its version from package.json", async () => {
            const { version } = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
            expect(await runCli(["--version"])).to.deep.equal({ code: 0, stdout: `berth ${version}\n`, stderr: "" });
        });

        it("shows the commands with help, -h and --help, and a command's options with help <command>", async () => {
            for (const args of [["help"], ["-h"], ["--help"]]) {
                const r = await runCli(args);
                expect(r.code, args.join(" ")).to.equal(0);
                expect(r.stdout, args.join(" ")).to.match(/^Usage: berth <command>/);
                expect(r.stdout).to.contain("plan <stack>").and.to.contain("help [command]");
            }
            for (const args of [
                ["help", "plan"],
                ["plan", "--help"],
            ]) {
                const r = await runCli(args);
                expect(r.code, args.join(" ")).to.equal(0);
                expect(r.stdout, args.join(" ")).to.match(/^Usage: berth plan <stack>/);
                expect(r.stdout).to.contain("--tree").and.to.contain("--json <file>").and.to.contain("--dir <dir>");
            }
        });

        it("refuses an unknown option in one line of its own, then the usage, with exit 2", async () => {
            for (const [args, message, usage] of [
                [["plan", "dev", "--verbose"], "unknown option --verbose", "Usage: berth plan"],
                [["-x"], "unknown option -x", "Usage: berth <command>"],
                [["plan", "dev", "--json"], '--json needs a file name (or "-" for stdout)', "Usage: berth plan"],
                [["plan", "dev", "--json", "--tree"], '--json needs a file name (or "-" for stdout)', "Usage: berth plan"],
                [["plan", "dev", "--tree=yes"], "--tree takes no value", "Usage: berth plan"],
                [["plan", "dev", "--dir", "a", "--dir", "b"], "--dir is given twice", "Usage: berth plan"],
                [["plan", "dev", "--tree", "--json", "-"], "--tree draws text", "Usage: berth plan"],
            ] as const) {
                const r = await runCli([...args]);
                expect(r.code, args.join(" ")).to.equal(2);
                expect(r.stdout).to.equal("");
                const [first, blank, third] = r.stderr.split("\n");
                expect(first, args.join(" ")).to.contain(`error: ${message}`);
                expect([blank, third.slice(0, usage.length)]).to.deep.equal(["", usage]);
                expect(r.stderr).not.to.contain("To specify a positional argument");
            }
        });

        it("exits 2 with the usage for a missing command or stack, or an unknown command or help topic", async () => {
            for (const [args, message] of [
                [[], "error: no command given"],
                [["deploy", "dev"], 'error: unknown command "deploy"'],
                [["plan"], "error: plan needs a stack name"],
                [["plan", "dev", "prod"], "error: unexpected arguments: prod"],
                [["help", "deploy"], 'error: no command "deploy"'],
            ] as const) {
                const r = await runCli([...args]);
                expect(r.code, args.join(" ")).to.equal(2);
                expect(r.stderr.split("\n")[0], args.join(" ")).to.contain(message);
                expect(r.stderr).to.contain("Usage: berth");
            }
        });
    });

    describe("plan", () => {
        it("prints the review on stdout, the warnings on stderr, and writes the JSON document", async () => {
            const out = path.join(scratch(), "dev.plan.json");
            const r = await runCli(["plan", "dev", "--dir", fixture, "--json", out]);
            expect(r.code).to.equal(0);
            expect(r.stderr).to.equal(WARNING);
            expect(r.stdout.split("\n")[0]).to.equal("Plan for fixture/dev: 9 resources, 1 cluster, 1 warning");
            expect(r.stdout).to.contain("\nCluster blue\n  region          eu-west-1\n");
            expect(r.stdout).to.contain("\nBy type:\n");
            expect(r.stdout).not.to.contain("no failover");
            expect(r.stdout.endsWith(`\nWrote ${out}\n`)).to.equal(true);
            const doc = JSON.parse(fs.readFileSync(out, "utf8"));
            expect(doc).to.include({ version: 1, project: "fixture", stack: "dev" });
            expect(doc.summary.resources).to.equal(9);
        });

        it("refuses a --json path it cannot write in one line with exit 2, before planning", async () => {
            const folder = scratch();
            for (const [file, reason] of [
                [path.join(folder, "missing", "plan.json"), `the directory ${path.join(folder, "missing")} does not exist`],
                [folder, "it is a directory"],
            ]) {
                // The stack does not exist: the path is refused before the plan would find that out.
                const r = await runCli(["plan", "no-such-stack", "--dir", fixture, "--json", file]);
                expect(r).to.deep.equal({ code: 2, stdout: "", stderr: `error: cannot write the plan document to ${file}: ${reason}\n` });
            }
        });

        it("exits 2 naming the stacks that exist for an unknown stack", async () => {
            const r = await runCli(["plan", "qa", "--dir", fixture]);
            expect(r.code).to.equal(2);
            expect(r.stderr).to.contain("Stacks here: broken, dev, malformed, prod");
        });

        it("takes relative --json and --dir from where the user ran npm, not from the package root npm moved to", async () => {
            const caller = scratch();
            const npm = { INIT_CWD: caller, npm_package_json: path.join(REPO, "package.json") };
            const r = await runCli(["plan", "dev", "--dir", path.relative(caller, fixture), "--json", "dev.json"], { env: npm, cwd: REPO });
            expect(r.code, r.stderr).to.equal(0);
            expect(JSON.parse(fs.readFileSync(path.join(caller, "dev.json"), "utf8")).stack).to.equal("dev");
            expect(fs.existsSync(path.join(REPO, "dev.json"))).to.equal(false);
        });

        it("exits 1 for a program that fails, with its error and the stack trace to the line that threw", async () => {
            const project = scratch();
            fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: failing\nruntime: nodejs\n");
            fs.writeFileSync(path.join(project, "Pulumi.dev.yaml"), "config: {}\n");
            fs.writeFileSync(
                path.join(project, "index.ts"),
                "const clusters: string[] = [];\nthrow new Error(`no cluster in ${clusters.length}`);\n",
            );
            const r = await runCli(["plan", "dev", "--dir", project]);
            expect(r.code).to.equal(1);
            expect(r.stdout).to.equal("");
            const [message, blank, firstLine, frame] = r.stderr.split("\n");
            expect([message, blank, firstLine]).to.deep.equal([
                'error: The program for stack "dev" failed: no cluster in 0',
                "",
                "Error: no cluster in 0",
            ]);
            expect(frame).to.contain(`${path.join(project, "index.ts")}:2:`);
        });

        it("prints the resource tree with --tree, also after the second -- that npm run passes through", async () => {
            const r = await runCli(["plan", "dev", "--dir", fixture, "--", "--tree"]);
            expect(r.code).to.equal(0);
            expect(r.stdout).to.contain(
                "\n  pulumi:pulumi:Stack fixture-dev\n    pulumi:providers:aws primary\n    berth:cluster:Cluster blue\n",
            );
            expect(r.stdout).not.to.contain("\nCluster blue\n");
        });
    });

    describe("callerDirectory", () => {
        const npmRoot = "/repo";
        const underNpm = { INIT_CWD: "/home/me/work", npm_package_json: "/repo/package.json" };

        it("is npm's INIT_CWD while the command runs in the package root npm moved to", () => {
            expect(callerDirectory(underNpm, npmRoot)).to.equal("/home/me/work");
        });

        it("is the working directory outside npm, or when a script moved on from the package root", () => {
            expect(callerDirectory({}, "/somewhere")).to.equal("/somewhere");
            expect(callerDirectory(underNpm, "/repo/sub")).to.equal("/repo/sub");
        });
    });

    it("plans a project that is not a Berth environment, without policies, and refuses to check it (exit 2)", async () => {
        const project = path.join(__dirname, "..", "fixtures", "non-berth");
        const out = path.join(scratch(), "staging.plan.json");
        const planned = await runCli(["plan", "staging", "--dir", project, "--json", out]);
        expect(planned.code, planned.stderr).to.equal(0);
        expect(JSON.parse(fs.readFileSync(out, "utf8"))).to.not.have.property("violations");
        const checked = await runCli(["check", "staging", "--dir", project]);
        expect(checked.code).to.equal(2);
        expect(checked.stderr).to.contain('stack "staging" is not a Berth environment');
    });
});
