import * as os from "os";

// The TypeScript module itself: `bin/berth` alone would resolve to the launcher, which runs the CLI on load.
const { main }: typeof import("../../bin/berth") = require("../../bin/berth.ts");

/** What one in-process `berth` run wrote and how it ended. */
export interface CliRun {
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs the CLI in this process, capturing what it writes; by default from an unrelated directory, outside npm. */
export async function runCli(args: string[], where: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliRun> {
    let stdout = "";
    let stderr = "";
    const code = await main(args, {
        stdout: (text) => void (stdout += text),
        stderr: (text) => void (stderr += text),
        env: where.env ?? {},
        cwd: where.cwd ?? os.tmpdir(),
    });
    return { code, stdout, stderr };
}
