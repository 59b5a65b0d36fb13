import * as fs from "fs";
import * as path from "path";

/** The nearest folder at or above this file's with a package.json: Berth's own, from source or from the build. */
function berthRoot(): string {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "package.json"))) return dir;
        if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
    }
}

/**
 * Where Berth keeps, between runs, what only saves time (where modules were found, their compiled code): npm's
 * customary cache folder in Berth's own node_modules. Deleting it is always safe.
 */
export const CACHE_FOLDER = path.join(berthRoot(), "node_modules", ".cache", "berth");
