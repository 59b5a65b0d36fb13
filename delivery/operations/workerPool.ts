import * as os from "os";
import * as path from "path";
import { Worker } from "worker_threads";
import { PlanError } from "../errors";
import { OperationCancelledError } from "./errors";
import type { JobFailure, JobMessage, JobOutcome, WorkerJob } from "./planWorker";

/** Beside this file: planWorker.ts from source, planWorker.js in the build. */
const WORKER_FILE = path.join(__dirname, `planWorker${path.extname(__filename)}`);
/** From source, a worker loads TypeScript as `berth` does (bin/register.js); built, it is plain JavaScript. */
const REGISTER = path.join(__dirname, "..", "..", "bin", "register.js");

/** Two workers: a preview and a describe (or two stacks) at once, without taking every core of a small machine. */
export function defaultPoolSize(): number {
    return Math.max(1, Math.min(2, os.availableParallelism()));
}

interface Task {
    id: number;
    job: WorkerJob;
    resolve: (result: unknown) => void;
    reject: (error: Error) => void;
    signal?: AbortSignal;
    onAbort?: () => void;
}

interface Slot {
    worker?: Worker;
    task?: Task;
}

/**
 * A small pool of worker threads that run plans (and the spec checks that load the same modules), each worker one job
 * at a time. Cancelling a job that runs terminates its worker, the only way to stop a Pulumi program mid-run, and
 * the next job starts a fresh one. Idle workers do not keep the process alive.
 */
export class WorkerPool {
    private readonly slots: Slot[];
    private readonly queue: Task[] = [];
    private nextId = 0;
    private closed = false;

    constructor(size: number = defaultPoolSize()) {
        if (!Number.isInteger(size) || size < 1) throw new Error(`the plan pool needs at least one worker (got ${size})`);
        this.slots = Array.from({ length: size }, () => ({}));
    }

    /** Runs `job` in a worker; rejects with an OperationCancelledError as soon as `signal` aborts. `urgent` jobs go first. */
    run<T>(job: WorkerJob, options: { signal?: AbortSignal; urgent?: boolean } = {}): Promise<T> {
        const { signal } = options;
        if (this.closed) return Promise.reject(new Error("the plan pool is closed"));
        if (signal?.aborted) return Promise.reject(cancelled());
        return new Promise<T>((resolve, reject) => {
            const task: Task = { id: this.nextId++, job, resolve: resolve as Task["resolve"], reject, signal };
            if (signal) {
                task.onAbort = () => this.cancel(task);
                signal.addEventListener("abort", task.onAbort, { once: true });
            }
            if (options.urgent) this.queue.unshift(task);
            else this.queue.push(task);
            this.dispatch();
        });
    }

    /** Rejects what is queued or running and stops every worker. */
    async close(): Promise<void> {
        this.closed = true;
        const stopping: Promise<number>[] = [];
        for (const task of this.queue.splice(0)) this.settle(task, new Error("the plan pool was closed"));
        for (const slot of this.slots) {
            if (slot.task) this.settle(slot.task, new Error("the plan pool was closed"));
            slot.task = undefined;
            if (slot.worker) stopping.push(slot.worker.terminate());
            slot.worker = undefined;
        }
        await Promise.all(stopping);
    }

    private dispatch(): void {
        for (const slot of this.slots) {
            if (this.queue.length === 0 || this.closed) return;
            if (slot.task) continue;
            const task = this.queue.shift()!;
            const worker = (slot.worker ??= this.start(slot));
            slot.task = task;
            worker.ref();
            worker.postMessage({ id: task.id, job: task.job, today: process.env.BERTH_TODAY } satisfies JobMessage);
        }
    }

    private start(slot: Slot): Worker {
        const worker = WORKER_FILE.endsWith(".ts")
            ? new Worker(
                  // ts-node's source maps cost a large part of a plan's time (see bin/berth.js); errors still carry their message.
                  `require(${JSON.stringify(REGISTER)}); delete Error.prepareStackTrace; require(${JSON.stringify(WORKER_FILE)});`,
                  { eval: true },
              )
            : new Worker(WORKER_FILE);
        worker.unref();
        worker.on("message", ({ id, ...outcome }: JobOutcome) => {
            const task = slot.task;
            if (slot.worker !== worker || task?.id !== id) return;
            slot.task = undefined;
            worker.unref();
            if ("error" in outcome) this.settle(task, rebuild(outcome.error));
            else this.settle(task, undefined, outcome.result);
            this.dispatch();
        });
        let died: Error | undefined;
        worker.on("error", (error) => (died = error));
        worker.on("exit", (code) => {
            // A worker this pool stopped on purpose is already out of its slot.
            if (slot.worker !== worker) return;
            slot.worker = undefined;
            const task = slot.task;
            slot.task = undefined;
            if (task) this.settle(task, new Error(`the planning worker stopped (${died?.message ?? `exit code ${code}`})`));
            this.dispatch();
        });
        return worker;
    }

    private cancel(task: Task): void {
        const queued = this.queue.indexOf(task);
        if (queued >= 0) {
            this.queue.splice(queued, 1);
            this.settle(task, cancelled());
            return;
        }
        const slot = this.slots.find((candidate) => candidate.task === task);
        if (!slot) return;
        const worker = slot.worker;
        slot.task = undefined;
        slot.worker = undefined;
        this.settle(task, cancelled());
        void worker?.terminate();
        this.dispatch();
    }

    private settle(task: Task, error: Error | undefined, result?: unknown): void {
        if (task.onAbort) task.signal?.removeEventListener("abort", task.onAbort);
        if (error) task.reject(error);
        else task.resolve(result);
    }
}

function cancelled(): OperationCancelledError {
    return new OperationCancelledError("the plan was cancelled: its worker was stopped");
}

/** A worker's error as the asking thread's own: a PlanError stays one, with its problems and exit code. */
function rebuild(failure: JobFailure): Error {
    const error =
        failure.name === "PlanError" && failure.exitCode !== undefined
            ? new PlanError(failure.message, failure.exitCode, failure.problems ?? [])
            : Object.assign(new Error(failure.message), { name: failure.name });
    if (failure.stack) error.stack = failure.stack;
    return error;
}
