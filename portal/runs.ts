import { stackKey, type OperationOptions, type OperationResult, type StackEngine, type StackTarget } from "../delivery/operations/types";
import { messageOf } from "./errors";
import type { RunKind, RunRecord, RunStatus, Store } from "./store/types";
import { withoutTokens } from "./tokens";

export interface RunTiming {
    /** How often the process tells the store it is alive. @default 5000 */
    heartbeatMs: number;
    /** A run whose owner has not beaten for this long is taken as interrupted (its process died). @default 30000 */
    staleAfterMs: number;
    /** How often the process checks the store for cancellations asked of its runs through another replica. @default 1000 */
    cancelPollMs: number;
}

export const DEFAULT_TIMING: RunTiming = { heartbeatMs: 5000, staleAfterMs: 30_000, cancelPollMs: 1000 };

export interface RunManagerOptions {
    store: Store;
    engine: StackEngine;
    /** This process, as `<host>:<pid>:<random>`. */
    owner: string;
    timing: RunTiming;
    /** The process's own log; never given a secret. */
    log: (line: string) => void;
    now: () => Date;
}

/** Why an operation was stopped before it finished: a user's cancellation, or this process shutting down. */
type StopReason = "cancel" | "shutdown";

interface ActiveRun {
    controller: AbortController;
    done: Promise<void>;
}

/**
 * Runs stack operations for the portal: takes the stack's lock through the store, runs the engine in the background,
 * records every event and always the outcome, keeps the process's locks alive with heartbeats, and recovers runs whose
 * process died.
 */
export class RunManager {
    private readonly active = new Map<string, ActiveRun>();
    private timers: NodeJS.Timeout[] = [];

    constructor(private readonly options: RunManagerOptions) {}

    get owner(): string {
        return this.options.owner;
    }

    /** Marks interrupted the runs of `previousOwners` (this host's dead processes) and of owners gone silent, then beats. */
    async start(previousOwners: string[]): Promise<RunRecord[]> {
        const { store, timing } = this.options;
        await store.heartbeat(this.owner);
        const recovered = await store.recoverInterrupted({ owners: previousOwners, staleBefore: this.staleBefore() });
        for (const run of recovered)
            this.options.log(`run ${run.id} (${run.kind} of ${run.stack}) was interrupted: its portal process stopped`);
        this.timers = [
            setInterval(() => void this.beat(), timing.heartbeatMs),
            setInterval(() => void this.pollCancellations(), timing.cancelPollMs),
        ];
        for (const timer of this.timers) timer.unref();
        return recovered;
    }

    /** Stops every run of this process (each is recorded as interrupted) and the heartbeats. */
    async stop(): Promise<void> {
        for (const timer of this.timers) clearInterval(timer);
        this.timers = [];
        const running = [...this.active.values()];
        for (const run of running) run.controller.abort("shutdown" satisfies StopReason);
        await Promise.all(running.map((run) => run.done));
    }

    /** Takes the stack's lock and starts the operation, or returns the run that holds the lock. */
    async launch(input: {
        target: StackTarget;
        kind: RunKind;
        actor: string;
        revision: string;
    }): Promise<{ run: RunRecord } | { heldBy: RunRecord }> {
        const { target, kind, actor, revision } = input;
        const started = await this.options.store.startRun({
            stack: stackKey(target),
            environment: target.environment,
            application: target.kind === "application" ? target.application : undefined,
            kind,
            revision,
            actor,
            owner: this.owner,
        });
        if ("heldBy" in started) return started;
        const controller = new AbortController();
        const done = this.execute(started.run, target, controller.signal).finally(() => this.active.delete(started.run.id));
        this.active.set(started.run.id, { controller, done });
        return started;
    }

    /** Asks for the run to stop: at once when this process runs it, else its owner sees the request at its next poll. */
    async cancel(runId: string): Promise<RunRecord | undefined> {
        const run = await this.options.store.requestCancel(runId);
        if (run) this.active.get(runId)?.controller.abort("cancel" satisfies StopReason);
        return run;
    }

    private async execute(run: RunRecord, target: StackTarget, signal: AbortSignal): Promise<void> {
        const { store, engine, log } = this.options;
        const events = new EventWriter(store, run.id, log);
        events.push("status", { status: "running" });
        log(`run ${run.id}: ${run.kind} of ${run.stack} started by ${run.actor}`);
        const options: OperationOptions = {
            signal,
            events: {
                log: (line) => events.push("log", { line: withoutTokens(line) }),
                change: (change) => events.push("change", change),
            },
        };
        let status: Exclude<RunStatus, "running">;
        let outcome: { result?: OperationResult; error?: string };
        try {
            const result = await operate(engine, run.kind, target, options);
            if (signal.aborted) throw signal.reason;
            if (run.kind === "destroy" && target.kind === "application")
                await store.deleteApplication(target.environment, target.application);
            status = "succeeded";
            outcome = { result };
        } catch (err) {
            status = signal.aborted ? (signal.reason === "shutdown" ? "interrupted" : "cancelled") : "failed";
            outcome = { error: status === "failed" ? withoutTokens(messageOf(err)) : stopMessage(status) };
        }
        await events.flush();
        try {
            await store.appendEvent(run.id, "status", { status, error: outcome.error });
            await store.finishRun(run.id, status, outcome);
        } catch (err) {
            // The lock stays held until the stale-owner recovery of some replica marks the run interrupted.
            log(`run ${run.id}: could not record its outcome (${status}): ${withoutTokens(messageOf(err))}`);
        }
        log(`run ${run.id}: ${status}`);
        await store
            .audit({
                actor: run.actor,
                action: `run.${run.kind}`,
                target: run.stack,
                outcome: status === "succeeded" ? "succeeded" : "failed",
                detail: { run: run.id, status, revision: run.revision },
            })
            .catch((err) => log(`run ${run.id}: could not write its audit row: ${messageOf(err)}`));
    }

    private async beat(): Promise<void> {
        try {
            await this.options.store.heartbeat(this.owner);
            const recovered = await this.options.store.recoverInterrupted({ staleBefore: this.staleBefore() });
            for (const run of recovered)
                this.options.log(`run ${run.id} (${run.kind} of ${run.stack}) was interrupted: its owner ${run.owner} went silent`);
        } catch (err) {
            this.options.log(`heartbeat failed: ${messageOf(err)}`);
        }
    }

    private async pollCancellations(): Promise<void> {
        for (const [id, run] of this.active) {
            try {
                if ((await this.options.store.getRun(id))?.cancelRequested) run.controller.abort("cancel" satisfies StopReason);
            } catch (err) {
                this.options.log(`run ${id}: could not check for a cancellation: ${messageOf(err)}`);
            }
        }
    }

    private staleBefore(): Date {
        return new Date(this.options.now().getTime() - this.options.timing.staleAfterMs);
    }
}

function operate(engine: StackEngine, kind: RunKind, target: StackTarget, options: OperationOptions): Promise<OperationResult> {
    if (kind === "preview") return engine.preview(target, options);
    if (kind === "deploy") return engine.deploy(target, options);
    if (target.kind !== "application") throw new Error("only an application's stack can be removed");
    return engine.destroy(target, options);
}

function stopMessage(status: RunStatus): string {
    return status === "cancelled" ? "cancelled on request" : "interrupted: the portal process stopped";
}

/** Appends a run's events in the order they happened: the engine reports synchronously, the store writes asynchronously. */
class EventWriter {
    private chain: Promise<void> = Promise.resolve();

    constructor(
        private readonly store: Store,
        private readonly runId: string,
        private readonly log: (line: string) => void,
    ) {}

    push(kind: "log" | "change" | "status", data: unknown): void {
        this.chain = this.chain
            .then(() => this.store.appendEvent(this.runId, kind, data).then(() => undefined))
            .catch((err) => this.log(`run ${this.runId}: could not store an event: ${messageOf(err)}`));
    }

    flush(): Promise<void> {
        return this.chain;
    }
}
