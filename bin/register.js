"use strict";
// Loads TypeScript on the fly for the `berth` command, the bench and the tests: ts-node in transpile-only mode
// with swc as the transpiler (a plan never waits for a type check; `npm test` type-checks with tsc first).
const path = require("path");
const service = require("ts-node").register({ transpileOnly: true, swc: true, project: path.join(__dirname, "..", "tsconfig.json") });

// A plan loads the program's own modules afresh (delivery/runProgram.ts), and the suite plans many times in one thread:
// the same source always transpiles to the same JavaScript, so each version of a file is transpiled once.
const transpile = service.compile.bind(service);
const transpiled = new Map();
service.compile = (code, fileName, lineOffset) => {
    const known = transpiled.get(fileName);
    if (known?.code === code && lineOffset === undefined) return known.output;
    const output = transpile(code, fileName, lineOffset);
    if (lineOffset === undefined) transpiled.set(fileName, { code, output });
    return output;
};
