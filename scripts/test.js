#!/usr/bin/env node
"use strict";
// `npm test`: the type check and the mocha suite side by side, and the suite's files in parallel, a mocha process per
// core: most of the suite's time is CPU (plans, IAM simulations, a browser), which one process spends on one core.
// Mocha writes straight to the terminal (CI counts its "N passing" and "N failing" lines); the type checker's
// errors follow once mocha is done, so the two never interleave. Fails when either fails. Arguments go to mocha:
// `npm test -- --grep cluster`.
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const TYPECHECK_CONFIG = path.join(__dirname, "typecheck.tsconfig.json");
/** Where `tsc -b` records what it checked (typecheck.tsconfig.json's tsBuildInfoFile). */
const TYPECHECK_RECORD = path.join(ROOT, "node_modules", ".cache", "berth", "typecheck.tsbuildinfo");
/** npm rewrites this file whenever it changes node_modules. */
const INSTALLED = path.join(ROOT, "node_modules", ".package-lock.json");

/**
 * `tsc -b` re-checks a project when one of its own files changed, but trusts its record for the packages' type
 * declarations: after an install that may have changed them, it starts afresh.
 */
function forgetTypeCheckAfterInstall() {
    if (!fs.existsSync(TYPECHECK_RECORD)) return;
    const installed = fs.existsSync(INSTALLED) ? fs.statSync(INSTALLED).mtimeMs : Infinity;
    if (installed >= fs.statSync(TYPECHECK_RECORD).mtimeMs) fs.rmSync(TYPECHECK_RECORD);
}

/** Runs node with `args`; resolves with its exit code (1 when a signal ended it) and, unless inherited, its output. */
function node(args, stdio) {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, args, { cwd: ROOT, stdio });
        let output = "";
        child.stdout?.on("data", (chunk) => (output += chunk));
        child.stderr?.on("data", (chunk) => (output += chunk));
        child.on("close", (code) => resolve({ code: code ?? 1, output }));
    });
}

/** A mocha process per core, and at least two: files that wait on a browser or a child process leave a core idle. */
const jobs = Math.max(2, os.availableParallelism());

async function main() {
    forgetTypeCheckAfterInstall();
    const pretty = process.stdout.isTTY ? ["--pretty"] : [];
    const [typeCheck, mocha] = await Promise.all([
        node([require.resolve("typescript/bin/tsc"), "-b", TYPECHECK_CONFIG, ...pretty], ["ignore", "pipe", "pipe"]),
        node([require.resolve("mocha/bin/mocha.js"), "--parallel", "--jobs", String(jobs), ...process.argv.slice(2)], "inherit"),
    ]);
    if (typeCheck.code !== 0) {
        process.stdout.write(`\nType check failed (tsc -b scripts/typecheck.tsconfig.json):\n${typeCheck.output}`);
    }
    return mocha.code !== 0 ? mocha.code : typeCheck.code;
}

main().then((code) => {
    process.exitCode = code;
});
