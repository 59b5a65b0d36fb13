// The worker side of the plan pool (./workerPool.ts): one job at a time, in the order they arrive. A plan runs the
// Pulumi program against the mock engine, about a second of CPU, with the runtime's global state to itself: here, not
// on the event loop of the process that asked for it.
import { isMainThread, parentPort } from "worker_threads";
import { CACHE_FOLDER } from "../berthFolders";
import { keepCompiledCode, KeptCode } from "../codeCache";
import { setUpForPlanning } from "../pulumiInternals";
import type { PlanOptions } from "../plan";
import type { BerthProject } from "./project";

/** What a worker can be asked to do: plan a stack, or check an application spec against an environment's rules. */
export type WorkerJob =
    | { kind: "plan"; options: Omit<PlanOptions, "program"> & { program: string } }
    | { kind: "validate"; project: BerthProject; environment: string; spec: unknown };

export interface JobMessage {
    id: number;
    job: WorkerJob;
    /** The asking process's BERTH_TODAY: the program's "today" (stacks/clock.ts) is the caller's, whenever the worker started. */
    today: string | undefined;
}

/** An error as plain data: what the asking thread needs to rebuild a PlanError or a cancellation. */
export interface JobFailure {
    name: string;
    message: string;
    stack?: string;
    exitCode?: 1 | 2;
    problems?: string[];
}

export type JobOutcome = { id: number; result: unknown } | { id: number; error: JobFailure };

async function run(job: WorkerJob): Promise<unknown> {
    if (job.kind === "plan") {
        const { planStack } = await import("../plan");
        return planStack(job.options);
    }
    const { applicationProblems } = await import("./applicationProblems");
    return applicationProblems(job.project, job.environment, job.spec);
}

function failure(error: unknown): JobFailure {
    if (!(error instanceof Error)) return { name: "Error", message: String(error) };
    const { exitCode, problems } = error as { exitCode?: 1 | 2; problems?: string[] };
    return {
        name: error.name,
        message: error.message,
        stack: error.stack,
        exitCode,
        problems: Array.isArray(problems) ? problems : undefined,
    };
}

if (!isMainThread && parentPort) {
    const port = parentPort;
    // A worker loads the SDK, the providers and Berth's own modules as it sets up and plans for the first time: from
    // the code earlier workers kept (../codeCache.ts) where it can. Once its first plan is done, the code it compiled
    // is kept and Node's own compiler put back, so a worker that runs for days holds no cache; saved before the result
    // goes out, since the pool may then stop the worker.
    let compiledCode: KeptCode | undefined = keepCompiledCode(CACHE_FOLDER);
    setUpForPlanning();
    let previous = Promise.resolve();
    port.on("message", ({ id, job, today }: JobMessage) => {
        previous = previous.then(async () => {
            if (today === undefined) delete process.env.BERTH_TODAY;
            else process.env.BERTH_TODAY = today;
            try {
                const result = await run(job);
                if (job.kind === "plan" && compiledCode) {
                    compiledCode.save();
                    compiledCode.stop();
                    compiledCode = undefined;
                }
                port.postMessage({ id, result } satisfies JobOutcome);
            } catch (error) {
                port.postMessage({ id, error: failure(error) } satisfies JobOutcome);
            }
        });
    });
}
