import { PlanError } from "../errors";

/** An operation stopped because its AbortSignal fired; the portal records the run as cancelled, not failed. */
export class OperationCancelledError extends Error {
    override readonly name = "OperationCancelledError";
}

/** A target the project has no stack for (no `Pulumi.<environment>.yaml`); the portal answers 404. */
export class UnknownStackError extends Error {
    override readonly name = "UnknownStackError";
}

/** An engine that cannot be used as asked (no Pulumi CLI for the Automation API, an unknown BERTH_ENGINE): one line for the user. */
export class EngineSelectionError extends Error {
    override readonly name = "EngineSelectionError";
}

/** Whether `err` is a cancellation, also when it crossed a thread (where only its name survives). */
export function isCancellation(err: unknown): boolean {
    return err instanceof Error && err.name === "OperationCancelledError";
}

/** An application spec refused: every problem by its key path, and exit code 2, as a config mistake is. */
export function invalidSpecError(application: string, problems: string[]): PlanError {
    return new PlanError(`The spec of ${application} has ${problems.length} problem${problems.length === 1 ? "" : "s"}`, 2, problems);
}
