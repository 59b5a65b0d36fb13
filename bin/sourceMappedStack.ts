import * as fs from "fs";
import * as path from "path";
import { SourceMap } from "module";

/** A frame as V8 prints it: "    at fn (/path/file.js:12:34)" or "    at /path/file.js:12:34". */
const FRAME = /^(\s*at (?:.* \()?)(\/.+?|[A-Za-z]:\\.+?):(\d+):(\d+)(\)?)$/;

/**
 * A stack trace with each frame in a file under `builtDir` pointed back at its TypeScript source, through the source
 * map the build wrote beside that file (`<file>.map`). Done for the one trace the user is shown, instead of with Node's
 * --enable-source-maps, which would read the source map of every module a plan loads.
 */
export function sourceMappedStack(stack: string, builtDir: string): string {
    const maps = new Map<string, SourceMap | undefined>();
    const inside = builtDir.endsWith(path.sep) ? builtDir : builtDir + path.sep;
    return stack
        .split("\n")
        .map((line) => {
            const frame = FRAME.exec(line);
            if (!frame || !frame[2]!.startsWith(inside)) return line;
            const [, before, file, row, column, after] = frame as unknown as [string, string, string, string, string, string];
            if (!maps.has(file)) maps.set(file, readMap(file));
            // SourceMap positions count from 0, stack frames from 1.
            const entry = maps.get(file)?.findEntry(Number(row) - 1, Number(column) - 1);
            if (!entry || !("originalSource" in entry)) return line;
            return `${before}${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}${after}`;
        })
        .join("\n");
}

function readMap(file: string): SourceMap | undefined {
    try {
        return new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")));
    } catch {
        return undefined;
    }
}
