import * as fs from "fs";
import { CommentError } from "./errors";

/** A file's text, or a CommentError saying which file could not be read and why. */
export function readInput(file: string, what: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (err as Error).message;
        throw new CommentError(`cannot read ${what} ${file}: ${reason}`);
    }
}
