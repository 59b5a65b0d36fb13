import * as fs from "fs";
import * as path from "path";

/**
 * Berth's own folder, the nearest at or above this file's with a package.json (<root>/delivery from source,
 * <root>/dist/delivery when built), so that `berth` and its workers find it from any working directory.
 */
export const BERTH_ROOT = ((): string => {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "package.json"))) return dir;
        if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
    }
})();

/**
 * Where Berth keeps, between runs, what only saves time (where modules were found, their compiled code): npm's
 * customary cache folder in Berth's own node_modules. Deleting it is always safe.
 */
export const CACHE_FOLDER = path.join(BERTH_ROOT, "node_modules", ".cache", "berth");
