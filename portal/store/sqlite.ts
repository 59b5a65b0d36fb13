import Database from "better-sqlite3";
import { randomUUID } from "crypto";
import type { OperationResult } from "../../delivery/operations/types";
import type { PlanDocument } from "../../delivery/plan";
import { assertKnownVersions, MIGRATIONS, MIGRATIONS_TABLE } from "./migrations";
import {
    applicationRecord,
    auditRow,
    encodeJson,
    INTERRUPTED_ERROR,
    runEvent,
    runRecord,
    SQLITE_DECODING as decode,
    TOKEN_COLUMNS,
    tokenRecord,
} from "./records";
import type { ApplicationRecord, AuditRow, Role, RunEvent, RunKind, RunRecord, RunStatus, StartRun, Store, TokenRecord } from "./types";

/** Positional (`?`) values in order, or named (`@name`) values for a statement that uses one twice. */
type Bindings = unknown[] | Record<string, unknown>;

function bind(params: Bindings): unknown[] {
    return Array.isArray(params) ? params : [params];
}

export interface SqliteStoreOptions {
    /** The database file; created with its folder's permissions when missing. */
    file: string;
    /** The clock for every time the store records. @default the system clock */
    now?: () => Date;
    /** How long a write waits for another process's write to finish before it fails. @default 10000 */
    busyTimeoutMs?: number;
}

/**
 * The embedded store: one SQLite file that several portal processes may share. WAL lets readers run beside the one
 * writer; every write that reads first takes the write lock up front (BEGIN IMMEDIATE), so two processes never both
 * read "free" and then both write, and a busy database makes a writer wait instead of failing.
 * better-sqlite3 is synchronous: each method does its work at once and returns it as a settled promise.
 */
export class SqliteStore implements Store {
    readonly kind = "sqlite" as const;
    private readonly db: Database.Database;
    private readonly now: () => Date;
    private readonly statements = new Map<string, Database.Statement>();

    constructor(options: SqliteStoreOptions) {
        this.now = options.now ?? (() => new Date());
        this.db = new Database(options.file, { timeout: options.busyTimeoutMs ?? 10_000 });
        this.db.pragma("journal_mode = WAL");
        // With WAL, NORMAL loses no committed transaction on a process crash, only on a power cut.
        this.db.pragma("synchronous = NORMAL");
        this.db.pragma("foreign_keys = ON");
    }

    async migrate(): Promise<void> {
        this.immediate(() => {
            this.db.exec(
                `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
            );
            const applied = (this.db.prepare(`SELECT version FROM ${MIGRATIONS_TABLE}`).all() as { version: number }[]).map(
                (row) => row.version,
            );
            assertKnownVersions(applied);
            for (const migration of MIGRATIONS) {
                if (applied.includes(migration.version)) continue;
                this.db.exec(migration.sqlite);
                this.db
                    .prepare(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES (?, ?, ?)`)
                    .run(migration.version, migration.name, this.stamp());
            }
        });
    }

    async close(): Promise<void> {
        if (this.db.open) this.db.close();
    }

    async countTokens(): Promise<number> {
        return (this.get("SELECT COUNT(*) AS count FROM tokens") as { count: number }).count;
    }

    async createToken(name: string, role: Role, tokenHash: string): Promise<TokenRecord> {
        return this.insertToken(name, role, tokenHash);
    }

    async createFirstToken(name: string, role: Role, tokenHash: string): Promise<TokenRecord | undefined> {
        // BEGIN IMMEDIATE: a second process's check waits for this one's insert, then sees it.
        return this.immediate(() => {
            if (this.get("SELECT 1 FROM tokens LIMIT 1")) return undefined;
            return this.insertToken(name, role, tokenHash);
        });
    }

    async findTokenByHash(tokenHash: string): Promise<TokenRecord | undefined> {
        const row = this.get(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE token_hash = ? AND revoked_at IS NULL`, [tokenHash]);
        return row && tokenRecord(row, decode);
    }

    async listTokens(): Promise<TokenRecord[]> {
        return this.all(`SELECT ${TOKEN_COLUMNS} FROM tokens ORDER BY created_at, id`).map((row) => tokenRecord(row, decode));
    }

    async revokeToken(id: string): Promise<TokenRecord | undefined> {
        const row = this.get(`UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? RETURNING ${TOKEN_COLUMNS}`, [
            this.stamp(),
            id,
        ]);
        return row && tokenRecord(row, decode);
    }

    async startRun(start: StartRun): Promise<{ run: RunRecord } | { heldBy: RunRecord }> {
        return this.immediate(() => {
            const id = randomUUID();
            const at = this.stamp();
            const locked = this.run(
                "INSERT INTO stack_locks (stack, run_id, acquired_at) VALUES (?, ?, ?) ON CONFLICT (stack) DO NOTHING",
                [start.stack, id, at],
            );
            if (locked.changes === 0) {
                const holder = this.get(
                    "SELECT runs.* FROM stack_locks JOIN runs ON runs.id = stack_locks.run_id WHERE stack_locks.stack = ?",
                    [start.stack],
                );
                return { heldBy: runRecord(holder!, decode) };
            }
            const row = this.get(
                `INSERT INTO runs (id, stack, environment, application, kind, revision, status, actor, owner, started_at)
                 VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?) RETURNING *`,
                [id, start.stack, start.environment, start.application ?? null, start.kind, start.revision, start.actor, start.owner, at],
            );
            // Starting a run is a sign of life: the owner's lock must not look stale before its first heartbeat.
            this.beat(start.owner, at);
            return { run: runRecord(row!, decode) };
        });
    }

    async appendEvent(runId: string, kind: RunEvent["kind"], data: unknown): Promise<RunEvent> {
        return this.immediate(() => {
            const counted = this.get("UPDATE runs SET event_count = event_count + 1 WHERE id = ? RETURNING event_count", [runId]);
            if (!counted) throw new Error(`no run ${runId}`);
            const row = this.get("INSERT INTO run_events (run_id, seq, at, kind, data) VALUES (?, ?, ?, ?, ?) RETURNING *", [
                runId,
                counted.event_count,
                this.stamp(),
                kind,
                encodeJson(data),
            ]);
            return runEvent(row!, decode);
        });
    }

    async finishRun(
        runId: string,
        status: Exclude<RunStatus, "running">,
        outcome: { result?: OperationResult; error?: string },
    ): Promise<RunRecord> {
        return this.immediate(() => {
            const row = this.get("UPDATE runs SET status = ?, finished_at = ?, result = ?, error = ? WHERE id = ? RETURNING *", [
                status,
                this.stamp(),
                outcome.result === undefined ? null : encodeJson(outcome.result),
                outcome.error ?? null,
                runId,
            ]);
            if (!row) throw new Error(`no run ${runId}`);
            // Only this run's own lock: after a recovery, the stack may already be locked by a newer run.
            this.run("DELETE FROM stack_locks WHERE run_id = ?", [runId]);
            return runRecord(row, decode);
        });
    }

    async requestCancel(runId: string): Promise<RunRecord | undefined> {
        this.run("UPDATE runs SET cancel_requested = 1 WHERE id = ? AND status = 'running'", [runId]);
        return this.getRun(runId);
    }

    async heartbeat(owner: string): Promise<void> {
        this.beat(owner, this.stamp());
    }

    async recoverInterrupted(options: { owners?: string[]; staleBefore: Date }): Promise<RunRecord[]> {
        return this.immediate(() => {
            const rows = this.all(
                `UPDATE runs SET status = 'interrupted', finished_at = ?, error = ?
                 WHERE status = 'running'
                   AND (owner IN (SELECT value FROM json_each(?))
                        OR NOT EXISTS (SELECT 1 FROM owners WHERE owners.owner = runs.owner AND owners.last_seen >= ?))
                 RETURNING *`,
                [this.stamp(), INTERRUPTED_ERROR, JSON.stringify(options.owners ?? []), options.staleBefore.toISOString()],
            );
            for (const row of rows) this.run("DELETE FROM stack_locks WHERE run_id = ?", [row.id]);
            // Every process start leaves an owner behind; one that stopped heartbeating has nothing left to keep.
            this.run("DELETE FROM owners WHERE last_seen < ?", [options.staleBefore.toISOString()]);
            return rows.sort((a, b) => (a.seq as number) - (b.seq as number)).map((row) => runRecord(row, decode));
        });
    }

    async getRun(id: string): Promise<RunRecord | undefined> {
        const row = this.get("SELECT * FROM runs WHERE id = ?", [id]);
        return row && runRecord(row, decode);
    }

    async listRuns(filter: { stack?: string; environment?: string; limit: number }): Promise<RunRecord[]> {
        const rows = this.all(
            "SELECT * FROM runs WHERE (@stack IS NULL OR stack = @stack) AND (@environment IS NULL OR environment = @environment) ORDER BY seq DESC LIMIT @limit",
            { stack: filter.stack ?? null, environment: filter.environment ?? null, limit: filter.limit },
        );
        return rows.map((row) => runRecord(row, decode));
    }

    async lastRun(stack: string, kind: RunKind, status?: RunStatus): Promise<RunRecord | undefined> {
        const row = this.get(
            "SELECT * FROM runs WHERE stack = @stack AND kind = @kind AND (@status IS NULL OR status = @status) ORDER BY seq DESC LIMIT 1",
            {
                stack,
                kind,
                status: status ?? null,
            },
        );
        return row && runRecord(row, decode);
    }

    async events(runId: string, afterSeq: number): Promise<RunEvent[]> {
        return this.all("SELECT * FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq", [runId, afterSeq]).map((row) =>
            runEvent(row, decode),
        );
    }

    async putApplication(application: Omit<ApplicationRecord, "updatedAt">): Promise<ApplicationRecord> {
        const row = this.get(
            `INSERT INTO applications (environment, name, spec, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (environment, name) DO UPDATE SET spec = excluded.spec, updated_by = excluded.updated_by, updated_at = excluded.updated_at
             RETURNING *`,
            [application.environment, application.name, encodeJson(application.spec), application.updatedBy, this.stamp()],
        );
        return applicationRecord(row!, decode);
    }

    async getApplication(environment: string, name: string): Promise<ApplicationRecord | undefined> {
        const row = this.get("SELECT * FROM applications WHERE environment = ? AND name = ?", [environment, name]);
        return row && applicationRecord(row, decode);
    }

    async listApplications(environment: string): Promise<ApplicationRecord[]> {
        return this.all("SELECT * FROM applications WHERE environment = ? ORDER BY name", [environment]).map((row) =>
            applicationRecord(row, decode),
        );
    }

    async deleteApplication(environment: string, name: string): Promise<void> {
        this.run("DELETE FROM applications WHERE environment = ? AND name = ?", [environment, name]);
    }

    async loadDeployedPlan(stack: string): Promise<PlanDocument | undefined> {
        const row = this.get("SELECT plan FROM deployed_plans WHERE stack = ?", [stack]);
        return row && (decode.json(row.plan) as PlanDocument);
    }

    async saveDeployedPlan(stack: string, plan: PlanDocument): Promise<void> {
        this.run(
            `INSERT INTO deployed_plans (stack, plan, saved_at) VALUES (?, ?, ?)
             ON CONFLICT (stack) DO UPDATE SET plan = excluded.plan, saved_at = excluded.saved_at`,
            [stack, encodeJson(plan), this.stamp()],
        );
    }

    async deleteDeployedPlan(stack: string): Promise<void> {
        this.run("DELETE FROM deployed_plans WHERE stack = ?", [stack]);
    }

    async audit(row: Omit<AuditRow, "id" | "at">): Promise<void> {
        this.run("INSERT INTO audit (at, actor, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)", [
            this.stamp(),
            row.actor,
            row.action,
            row.target,
            row.outcome,
            row.detail === undefined ? null : encodeJson(row.detail),
        ]);
    }

    async listAudit(filter: { limit: number; actor?: string; action?: string }): Promise<AuditRow[]> {
        const rows = this.all(
            "SELECT * FROM audit WHERE (@actor IS NULL OR actor = @actor) AND (@action IS NULL OR action = @action) ORDER BY id DESC LIMIT @limit",
            {
                actor: filter.actor ?? null,
                action: filter.action ?? null,
                limit: filter.limit,
            },
        );
        return rows.map((row) => auditRow(row, decode));
    }

    private insertToken(name: string, role: Role, tokenHash: string): TokenRecord {
        const row = this.get("INSERT INTO tokens (id, name, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *", [
            randomUUID(),
            name,
            role,
            tokenHash,
            this.stamp(),
        ]);
        return tokenRecord(row!, decode);
    }

    private beat(owner: string, at: string): void {
        this.run("INSERT INTO owners (owner, last_seen) VALUES (?, ?) ON CONFLICT (owner) DO UPDATE SET last_seen = excluded.last_seen", [
            owner,
            at,
        ]);
    }

    private immediate<T>(work: () => T): T {
        return this.db.transaction(work).immediate();
    }

    private statement(sql: string): Database.Statement {
        let statement = this.statements.get(sql);
        if (!statement) {
            statement = this.db.prepare(sql);
            this.statements.set(sql, statement);
        }
        return statement;
    }

    private get(sql: string, params: Bindings = []): Record<string, unknown> | undefined {
        return this.statement(sql).get(...bind(params)) as Record<string, unknown> | undefined;
    }

    private all(sql: string, params: Bindings = []): Record<string, unknown>[] {
        return this.statement(sql).all(...bind(params)) as Record<string, unknown>[];
    }

    private run(sql: string, params: Bindings = []): Database.RunResult {
        return this.statement(sql).run(...bind(params));
    }

    private stamp(): string {
        return this.now().toISOString();
    }
}
