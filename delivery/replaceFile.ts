import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

/**
 * Writes `data` to `file` under a temporary name and renames it into place, creating the folder: a process reading
 * `file` meanwhile finds the old file or the new one, never half of one. For files that only save time (the planner's
 * caches): it never throws, and says whether the file was written.
 */
export function replaceFile(file: string, data: string | Uint8Array): boolean {
    const temporary = `${file}.${process.pid}.${crypto.randomUUID()}.tmp`;
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(temporary, data);
        fs.renameSync(temporary, file);
        return true;
    } catch {
        try {
            fs.rmSync(temporary, { force: true });
        } catch {
            // The folder itself could not be made: nothing was written.
        }
        return false;
    }
}
