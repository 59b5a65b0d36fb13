#!/usr/bin/env node
"use strict";
// Launcher for the `berth` command: the CLI and the programs it plans are TypeScript.
require("./register");
// Pulumi records a stack trace for every promise and resource it creates; source-mapping each one through
// ts-node's hook costs about half a plan's run time. A failing program's trace then points into the
// transpiled code, which keeps the TypeScript's line structure closely enough to find the line.
delete Error.prepareStackTrace;
require("./berth.ts")
    .main(process.argv.slice(2))
    .then((code) => {
        process.exitCode = code;
    });
