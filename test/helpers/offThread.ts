// Each mocha process runs its files' tests one after another. A job whose arguments and result are plain data (an IAM
// sweep over whole services, a plan of a stack) runs in a worker thread instead, one job after another in the order
// they were asked for. A test file asks for its jobs while mocha loads it and awaits each in its own test, so that the
// worker works on them while this thread runs the tests in between.
import * as fs from "fs";
import * as path from "path";
import { isMainThread, parentPort, Worker } from "worker_threads";

/** An exported function of a module (an absolute path), called with plain-data arguments. */
interface Job {
    id: number;
    module: string;
    name: string;
    args: unknown[];
}

type Outcome = { id: number; result: unknown } | { id: number; error: { message: string; stack: string } };

interface Waiting {
    resolve: (result: unknown) => void;
    reject: (error: Error) => void;
}

const REPO = path.join(__dirname, "..", "..");

const waiting = new Map<number, Waiting>();
let asked = 0;
let worker: Worker | undefined;

/** Runs `module`'s exported `name` with `args` in the worker thread; rejects with the job's error, stack and all. */
export function offThread<T>(module: string, name: string, ...args: unknown[]): Promise<T> {
    const current = (worker ??= startWorker());
    const id = asked++;
    const outcome = new Promise<T>((resolve, reject) => waiting.set(id, { resolve: resolve as Waiting["resolve"], reject }));
    // Awaited in a test that may run later: until then a failure is that test's, not an unhandled rejection in another.
    outcome.catch(() => undefined);
    current.ref();
    current.postMessage({ id, module, name, args } satisfies Job);
    return outcome;
}

/** The start of a worker's script that sets it up as mocha sets up this process (.mocharc.json's `require`). */
export function mochaSetup(): string {
    const { require: setup }: { require: string[] } = JSON.parse(fs.readFileSync(path.join(REPO, ".mocharc.json"), "utf8"));
    return setup.map((file) => `require(${JSON.stringify(path.join(REPO, file))});`).join("\n");
}

/** A worker set up as mocha sets up this process, then ready for jobs. */
function startWorker(): Worker {
    const started = new Worker(`${mochaSetup()}\nrequire(${JSON.stringify(__filename)});`, { eval: true });
    started.on("message", ({ id, ...outcome }: Outcome) => {
        const job = waiting.get(id)!;
        waiting.delete(id);
        // Idle, the worker keeps no process alive: mocha exits when its tests are done.
        if (waiting.size === 0) started.unref();
        // The job's own stack, from the worker, says where it failed; this thread's would only say "in a message".
        if ("error" in outcome) job.reject(Object.assign(new Error(outcome.error.message), { stack: outcome.error.stack }));
        else job.resolve(outcome.result);
    });
    // A worker that dies (an uncaught error, or a job that exits the thread) fails the jobs it had; the next job starts another.
    let died: Error | undefined;
    started.on("error", (error) => (died = error));
    started.on("exit", (code) => {
        for (const job of waiting.values()) job.reject(died ?? new Error(`the test worker thread exited with code ${code}`));
        waiting.clear();
        if (worker === started) worker = undefined;
    });
    started.unref();
    return started;
}

/** A job's error as plain data: its message and stack, with the problems a plan error lists, one per line. */
function failure(error: unknown): { message: string; stack: string } {
    if (!(error instanceof Error)) return { message: String(error), stack: String(error) };
    const problems = (error as { problems?: unknown }).problems;
    const listed = Array.isArray(problems) ? problems.map((problem) => `\n  ${problem}`).join("") : "";
    return { message: error.message + listed, stack: `${error.stack ?? error.message}${listed}` };
}

async function run({ id, module, name, args }: Job): Promise<void> {
    try {
        const result = await require(module)[name](...args);
        parentPort!.postMessage({ id, result } satisfies Outcome);
    } catch (error) {
        parentPort!.postMessage({ id, error: failure(error) } satisfies Outcome);
    }
}

if (!isMainThread) {
    let previous = Promise.resolve();
    parentPort!.on("message", (job: Job) => {
        previous = previous.then(() => run(job));
    });
}
