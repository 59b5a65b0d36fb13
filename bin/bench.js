#!/usr/bin/env node
"use strict";
// Launcher for `npm run bench`: the bench is TypeScript, loaded like the `berth` command.
require("./register");
process.exitCode = require("../bench/plan.ts").main(process.argv.slice(2));
