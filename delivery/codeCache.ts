import * as fs from "fs";
import Module = require("module");
import * as path from "path";
import * as vm from "vm";
import * as zlib from "zlib";
import { replaceFile } from "./replaceFile";

// V8 compiles every module Node loads, in every process: for `berth plan prod` some 570 modules and 5.7 MB of
// JavaScript, about a sixth of the plan's time. V8 can hand out what it compiled, a module's functions included once
// they have run, as a code cache, and take it back instead of compiling again. Node 22 offers that for every module
// (`module.enableCompileCache()`); Node 20, which Berth supports, does not. So a process that plans keeps the compiled
// code of the modules it loaded, between runs, in one file for each V8 version and set of V8 flags.

/** A module as Node's CommonJS loader runs it (Node 20, lib/internal/modules/cjs/loader.js). */
interface LoadingModule {
    exports: unknown;
    require(id: string): unknown;
    _compile(content: string, filename: string, format?: string): unknown;
}

/** The loader's parts a module's `require` is made of, as Node makes it (lib/internal/modules/helpers.js). */
interface Loader {
    prototype: LoadingModule;
    _resolveFilename(request: string, parent: LoadingModule, isMain: boolean, options?: { paths?: string[] }): string;
    _resolveLookupPaths(request: string, parent: LoadingModule): string[] | null;
    _extensions: NodeJS.RequireExtensions;
    _cache: NodeJS.Dict<NodeModule>;
}

const loader = Module as unknown as Loader;

/** A module's compiled code, valid for the source whose CRC-32 is `checksum`. */
interface Entry {
    checksum: number;
    code: Uint8Array;
}

export interface KeptCode {
    /** The file in the folder for this process's V8: its version and flags. */
    file: string;
    /** Writes the code of the modules compiled afresh, with what the file held; nothing when every module was reused. */
    save(): void;
    /** Puts Node's own compiler back. */
    stop(): void;
    /** The modules that ran from the file's code, and those compiled afresh, so far. */
    counts(): { reused: number; compiled: number };
}

/** Node's own wrapper of a CommonJS module's source, on the source's first line, as `require` calls it. */
const WRAPPER_START = "(function (exports, require, module, __filename, __dirname) { ";
const WRAPPER_END = "\n});";

/**
 * `import()` in a script: the loader V8 calls for it is kept outside the code cache, and Node 20 fails it in a script
 * compiled from one (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING). A module that may call it is left to Node.
 */
const DYNAMIC_IMPORT = /\bimport\s*\(/;

/**
 * Runs the CommonJS modules loaded from now on from the code kept in `folder` where their source is the one it was
 * compiled from (its CRC-32, and V8's own check of its version, its flags and the source's length), and compiles the
 * others. V8 refuses code compiled under other flags: set the process's V8 flags before calling this, and change none
 * until the code is saved. A file that cannot be read or written only costs the compiling. NODE_DISABLE_COMPILE_CACHE,
 * which turns off Node 22's own code cache, turns this one off too: every module is then left to Node.
 */
export function keepCompiledCode(folder: string): KeptCode {
    const file = compiledCodeFile(folder);
    const off = Boolean(process.env.NODE_DISABLE_COMPILE_CACHE);
    const kept = off ? new Map<string, Entry>() : read(file);
    const reused = new Set<string>();
    const compiled = new Map<string, { checksum: number; script: vm.Script }>();
    const compile = loader.prototype._compile;
    loader.prototype._compile = function (this: LoadingModule, content, filename, format) {
        if (off || format === "module" || DYNAMIC_IMPORT.test(content)) return compile.call(this, content, filename, format);
        const checksum = zlib.crc32(content);
        const entry = kept.get(filename);
        const cachedData = entry?.checksum === checksum ? entry.code : undefined;
        let script;
        try {
            // A leading #! is valid only at the very start of a script: commented out in place, every column stays.
            const source = content.startsWith("#!") ? `//${content.slice(2)}` : content;
            // Offset back by the wrapper's length, the first line's columns come out as Node's own loader gives them:
            // its wrapper takes up none.
            script = new vm.Script(WRAPPER_START + source + WRAPPER_END, { filename, cachedData, columnOffset: -WRAPPER_START.length });
        } catch {
            // A syntax error, or an ES module's syntax, which Node then loads as one: its own compiler says which.
            return compile.call(this, content, filename, format);
        }
        if (cachedData && !script.cachedDataRejected) reused.add(filename);
        else compiled.set(filename, { checksum, script });
        const wrapper: (...args: unknown[]) => unknown = script.runInThisContext();
        return wrapper.call(this.exports, this.exports, requireOf(this), this, filename, path.dirname(filename));
    };
    return {
        file,
        save: () => {
            if (compiled.size === 0) return;
            const entries = new Map<string, Entry>();
            // What other runs kept for modules this one did not load stays, while the module is there.
            for (const [filename, entry] of kept) {
                if (reused.has(filename) || (!compiled.has(filename) && fs.existsSync(filename))) entries.set(filename, entry);
            }
            // Taken now, not when compiled: the code then holds the functions that have run since, compiled too.
            for (const [filename, { checksum, script }] of compiled) entries.set(filename, { checksum, code: script.createCachedData() });
            // Two runs at once may each write: the file then holds one run's code, and the next run compiles the rest.
            replaceFile(file, encode(entries));
        },
        stop: () => {
            loader.prototype._compile = compile;
        },
        counts: () => ({ reused: reused.size, compiled: compiled.size }),
    };
}

/**
 * The file in `folder` for this process's V8: named after V8's version and flags as V8 writes them into a code
 * cache's header (bytes 4-7 and 12-15 in Node 20's V8), read from the cache of an empty script. Code kept under other
 * ones is refused, so processes under different flags (a plan, the portal, the tests) never overwrite each other's.
 * Were the header laid out otherwise, they would share a file, and V8 would still refuse what it cannot use.
 */
export function compiledCodeFile(folder: string): string {
    const header = new vm.Script("", { filename: "berth-compiler-identity" }).createCachedData();
    return path.join(folder, `compiled-code-${header.subarray(4, 8).toString("hex")}${header.subarray(12, 16).toString("hex")}.bin`);
}

/** The `require` a module's code is called with, as Node makes it. */
function requireOf(module: LoadingModule): NodeJS.Require {
    const resolve = (request: string, options?: { paths?: string[] }) => loader._resolveFilename(request, module, false, options);
    return Object.assign((id: string) => module.require(id), {
        resolve: Object.assign(resolve, { paths: (request: string) => loader._resolveLookupPaths(request, module) }),
        main: require.main,
        extensions: loader._extensions,
        cache: loader._cache,
    });
}

/**
 * The file starts with this line and the CRC-32 of the rest; then come, for each module, its path's length and path,
 * its source's checksum, and its code's length and code. V8 checks what it is given only for its version, its flags
 * and the source's length: it runs code cut short or altered on disk as it finds it, and stops the process. So a file
 * whose checksum fails is not read at all.
 */
const FORMAT = Buffer.from("berth compiled code 1\n");

function encode(entries: Map<string, Entry>): Buffer {
    const parts: Uint8Array[] = [];
    for (const [filename, { checksum, code }] of entries) {
        const name = Buffer.from(filename);
        const header = Buffer.alloc(12);
        header.writeUInt32LE(name.length, 0);
        header.writeUInt32LE(checksum, 4);
        header.writeUInt32LE(code.length, 8);
        parts.push(header.subarray(0, 4), name, header.subarray(4), code);
    }
    const body = Buffer.concat(parts);
    const bodyChecksum = Buffer.alloc(4);
    bodyChecksum.writeUInt32LE(zlib.crc32(body));
    return Buffer.concat([FORMAT, bodyChecksum, body]);
}

/** The entries `file` holds; none when it is missing, unreadable, of another format, or not as it was written. */
function read(file: string): Map<string, Entry> {
    const entries = new Map<string, Entry>();
    let data: Buffer;
    try {
        data = fs.readFileSync(file);
    } catch {
        return entries;
    }
    const start = FORMAT.length + 4;
    if (data.length < start || !data.subarray(0, FORMAT.length).equals(FORMAT)) return entries;
    if (data.readUInt32LE(FORMAT.length) !== zlib.crc32(data.subarray(start))) return entries;
    for (let at = start; at < data.length;) {
        const nameLength = data.readUInt32LE(at);
        const filename = data.toString("utf8", at + 4, at + 4 + nameLength);
        at += 4 + nameLength;
        const checksum = data.readUInt32LE(at);
        const codeLength = data.readUInt32LE(at + 4);
        at += 8;
        entries.set(filename, { checksum, code: data.subarray(at, at + codeLength) });
        at += codeLength;
    }
    return entries;
}
