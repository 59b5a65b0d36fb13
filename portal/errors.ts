import type { RunRecord } from "./store/types";

/** A refusal the caller can act on: the HTTP status, the message, and the field or run it concerns. */
export class PortalError extends Error {
    constructor(
        readonly status: 400 | 401 | 403 | 404 | 409,
        message: string,
        readonly extra: { field?: string; problems?: { field: string; reason: string }[]; heldBy?: RunRecord } = {},
    ) {
        super(message);
    }
}

export const badInput = (field: string, reason: string) =>
    new PortalError(400, `${field}: ${reason}`, { field, problems: [{ field, reason }] });

export const notFound = (what: string) => new PortalError(404, `${what} not found`);

/** 409 naming who holds the stack's lock, and with which run. */
export const lockHeld = (heldBy: RunRecord) =>
    new PortalError(
        409,
        `${heldBy.stack} is busy: ${heldBy.actor} is running a ${heldBy.kind} (run ${heldBy.id}, since ${heldBy.startedAt})`,
        { heldBy },
    );

/** The message of anything thrown: an Error's, else the value as text. */
export function messageOf(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}

/** "<key path>: <reason>" lines (the engine's validation) as 400 with every field. */
export function invalidSpec(problems: string[]): PortalError {
    const parsed = problems.map((line) => {
        const separator = line.indexOf(": ");
        return separator > 0 ? { field: line.slice(0, separator), reason: line.slice(separator + 2) } : { field: "spec", reason: line };
    });
    return new PortalError(400, `invalid application: ${problems.join("; ")}`, { field: parsed[0]?.field, problems: parsed });
}
