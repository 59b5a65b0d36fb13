"use strict";
// Loads TypeScript on the fly for the `berth` command, the bench and the tests: ts-node in transpile-only mode
// with swc as the transpiler (a plan never waits for a type check; `npm test` type-checks with tsc first).
const path = require("path");
require("ts-node").register({ transpileOnly: true, swc: true, project: path.join(__dirname, "..", "tsconfig.json") });
