"use strict";
// Compiles Berth's own TypeScript (the program, the components, the planner and the CLI) into dist/, so that
// `berth` starts without ts-node and the TypeScript compiler. `npm ci` runs it through the package's prepare
// script; the `berth` launcher calls `ensureBuilt` first, which rebuilds only the files that changed since, so a plan
// always shows the code as it is on disk. Files are transpiled as the source path runs them (bin/transpiled.js: ts-node's
// own transpiler), so both give the same plan.
const fs = require("fs");
const path = require("path");

/** What a build compiles, and where to. */
const BERTH = {
    root: path.resolve(__dirname, ".."),
    outDir: "dist",
    /** What `berth` and the policy pack run. Tests and the bench are not built: they run through ts-node. */
    sources: ["index.ts", "components", "stacks", "delivery", "portal", "apps", "bin", "policy"],
};

const CONFIG = "tsconfig.json";
/** How the build lays out what it writes; a build folder written another way is rebuilt whole. */
const FORMAT = 2;

/** Each source's fingerprint at its last build, in the build folder; a source whose fingerprint differs is rebuilt. */
const MANIFEST = "sources.json";

/** The TypeScript files under `project.sources`, relative to its root. */
function listSources(project) {
    const files = [];
    for (const entry of project.sources) {
        if (fs.statSync(path.join(project.root, entry)).isDirectory()) addSourcesUnder(project.root, entry, files);
        else files.push(entry);
    }
    return files.sort();
}

/**
 * Adds the TypeScript files under `folder` to `files`. A walk of its own, because node 20's `readdirSync` with
 * `recursive` takes three times as long, and every `berth` command, `--help` included, lists the sources first. For
 * the same reason names are joined with the separator rather than `path.join`, which normalises every path it makes:
 * the names come from the folder listing, the folders from the project, so there is nothing to normalise.
 */
function addSourcesUnder(root, folder, files) {
    for (const entry of fs.readdirSync(root + path.sep + folder, { withFileTypes: true })) {
        const file = folder + path.sep + entry.name;
        if (entry.isDirectory()) addSourcesUnder(root, file, files);
        else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) files.push(file);
    }
}

/** Modification time and size: a stat is all it costs, and any save or checkout changes one of them. `file` is a listed source. */
function fingerprint(project, file) {
    const stat = fs.statSync(project.root + path.sep + file);
    return `${stat.mtimeMs}:${stat.size}`;
}

function readManifest(project) {
    try {
        return JSON.parse(fs.readFileSync(path.join(project.root, project.outDir, MANIFEST), "utf8"));
    } catch {
        return undefined;
    }
}

/** What a build must do: the sources to transpile and the outputs whose source is gone. */
function pendingWork(project) {
    const manifest = readManifest(project);
    const sources = listSources(project);
    const current = Object.fromEntries(sources.map((file) => [file, fingerprint(project, file)]));
    const config = fingerprint(project, CONFIG);
    // A changed tsconfig.json can change how every file transpiles, and a new build format how every file is written.
    const known = manifest && manifest.config === config && manifest.format === FORMAT ? manifest.sources : {};
    return {
        config,
        current,
        changed: sources.filter((file) => known[file] !== current[file]),
        removed: Object.keys(known).filter((file) => !(file in current)),
    };
}

/** The source map the transpiler appends to each file, base64 inside a comment. */
const INLINE_MAP = /\n\/\/# sourceMappingURL=data:application\/json;charset=utf-8;base64,([A-Za-z0-9+/=]+)\s*$/;

/**
 * The built file and its source map, in a file of its own beside it: left inline, the maps are two thirds of what
 * every `berth` run reads and parses, for the one stack trace a failing program shows (bin/sourceMappedStack.ts).
 */
function withSeparateMap(code, output) {
    const map = INLINE_MAP.exec(code);
    if (!map) return { code };
    const mapFile = `${path.basename(output)}.map`;
    return {
        code: `${code.slice(0, map.index)}\n//# sourceMappingURL=${mapFile}\n`,
        map: Buffer.from(map[1], "base64").toString("utf8"),
    };
}

/** Brings the build folder up to date with the sources; returns the number of files transpiled. */
function ensureBuilt(project = BERTH) {
    const work = pendingWork(project);
    if (work.changed.length === 0 && work.removed.length === 0) return 0;
    const outputOf = (source) => path.join(project.root, project.outDir, source.replace(/\.ts$/, ".js"));
    // Loaded only when something changed: it brings crypto, a tenth of what `berth --help` takes.
    const { transpilerFor, writeAtomically } = require("./transpiled");
    const transpile = transpilerFor(path.join(project.root, CONFIG));
    for (const file of work.changed) {
        const source = path.join(project.root, file);
        const output = outputOf(file);
        const built = withSeparateMap(transpile(fs.readFileSync(source, "utf8"), source), output);
        if (built.map !== undefined) writeAtomically(`${output}.map`, built.map);
        writeAtomically(output, built.code);
    }
    for (const file of work.removed) {
        fs.rmSync(outputOf(file), { force: true });
        fs.rmSync(`${outputOf(file)}.map`, { force: true });
    }
    const manifest = JSON.stringify({ format: FORMAT, config: work.config, sources: work.current }, null, 2) + "\n";
    writeAtomically(path.join(project.root, project.outDir, MANIFEST), manifest);
    return work.changed.length;
}

module.exports = { ensureBuilt };

if (require.main === module) {
    const started = process.hrtime.bigint();
    const count = ensureBuilt();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`berth: ${count === 0 ? "dist/ is up to date" : `built ${count} files into dist/`} (${ms.toFixed(0)} ms)`);
}
