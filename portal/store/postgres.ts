import { randomUUID } from "crypto";
import { Pool, type PoolClient, type QueryResultRow } from "pg";
import type { OperationResult } from "../../delivery/operations/types";
import type { PlanDocument } from "../../delivery/plan";
import { assertKnownVersions, MIGRATIONS, MIGRATIONS_TABLE } from "./migrations";
import {
    applicationRecord,
    auditRow,
    encodeJson,
    INTERRUPTED_ERROR,
    POSTGRES_DECODING as decode,
    runEvent,
    runRecord,
    TOKEN_COLUMNS,
    tokenRecord,
} from "./records";
import type { ApplicationRecord, AuditRow, Role, RunEvent, RunKind, RunRecord, RunStatus, StartRun, Store, TokenRecord } from "./types";

export interface PostgresStoreOptions {
    /** `postgres://user:password@host:port/database`; libpq-style parameters (sslmode, options=-c search_path=...) apply. */
    connectionString: string;
    /** The clock for every time the store records. @default the system clock */
    now?: () => Date;
    /** Connections each portal process keeps open at most. @default 10 */
    poolSize?: number;
    /** How long opening a connection may take before the call fails. @default 10000 */
    connectTimeoutMs?: number;
}

/** A lock whose holder finished between our failed insert and our read of it is free again: try again, a few times. */
const LOCK_ATTEMPTS = 5;

/**
 * The store for several portal replicas: one PostgreSQL database behind a pool of connections. A statement that must
 * be atomic is one statement (data-modifying CTEs) or runs in a transaction on one pooled connection.
 */
export class PostgresStore implements Store {
    readonly kind = "postgres" as const;
    private readonly pool: Pool;
    private readonly now: () => Date;

    constructor(options: PostgresStoreOptions) {
        this.now = options.now ?? (() => new Date());
        this.pool = new Pool({
            connectionString: options.connectionString,
            max: options.poolSize ?? 10,
            connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
            application_name: "berth-portal",
        });
        // An idle connection that breaks (a server restart) is dropped by the pool, and the next query opens a new one
        // and reports any lasting problem; without a listener the pool's "error" event would end the process.
        this.pool.on("error", () => undefined);
    }

    async migrate(): Promise<void> {
        await this.transaction(async (client) => {
            // Two replicas starting together: the second waits here, then finds the versions applied.
            await client.query("SELECT pg_advisory_xact_lock(hashtext('berth.migrate.' || current_schema()))");
            await client.query(
                `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`,
            );
            const applied = (await client.query<{ version: number }>(`SELECT version FROM ${MIGRATIONS_TABLE}`)).rows.map(
                (row) => row.version,
            );
            assertKnownVersions(applied);
            for (const migration of MIGRATIONS) {
                if (applied.includes(migration.version)) continue;
                await client.query(migration.postgres);
                await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES ($1, $2, $3)`, [
                    migration.version,
                    migration.name,
                    this.now(),
                ]);
            }
        });
    }

    async close(): Promise<void> {
        if (!this.pool.ended) await this.pool.end();
    }

    async countTokens(): Promise<number> {
        const row = await this.one<{ count: string }>("SELECT COUNT(*) AS count FROM tokens");
        return Number(row!.count);
    }

    async createToken(name: string, role: Role, tokenHash: string): Promise<TokenRecord> {
        return this.insertToken(this.pool, name, role, tokenHash);
    }

    async createFirstToken(name: string, role: Role, tokenHash: string): Promise<TokenRecord | undefined> {
        return this.transaction(async (client) => {
            // EXCLUSIVE blocks other writers of the table (not its readers) until commit: a second replica's check waits
            // here, and under READ COMMITTED its next statement sees the token this one inserted.
            await client.query("LOCK TABLE tokens IN EXCLUSIVE MODE");
            if ((await client.query("SELECT 1 FROM tokens LIMIT 1")).rowCount !== 0) return undefined;
            return this.insertToken(client, name, role, tokenHash);
        });
    }

    async findTokenByHash(tokenHash: string): Promise<TokenRecord | undefined> {
        const row = await this.one(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE token_hash = $1 AND revoked_at IS NULL`, [tokenHash]);
        return row && tokenRecord(row, decode);
    }

    async listTokens(): Promise<TokenRecord[]> {
        const { rows } = await this.pool.query(`SELECT ${TOKEN_COLUMNS} FROM tokens ORDER BY created_at, id`);
        return rows.map((row) => tokenRecord(row, decode));
    }

    async revokeToken(id: string): Promise<TokenRecord | undefined> {
        const row = await this.one(`UPDATE tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2 RETURNING ${TOKEN_COLUMNS}`, [
            this.now(),
            id,
        ]);
        return row && tokenRecord(row, decode);
    }

    async startRun(start: StartRun): Promise<{ run: RunRecord } | { heldBy: RunRecord }> {
        for (let attempt = 1; ; attempt++) {
            const outcome = await this.transaction(async (client) => {
                const id = randomUUID();
                const at = this.now();
                // Under a concurrent insert of the same stack, this waits for the other transaction and then inserts
                // nothing if it committed: the primary key decides, never a read before the write.
                const locked = await client.query(
                    "INSERT INTO stack_locks (stack, run_id, acquired_at) VALUES ($1, $2, $3) ON CONFLICT (stack) DO NOTHING",
                    [start.stack, id, at],
                );
                if (locked.rowCount === 0) {
                    const holder = await client.query(
                        "SELECT runs.* FROM stack_locks JOIN runs ON runs.id = stack_locks.run_id WHERE stack_locks.stack = $1",
                        [start.stack],
                    );
                    return holder.rows[0] ? { heldBy: runRecord(holder.rows[0], decode) } : undefined;
                }
                const run = await client.query(
                    `INSERT INTO runs (id, stack, environment, application, kind, revision, status, actor, owner, started_at)
                     VALUES ($1, $2, $3, $4, $5, $6, 'running', $7, $8, $9) RETURNING *`,
                    [
                        id,
                        start.stack,
                        start.environment,
                        start.application ?? null,
                        start.kind,
                        start.revision,
                        start.actor,
                        start.owner,
                        at,
                    ],
                );
                // Starting a run is a sign of life: the owner's lock must not look stale before its first heartbeat.
                await client.query(
                    "INSERT INTO owners (owner, last_seen) VALUES ($1, $2) ON CONFLICT (owner) DO UPDATE SET last_seen = excluded.last_seen",
                    [start.owner, at],
                );
                return { run: runRecord(run.rows[0], decode) };
            });
            if (outcome) return outcome;
            if (attempt === LOCK_ATTEMPTS)
                throw new Error(`could not take or read the lock of ${start.stack} after ${LOCK_ATTEMPTS} attempts`);
        }
    }

    async appendEvent(runId: string, kind: RunEvent["kind"], data: unknown): Promise<RunEvent> {
        // The run's row lock orders concurrent appends: each gets the next seq.
        const row = await this.one(
            `WITH counted AS (UPDATE runs SET event_count = event_count + 1 WHERE id = $1 RETURNING event_count)
             INSERT INTO run_events (run_id, seq, at, kind, data) SELECT $1, event_count, $2, $3, $4::json FROM counted RETURNING *`,
            [runId, this.now(), kind, encodeJson(data)],
        );
        if (!row) throw new Error(`no run ${runId}`);
        return runEvent(row, decode);
    }

    async finishRun(
        runId: string,
        status: Exclude<RunStatus, "running">,
        outcome: { result?: OperationResult; error?: string },
    ): Promise<RunRecord> {
        // Only this run's own lock: after a recovery, the stack may already be locked by a newer run.
        const row = await this.one(
            `WITH finished AS (
                 UPDATE runs SET status = $2, finished_at = $3, result = $4::json, error = $5 WHERE id = $1 RETURNING *
             ), released AS (
                 DELETE FROM stack_locks WHERE run_id IN (SELECT id FROM finished)
             )
             SELECT * FROM finished`,
            [runId, status, this.now(), outcome.result === undefined ? null : encodeJson(outcome.result), outcome.error ?? null],
        );
        if (!row) throw new Error(`no run ${runId}`);
        return runRecord(row, decode);
    }

    async requestCancel(runId: string): Promise<RunRecord | undefined> {
        await this.pool.query("UPDATE runs SET cancel_requested = TRUE WHERE id = $1 AND status = 'running'", [runId]);
        return this.getRun(runId);
    }

    async heartbeat(owner: string): Promise<void> {
        await this.pool.query(
            "INSERT INTO owners (owner, last_seen) VALUES ($1, $2) ON CONFLICT (owner) DO UPDATE SET last_seen = excluded.last_seen",
            [owner, this.now()],
        );
    }

    async recoverInterrupted(options: { owners?: string[]; staleBefore: Date }): Promise<RunRecord[]> {
        // One statement: the runs, their locks and the owners that stopped heartbeating (every process start leaves
        // one behind) change together or not at all.
        const result = await this.pool.query(
            `WITH recovered AS (
                 UPDATE runs SET status = 'interrupted', finished_at = $1, error = $2
                 WHERE status = 'running'
                   AND (owner = ANY ($3::text[])
                        OR NOT EXISTS (SELECT 1 FROM owners WHERE owners.owner = runs.owner AND owners.last_seen >= $4))
                 RETURNING *
             ), released AS (
                 DELETE FROM stack_locks WHERE run_id IN (SELECT id FROM recovered)
             ), forgotten AS (
                 DELETE FROM owners WHERE last_seen < $4
             )
             SELECT * FROM recovered ORDER BY seq`,
            [this.now(), INTERRUPTED_ERROR, options.owners ?? [], options.staleBefore],
        );
        return result.rows.map((row) => runRecord(row, decode));
    }

    async getRun(id: string): Promise<RunRecord | undefined> {
        const row = await this.one("SELECT * FROM runs WHERE id = $1", [id]);
        return row && runRecord(row, decode);
    }

    async listRuns(filter: { stack?: string; environment?: string; limit: number }): Promise<RunRecord[]> {
        const result = await this.pool.query(
            "SELECT * FROM runs WHERE ($1::text IS NULL OR stack = $1) AND ($2::text IS NULL OR environment = $2) ORDER BY seq DESC LIMIT $3",
            [filter.stack ?? null, filter.environment ?? null, filter.limit],
        );
        return result.rows.map((row) => runRecord(row, decode));
    }

    async lastRun(stack: string, kind: RunKind, status?: RunStatus): Promise<RunRecord | undefined> {
        const row = await this.one(
            "SELECT * FROM runs WHERE stack = $1 AND kind = $2 AND ($3::text IS NULL OR status = $3) ORDER BY seq DESC LIMIT 1",
            [stack, kind, status ?? null],
        );
        return row && runRecord(row, decode);
    }

    async events(runId: string, afterSeq: number): Promise<RunEvent[]> {
        const result = await this.pool.query("SELECT * FROM run_events WHERE run_id = $1 AND seq > $2 ORDER BY seq", [runId, afterSeq]);
        return result.rows.map((row) => runEvent(row, decode));
    }

    async putApplication(application: Omit<ApplicationRecord, "updatedAt">): Promise<ApplicationRecord> {
        const row = await this.one(
            `INSERT INTO applications (environment, name, spec, updated_by, updated_at) VALUES ($1, $2, $3::json, $4, $5)
             ON CONFLICT (environment, name) DO UPDATE SET spec = excluded.spec, updated_by = excluded.updated_by, updated_at = excluded.updated_at
             RETURNING *`,
            [application.environment, application.name, encodeJson(application.spec), application.updatedBy, this.now()],
        );
        return applicationRecord(row!, decode);
    }

    async getApplication(environment: string, name: string): Promise<ApplicationRecord | undefined> {
        const row = await this.one("SELECT * FROM applications WHERE environment = $1 AND name = $2", [environment, name]);
        return row && applicationRecord(row, decode);
    }

    async listApplications(environment: string): Promise<ApplicationRecord[]> {
        const result = await this.pool.query("SELECT * FROM applications WHERE environment = $1 ORDER BY name", [environment]);
        return result.rows.map((row) => applicationRecord(row, decode));
    }

    async deleteApplication(environment: string, name: string): Promise<void> {
        await this.pool.query("DELETE FROM applications WHERE environment = $1 AND name = $2", [environment, name]);
    }

    async loadDeployedPlan(stack: string): Promise<PlanDocument | undefined> {
        const row = await this.one<{ plan: PlanDocument }>("SELECT plan FROM deployed_plans WHERE stack = $1", [stack]);
        return row?.plan;
    }

    async saveDeployedPlan(stack: string, plan: PlanDocument): Promise<void> {
        await this.pool.query(
            `INSERT INTO deployed_plans (stack, plan, saved_at) VALUES ($1, $2::json, $3)
             ON CONFLICT (stack) DO UPDATE SET plan = excluded.plan, saved_at = excluded.saved_at`,
            [stack, encodeJson(plan), this.now()],
        );
    }

    async deleteDeployedPlan(stack: string): Promise<void> {
        await this.pool.query("DELETE FROM deployed_plans WHERE stack = $1", [stack]);
    }

    async audit(row: Omit<AuditRow, "id" | "at">): Promise<void> {
        await this.pool.query("INSERT INTO audit (at, actor, action, target, outcome, detail) VALUES ($1, $2, $3, $4, $5, $6::json)", [
            this.now(),
            row.actor,
            row.action,
            row.target,
            row.outcome,
            row.detail === undefined ? null : encodeJson(row.detail),
        ]);
    }

    async listAudit(filter: { limit: number; actor?: string; action?: string }): Promise<AuditRow[]> {
        const result = await this.pool.query(
            "SELECT * FROM audit WHERE ($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR action = $2) ORDER BY id DESC LIMIT $3",
            [filter.actor ?? null, filter.action ?? null, filter.limit],
        );
        return result.rows.map((row) => auditRow(row, decode));
    }

    /** Inserts a token through `db`: the pool, or a transaction's client. */
    private async insertToken(db: Pool | PoolClient, name: string, role: Role, tokenHash: string): Promise<TokenRecord> {
        const inserted = await db.query(
            "INSERT INTO tokens (id, name, role, token_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING *",
            [randomUUID(), name, role, tokenHash, this.now()],
        );
        return tokenRecord(inserted.rows[0], decode);
    }

    private async one<Row extends QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<Row | undefined> {
        return (await this.pool.query<Row>(sql, params)).rows[0];
    }

    /** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
    private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
        const client = await this.pool.connect();
        try {
            await client.query("BEGIN");
            const result = await work(client);
            await client.query("COMMIT");
            return result;
        } catch (error) {
            await client.query("ROLLBACK").catch(() => undefined);
            throw error;
        } finally {
            client.release();
        }
    }
}
