"use strict";
// Loads TypeScript on the fly for the `berth` command from source, the bench and the tests: each file as ts-node
// transpiles it (bin/transpiled.js; transpile only, with swc: a plan never waits for a type check, and `npm test`
// type-checks with tsc beside the suite), and stack traces mapped back to the TypeScript lines, as ts-node maps them.
const fs = require("fs");
const path = require("path");
const { transpilerFor } = require("./transpiled");

const transpile = transpilerFor(path.join(__dirname, "..", "tsconfig.json"));

/** The JavaScript each source loaded so far was run as, for the source maps inside it. */
const outputs = new Map();

// ts-node's own source-map support, installed as ts-node installs it.
const tsNode = path.dirname(require.resolve("ts-node/package.json"));
require(require.resolve("@cspotcode/source-map-support", { paths: [tsNode] })).install({
    environment: "node",
    retrieveFile: (file) => outputs.get(file) ?? "",
    redirectConflictingLibrary: true,
});

require.extensions[".ts"] = (module, fileName) => {
    const output = transpile(fs.readFileSync(fileName, "utf8"), fileName);
    outputs.set(fileName, output);
    module._compile(output, fileName);
};
