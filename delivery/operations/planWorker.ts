// The worker side of the plan pool (./workerPool.ts): one job at a time, in the order they arrive. A plan runs the
// Pulumi program against the mock engine, about a second of CPU, with the runtime's global state to itself: here, not
// on the event loop of the process that asked for it.
import { isMainThread, parentPort } from "worker_threads";
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
    setUpForPlanning();
    let previous = Promise.resolve();
    port.on("message", ({ id, job, today }: JobMessage) => {
        previous = previous.then(async () => {
            if (today === undefined) delete process.env.BERTH_TODAY;
            else process.env.BERTH_TODAY = today;
            try {
                port.postMessage({ id, result: await run(job) } satisfies JobOutcome);
            } catch (error) {
                port.postMessage({ id, error: failure(error) } satisfies JobOutcome);
            }
        });
    });
}
