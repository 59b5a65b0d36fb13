"use strict";
// Berth's TypeScript as ts-node transpiles it (swc, with the options ts-node derives from tsconfig.json), remembered
// on disk by content. Every thread that runs the sources (a mocha process, a test worker, a planning worker) and
// every build would otherwise load ts-node, and the TypeScript compiler it brings, a quarter of a second, and
// transpile each file again: a file seen before is read back instead, and ts-node loads only for one that is not.
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
/** One file per source: its key on the first line, then the JavaScript. npm ci starts it afresh. */
const CACHE = path.join(ROOT, "node_modules", ".cache", "berth", "transpiled");

/**
 * A transpiler for the project whose tsconfig.json is `config`: it makes of `code`, the content of `fileName`, the
 * JavaScript ts-node makes of it, with its source map inline, and keeps it in the folder `cache`. Only the
 * repository's own files are kept, one entry for each: a file elsewhere (a test's scratch project, a `--dir` project
 * planned from source) is transpiled every time, so that scratch files never pile up in the folder.
 */
function transpilerFor(config, cache = CACHE) {
    let compiler;
    let settings;
    /** What decides the output besides the file: the versions of ts-node and swc, and the project's tsconfig.json. */
    const whatElseDecides = () =>
        (settings ??= [
            require("ts-node/package.json").version,
            require("@swc/core/package.json").version,
            fs.readFileSync(config, "utf8"),
        ].join("\n"));
    const compile = (code, fileName) => {
        compiler ??= require("ts-node").create({ transpileOnly: true, swc: true, project: config });
        return compiler.compile(code, fileName);
    };
    return (code, fileName) => {
        if (!fileName.startsWith(ROOT + path.sep)) return compile(code, fileName);
        const entry = path.join(cache, `${digest(fileName)}.js`);
        const key = `// ${digest(whatElseDecides(), fileName, code)}\n`;
        const known = readKept(entry);
        if (known?.startsWith(key)) return known.slice(key.length);
        const output = compile(code, fileName);
        keep(entry, key + output);
        return output;
    };
}

// The folder only saves time: one that cannot be read or written (a read-only node_modules) costs a transpile, never
// a failed command.

function readKept(entry) {
    try {
        return fs.readFileSync(entry, "utf8");
    } catch {
        return undefined;
    }
}

function keep(entry, text) {
    try {
        writeAtomically(entry, text);
    } catch {
        // Not kept: the next thread transpiles the file again.
    }
}

function digest(...parts) {
    const hash = crypto.createHash("sha256");
    for (const part of parts) hash.update(part).update("\0");
    return hash.digest("hex");
}

/** Written under a temporary name and renamed: a thread or process reading it at the same time never sees half a file. */
function writeAtomically(file, text) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${crypto.randomUUID()}.tmp`;
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
}

module.exports = { transpilerFor, writeAtomically };
