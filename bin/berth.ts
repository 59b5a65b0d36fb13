import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { PlanError } from "../delivery/errors";

const USAGE = `Usage: berth <command> [options]

Commands:
  plan <stack>          Plan a stack offline (mock engine, no cloud, no Pulumi CLI) and print it

Options for plan:
  --json <file>         Also write the plan document as JSON to <file>
  --dir <dir>           Project folder holding Pulumi.yaml (default: this repository)
  -h, --help            Show this help

Exit codes: 0 planned, 1 the program failed, 2 bad usage or invalid stack config.
`;

/** The repository root: the launcher lives in <root>/bin, so `berth` works from any directory. */
const REPO_ROOT = path.resolve(__dirname, "..");

/** Runs the CLI and returns its exit code; output goes to stdout/stderr. */
export async function main(argv: string[]): Promise<number> {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            options: { json: { type: "string" }, dir: { type: "string" }, help: { type: "boolean", short: "h" } },
        });
    } catch (err) {
        return usageError((err as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.help) {
        process.stdout.write(USAGE);
        return 0;
    }
    const [command, stack, ...extra] = positionals;
    if (command !== "plan") return usageError(command ? `unknown command "${command}"` : "no command given");
    if (!stack) return usageError("plan needs a stack name, e.g. `berth plan dev`");
    if (extra.length > 0) return usageError(`unexpected arguments: ${extra.join(" ")}`);
    return plan(stack, path.resolve(values.dir ?? REPO_ROOT), values.json);
}

async function plan(stack: string, dir: string, jsonFile: string | undefined): Promise<number> {
    // Loaded here, not at the top: the Pulumi SDK takes a second to load and --help should not wait for it.
    const { planStack } = await import("../delivery/plan");
    const { renderPlan } = await import("../delivery/render");
    try {
        const doc = await planStack({ stack, dir });
        process.stdout.write(renderPlan(doc));
        if (jsonFile) {
            fs.writeFileSync(jsonFile, JSON.stringify(doc, null, 2) + "\n");
            process.stdout.write(`\nWrote ${jsonFile}\n`);
        }
        return 0;
    } catch (err) {
        if (!(err instanceof PlanError)) throw err;
        process.stderr.write(`error: ${err.message}\n${err.problems.map((p) => `  ${p}\n`).join("")}`);
        // A failing program is a bug to find: its stack trace helps. A config mistake is not, and never shows one.
        if (err.exitCode === 1 && err.cause instanceof Error && err.cause.stack) process.stderr.write(`\n${err.cause.stack}\n`);
        return err.exitCode;
    }
}

function usageError(message: string): number {
    process.stderr.write(`error: ${message}\n\n${USAGE}`);
    return 2;
}
