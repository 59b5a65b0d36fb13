#!/usr/bin/env node
"use strict";
// Launcher for `npm run bench`. The bench is TypeScript run through ts-node: it times the commands it starts, never
// its own start-up.
require("./register");
process.exitCode = require("../bench/plan.ts").main(process.argv.slice(2));
