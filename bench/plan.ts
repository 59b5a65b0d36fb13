import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { parseArgs } from "util";

/** Issue 9's targets, printed beside the figures and never asserted: a loaded machine is slower, not broken. */
const TARGETS = {
    planProd: { seconds: 0.8, megabytes: 150 },
    planDev: { seconds: 0.7 },
    help: { seconds: 0.1 },
    suite: { seconds: 10 },
};

const ROOT = path.resolve(__dirname, "..");
const BERTH = path.join(ROOT, "bin", "berth.js");
const REPORTER = path.join(__dirname, "usageReporter.js");

interface Sample {
    seconds: number;
    cpuSeconds: number;
    megabytes: number;
}

/** Runs `berth <args>` in a fresh process, as `npm run berth -- <args>` would, and measures it. */
function sample(args: string[], env: NodeJS.ProcessEnv = process.env): Sample {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "berth-bench-"));
    const usageFile = path.join(scratch, "usage.json");
    try {
        const started = process.hrtime.bigint();
        const run = spawnSync(process.execPath, ["--require", REPORTER, BERTH, ...args], {
            env: { ...env, BERTH_BENCH_USAGE_FILE: usageFile },
            encoding: "utf8",
            maxBuffer: 64 * 1024 * 1024,
        });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        if (run.status !== 0) throw new Error(`berth ${args.join(" ")} exited ${run.status}:\n${run.stderr}`);
        const usage = JSON.parse(fs.readFileSync(usageFile, "utf8"));
        return { seconds, cpuSeconds: usage.cpuMicros / 1e6, megabytes: usage.maxRssKb / 1024 };
    } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
    }
}

const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function medianOf(runs: number, args: string[]): Sample {
    const samples = Array.from({ length: runs }, () => sample(args));
    return {
        seconds: median(samples.map((s) => s.seconds)),
        cpuSeconds: median(samples.map((s) => s.cpuSeconds)),
        megabytes: median(samples.map((s) => s.megabytes)),
    };
}

/**
 * The wall time of a Node.js process that does nothing: the floor under every figure here. It moves with the
 * machine's load and speed, so a figure that moved with it did not change by itself.
 */
function nodeStartup(runs: number): number {
    const seconds = Array.from({ length: runs }, () => {
        const started = process.hrtime.bigint();
        spawnSync(process.execPath, ["-e", "0"]);
        return Number(process.hrtime.bigint() - started) / 1e9;
    });
    return median(seconds);
}

const verdict = (value: number, target: number) => (value < target ? "ok" : "OVER");
const within = (value: number, target: number, unit: string, digits: number) =>
    `${value.toFixed(digits)} ${unit} (target < ${target} ${unit}, ${verdict(value, target)})`;

/**
 * The plan document of `stack` from the build and from the TypeScript sources (BERTH_FROM_SOURCE=1): the build must
 * never plan anything else than the code it was built from. Returns the document's resource count.
 */
function checkIdentical(stack: string): { identical: boolean; resources: number; detail: string } {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "berth-bench-"));
    try {
        const built = path.join(scratch, "built.json");
        const source = path.join(scratch, "source.json");
        sample(["plan", stack, "--json", built]);
        sample(["plan", stack, "--json", source], { ...process.env, BERTH_FROM_SOURCE: "1" });
        const [a, b] = [fs.readFileSync(built, "utf8"), fs.readFileSync(source, "utf8")];
        const resources: number = JSON.parse(a).summary.resources;
        if (a === b) return { identical: true, resources, detail: "" };
        const [linesA, linesB] = [a.split("\n"), b.split("\n")];
        const line = linesA.findIndex((text, i) => text !== linesB[i]);
        return { identical: false, resources, detail: `line ${line + 1}: built ${linesA[line]} / source ${linesB[line]}` };
    } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
    }
}

/**
 * The CPU time of this process's children that have ended, every process under them included: Linux's
 * /proc/self/stat, fields 16 and 17, in USER_HZ (100 on every Linux ABI Node.js runs on). Undefined elsewhere.
 */
function endedChildrenCpuSeconds(): number | undefined {
    let stat: string;
    try {
        stat = fs.readFileSync("/proc/self/stat", "utf8");
    } catch {
        return undefined;
    }
    // The command name, field 2, is in parentheses and may hold spaces: count the fields after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** `npm test`, once, as a developer runs it; its own output is kept out of the bench's. */
function timeSuite(): { seconds: number; cpuSeconds?: number; summary: string; ok: boolean } {
    const cpuBefore = endedChildrenCpuSeconds();
    const started = process.hrtime.bigint();
    const run = spawnSync("npm", ["test"], { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpuAfter = endedChildrenCpuSeconds();
    const cpuSeconds = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
    const output = `${run.stdout}\n${run.stderr}`;
    const counts = ["passing", "failing", "pending"].flatMap((word) => {
        const count = new RegExp(`^\\s*(\\d+) ${word}`, "m").exec(output)?.[1];
        return count === undefined ? [] : [`${count} ${word}`];
    });
    return { seconds, cpuSeconds, ok: run.status === 0, summary: counts.length > 0 ? counts.join(", ") : `exit ${run.status}` };
}

/** `npm run bench -- [--runs 5] [--no-suite]` */
export function main(argv: string[]): number {
    const { values } = parseArgs({
        args: argv,
        options: { runs: { type: "string", default: "5" }, "no-suite": { type: "boolean", default: false } },
    });
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number of runs, got ${values.runs}`);
    // Bring the build up to date first, so that no timed run pays for a rebuild.
    require("../bin/build").ensureBuilt();

    const [load] = os.loadavg();
    console.log(
        `Berth bench: median of ${runs} fresh processes; node ${process.version}, ${os.cpus().length} CPUs, load ${load!.toFixed(1)}`,
    );
    console.log(`  node -e 0        ${nodeStartup(runs).toFixed(3)} s: Node.js starting and exiting, the floor under the figures below`);
    let ok = true;
    const identity: string[] = [];
    for (const [stack, target] of [
        ["prod", TARGETS.planProd],
        ["dev", TARGETS.planDev],
    ] as const) {
        const check = checkIdentical(stack);
        const s = medianOf(runs, ["plan", stack]);
        const memory = "megabytes" in target ? within(s.megabytes, target.megabytes, "MB", 0) : `${s.megabytes.toFixed(0)} MB`;
        console.log(
            `  berth plan ${stack.padEnd(5)} ${within(s.seconds, target.seconds, "s", 2)}, ${s.cpuSeconds.toFixed(2)} s CPU, ` +
                `${memory} peak RSS, ${(check.resources / s.seconds).toFixed(0)} resources/s (${check.resources} resources)`,
        );
        if (!check.identical) {
            ok = false;
            identity.push(`${stack} differs at ${check.detail}`);
        }
    }
    const help = medianOf(runs, ["--help"]);
    console.log(`  berth --help     ${within(help.seconds, TARGETS.help.seconds, "s", 3)}, ${help.megabytes.toFixed(0)} MB peak RSS`);
    console.log(
        identity.length === 0
            ? "  plan documents   byte-identical from the build and from the TypeScript sources (prod, dev)"
            : `  plan documents   DIFFER between the build and the TypeScript sources: ${identity.join("; ")}`,
    );
    if (!values["no-suite"]) {
        const suite = timeSuite();
        ok &&= suite.ok;
        // Wall time cannot drop below the CPU time shared among the cores: the figure that says how far a target is.
        const cpu =
            suite.cpuSeconds === undefined
                ? ""
                : `, ${suite.cpuSeconds.toFixed(1)} s CPU (${(suite.cpuSeconds / os.cpus().length).toFixed(1)} s on each of ${os.cpus().length} CPUs)`;
        console.log(`  npm test         ${within(suite.seconds, TARGETS.suite.seconds, "s", 1)}${cpu}, ${suite.summary}`);
    }
    return ok ? 0 : 1;
}
