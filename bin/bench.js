#!/usr/bin/env node
"use strict";
// Launcher for `npm run bench` (the planner, the CLI and the suite) and `npm run bench:portal` (the portal under load).
// The benches are TypeScript run through ts-node: they time the commands they start, never their own start-up.
require("./register");
const [which, ...args] = process.argv.slice(2);
if (which === "portal") {
    require("../bench/portal.ts")
        .main(args)
        .then((code) => (process.exitCode = code));
} else {
    process.exitCode = require("../bench/plan.ts").main(process.argv.slice(2));
}
