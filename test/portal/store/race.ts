import { spawn, type ChildProcessWithoutNullStreams } from "child_process";
import * as path from "path";
import type { RaceOrder, RaceOutcome } from "./raceStartRun";

const REPO = path.join(__dirname, "..", "..", "..");
const CHILD = path.join(__dirname, "raceStartRun.ts");

/** Starts one racing process per owner on the same database, releases them together, and returns what each won. */
export async function raceProcesses(
    location: { url?: string; dataDir: string },
    owners: string[],
    stacks: string[],
): Promise<RaceOutcome[]> {
    const children = owners.map((owner, index) => startChild({ ...location, owner, stacks, reverse: index % 2 === 1 }));
    try {
        // Both are connected and waiting before either is told to go, so that their inserts meet.
        await Promise.all(children.map((child) => child.ready));
        for (const child of children) child.process.stdin.write("go\n");
        return await Promise.all(children.map((child) => child.outcome));
    } finally {
        for (const child of children) if (child.process.exitCode === null) child.process.kill();
    }
}

interface Child {
    process: ChildProcessWithoutNullStreams;
    ready: Promise<void>;
    outcome: Promise<RaceOutcome>;
}

function startChild(order: RaceOrder): Child {
    const child = spawn(process.execPath, ["-r", path.join(REPO, "bin", "register.js"), CHILD], {
        cwd: REPO,
        env: { ...process.env, BERTH_RACE: JSON.stringify(order) },
    });
    let stdout = "";
    let stderr = "";
    let markReady: () => void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    child.stdout.on("data", (chunk) => {
        stdout += chunk;
        if (stdout.startsWith("ready\n")) markReady();
    });
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const outcome = new Promise<RaceOutcome>((resolve, reject) => {
        child.on("close", (code) => {
            const line = stdout.split("\n").find((text) => text.startsWith("{"));
            if (code === 0 && line) resolve(JSON.parse(line));
            else reject(new Error(`the racing process for ${order.owner} exited with ${code}: ${stderr}`));
        });
    });
    // A child that dies before it is ready must fail the race, not leave it waiting.
    outcome.catch(() => undefined);
    return { process: child, ready: Promise.race([ready, outcome.then(() => undefined)]), outcome };
}
