#!/usr/bin/env node
"use strict";
// Launcher for `npm run bench`: the bench is TypeScript, run through ts-node like the `berth` command.
const path = require("path");
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
process.exitCode = require("../bench/plan.ts").main(process.argv.slice(2));
