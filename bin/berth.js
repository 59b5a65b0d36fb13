#!/usr/bin/env node
"use strict";
// Launcher for the `berth` command: the CLI and the programs it plans are TypeScript, run through ts-node
// (transpile-only, so a plan never waits for a type check; `npm test` type-checks).
const path = require("path");
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
require("./berth.ts")
    .main(process.argv.slice(2))
    .then((code) => {
        process.exitCode = code;
    });
