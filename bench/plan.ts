import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { parseArgs } from "util";

/** The targets a plan must meet on a developer laptop; printed beside the figures, never asserted. */
const TARGET_SECONDS = 5;
const TARGET_MB = 400;

const ROOT = path.resolve(__dirname, "..");
const BERTH = path.join(ROOT, "bin", "berth.js");
const REPORTER = path.join(__dirname, "rss-reporter.js");

interface Sample {
    seconds: number;
    megabytes: number;
}

/** Plans a stack in a fresh process, as a user's `berth plan <stack>` would, and measures it. */
function sample(stack: string, dir: string): Sample {
    const rssFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "berth-bench-")), "maxrss");
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ["--require", REPORTER, BERTH, "plan", stack, "--dir", dir], {
        env: { ...process.env, BERTH_BENCH_RSS_FILE: rssFile },
        encoding: "utf8",
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (run.status !== 0) throw new Error(`berth plan ${stack} exited ${run.status}:\n${run.stderr}`);
    // maxRSS is in kilobytes.
    return { seconds, megabytes: Number(fs.readFileSync(rssFile, "utf8")) / 1024 };
}

const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** `npm run bench -- [--stack prod] [--runs 3] [--dir <project>]` */
export function main(argv: string[]): number {
    const { values } = parseArgs({
        args: argv,
        options: {
            stack: { type: "string", default: "prod" },
            runs: { type: "string", default: "3" },
            dir: { type: "string", default: ROOT },
        },
    });
    const runs = Number(values.runs);
    const dir = path.resolve(values.dir);
    console.log(`berth plan ${values.stack} (${dir}), ${runs} runs, each in a fresh process`);
    const samples: Sample[] = [];
    for (let i = 1; i <= runs; i++) {
        const s = sample(values.stack, dir);
        samples.push(s);
        console.log(`  run ${i}: ${s.seconds.toFixed(2)} s wall, ${s.megabytes.toFixed(0)} MB peak RSS`);
    }
    const wall = median(samples.map((s) => s.seconds));
    const rss = median(samples.map((s) => s.megabytes));
    console.log(
        `median: ${wall.toFixed(2)} s wall (target < ${TARGET_SECONDS} s), ${rss.toFixed(0)} MB peak RSS (target < ${TARGET_MB} MB)`,
    );
    return 0;
}
