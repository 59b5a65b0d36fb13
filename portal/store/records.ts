import type { ApplicationSpec, OperationResult } from "../../delivery/operations/types";
import type { ApplicationRecord, AuditRow, RunEvent, RunKind, RunRecord, RunStatus, Role, TokenRecord } from "./types";

/** The error a run gets when its portal process stopped (or stopped heartbeating) while it ran. */
export const INTERRUPTED_ERROR = "the portal stopped while this ran";

/**
 * How one dialect hands back what the other stores differently: SQLite returns JSON columns as text and times as
 * ISO strings; PostgreSQL returns parsed JSON and `Date`s.
 */
export interface Decoding {
    json(value: unknown): unknown;
    time(value: unknown): string;
}

export const SQLITE_DECODING: Decoding = {
    json: (value) => JSON.parse(value as string),
    time: (value) => value as string,
};

export const POSTGRES_DECODING: Decoding = {
    json: (value) => value,
    time: (value) => (value as Date).toISOString(),
};

/** A value for a JSON column: `undefined` (which JSON cannot hold) is stored as null. */
export function encodeJson(value: unknown): string {
    return JSON.stringify(value ?? null);
}

type Row = Record<string, unknown>;

/** A token's columns but its hash: what reads select, so that no hash ever leaves the store. */
export const TOKEN_COLUMNS = "id, name, role, created_at, revoked_at";

export function tokenRecord(row: Row, decode: Decoding): TokenRecord {
    return {
        id: row.id as string,
        name: row.name as string,
        role: row.role as Role,
        createdAt: decode.time(row.created_at),
        ...(row.revoked_at === null || row.revoked_at === undefined ? {} : { revokedAt: decode.time(row.revoked_at) }),
    };
}

/** A run as the contract has it: optional fields absent rather than null. */
export function runRecord(row: Row, decode: Decoding): RunRecord {
    return {
        id: row.id as string,
        stack: row.stack as string,
        environment: row.environment as string,
        ...(row.application === null ? {} : { application: row.application as string }),
        kind: row.kind as RunKind,
        revision: row.revision as string,
        status: row.status as RunStatus,
        actor: row.actor as string,
        owner: row.owner as string,
        startedAt: decode.time(row.started_at),
        ...(row.finished_at === null ? {} : { finishedAt: decode.time(row.finished_at) }),
        cancelRequested: Boolean(row.cancel_requested),
        ...(row.result === null ? {} : { result: decode.json(row.result) as OperationResult }),
        ...(row.error === null ? {} : { error: row.error as string }),
    };
}

export function runEvent(row: Row, decode: Decoding): RunEvent {
    return {
        runId: row.run_id as string,
        seq: Number(row.seq),
        at: decode.time(row.at),
        kind: row.kind as RunEvent["kind"],
        data: decode.json(row.data),
    };
}

export function applicationRecord(row: Row, decode: Decoding): ApplicationRecord {
    return {
        environment: row.environment as string,
        name: row.name as string,
        spec: decode.json(row.spec) as ApplicationSpec,
        updatedBy: row.updated_by as string,
        updatedAt: decode.time(row.updated_at),
    };
}

export function auditRow(row: Row, decode: Decoding): AuditRow {
    return {
        id: Number(row.id),
        at: decode.time(row.at),
        actor: row.actor as string,
        action: row.action as string,
        target: row.target as string,
        outcome: row.outcome as AuditRow["outcome"],
        ...(row.detail === null ? {} : { detail: decode.json(row.detail) as Record<string, unknown> }),
    };
}
