import * as crypto from "crypto";
import * as fs from "fs";
import Module = require("module");
import * as path from "path";
import { replaceFile } from "./replaceFile";

// Node resolves each of a plan's 1,600 `require` calls afresh in every process: it walks node_modules folders, reads
// package.json files and tries file extensions, a twelfth of a plan's time. Where a module is found changes only when
// the files change, so `berth plan` remembers, between runs, where each module was found from a folder whose files
// change only with a known event: an npm install for node_modules, a build for dist/.

/** Node's resolver: `Module._resolveFilename`, the function every `require` and `require.resolve` goes through. */
interface Resolver {
    _resolveFilename(request: string, parent: NodeModule | undefined, isMain: boolean, options?: unknown): string;
}

const resolver = Module as unknown as Resolver;

export interface RememberedResolutions {
    /** Writes what this process learned, when it learned anything; a file that cannot be written is left as it was. */
    save(): void;
    /** Puts Node's resolver back. */
    stop(): void;
}

/** What the file holds: the resolutions, valid while the fingerprint they were learned under still holds. */
interface Kept {
    fingerprint: string;
    resolutions: Record<string, string>;
}

/**
 * Answers `require` from `file` for modules required from, and found in, `folders`, and learns what it could not
 * answer. `fingerprint` must change whenever the files in those folders might be found differently (see
 * `fingerprintOf`): the file is then ignored, and rewritten by `save`. A request with options (`require.resolve` with
 * `paths`), a built-in module and the main module always go to Node.
 */
export function rememberResolutions(file: string, folders: string[], fingerprint: string): RememberedResolutions {
    const resolutions = read(file, fingerprint);
    const inside = (filename: string) => folders.some((folder) => filename.startsWith(folder));
    let learned = false;
    const resolve = resolver._resolveFilename;
    resolver._resolveFilename = function (this: unknown, request, parent, isMain, options) {
        const from = parent?.filename;
        if (isMain || options !== undefined || !from || !inside(from) || Module.isBuiltin(request)) {
            return resolve.call(this, request, parent, isMain, options);
        }
        const key = `${path.dirname(from)}\0${request}`;
        const known = resolutions[key];
        if (known !== undefined) return known;
        const found = resolve.call(this, request, parent, isMain, options);
        if (inside(found)) {
            resolutions[key] = found;
            learned = true;
        }
        return found;
    };
    return {
        save: () => {
            // Two plans at once may each write what they learned: the file then holds one of them, and the next run
            // learns the rest.
            if (learned) replaceFile(file, JSON.stringify({ fingerprint, resolutions } satisfies Kept));
        },
        stop: () => {
            resolver._resolveFilename = resolve;
        },
    };
}

/** Node's options that change where a module is found (`--preserve-symlinks`, `--conditions`), on its command line or in NODE_OPTIONS. */
const RESOLUTION_OPTIONS = /^(--preserve-symlinks|--conditions|-C)/;

/**
 * What decides where Node finds a module, besides the request: Node's version, its options that change resolution,
 * NODE_PATH, and `markers`: files that any change to the remembered folders rewrites (npm's record of node_modules,
 * the build's manifest). Undefined when a marker is missing (node_modules installed by another tool): nothing then
 * says when the folders change, so nothing may be remembered.
 */
export function fingerprintOf(markers: string[]): string | undefined {
    const options = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].filter((option) =>
        RESOLUTION_OPTIONS.test(option),
    );
    const hash = crypto.createHash("sha256");
    for (const part of [process.version, options.join(" "), process.env.NODE_PATH ?? ""]) hash.update(part).update("\0");
    for (const marker of markers) {
        const stat = fs.statSync(marker, { throwIfNoEntry: false });
        if (!stat) return undefined;
        hash.update(`${marker}:${stat.mtimeMs}:${stat.size}\0`);
    }
    return hash.digest("hex");
}

function read(file: string, fingerprint: string): Record<string, string> {
    try {
        const kept: Kept = JSON.parse(fs.readFileSync(file, "utf8"));
        if (kept.fingerprint === fingerprint) return kept.resolutions;
    } catch {
        // None kept yet, or unreadable: learn afresh.
    }
    return {};
}
