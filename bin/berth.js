#!/usr/bin/env node
"use strict";
// Launcher for the `berth` command. It runs the CLI built into dist/ (plain JavaScript: no ts-node, no TypeScript
// compiler to load), after rebuilding whatever TypeScript changed since the last build, so a plan always shows the
// code on disk. BERTH_FROM_SOURCE=1 runs the TypeScript sources through ts-node instead, as the tests do.
main(loadCli());

function loadCli() {
    if (!process.env.BERTH_FROM_SOURCE) {
        try {
            require("./build").ensureBuilt();
            return require("../dist/bin/berth.js");
        } catch (err) {
            process.stderr.write(`berth: cannot use the build in dist/ (${err.message}); running the TypeScript sources through ts-node\n`);
        }
    }
    require("./register");
    // Pulumi records a stack trace for every resource it creates; source-mapping each one through ts-node's hook
    // costs a large part of a plan's run time. A failing program's trace then points into the transpiled code, which
    // keeps the TypeScript's line structure closely enough to find the line.
    delete Error.prepareStackTrace;
    return require("./berth.ts");
}

function main(cli) {
    // `berth plan prod | head` closes the pipe early: that is the reader's choice, not a failure of the command.
    process.stdout.on("error", (err) => {
        if (err.code !== "EPIPE") throw err;
        process.exit(process.exitCode ?? 0);
    });
    cli.main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    });
}
