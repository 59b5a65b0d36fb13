/**
 * The portal's schema, one version after another. A version once released is never edited: a change is a new
 * version. `migrate()` applies, in one transaction, each version the database's `berth_migrations` table lacks.
 */
export interface Migration {
    version: number;
    name: string;
    sqlite: string;
    postgres: string;
}

/** The table that records which versions a database has. */
export const MIGRATIONS_TABLE = "berth_migrations";

export const MIGRATIONS: readonly Migration[] = [
    {
        version: 1,
        name: "tokens, runs, locks, events, owners, applications, deployed plans, audit",
        sqlite: `
            CREATE TABLE tokens (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('viewer', 'developer', 'platform-admin')),
                token_hash TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL
            );
            -- seq orders runs as they were started: two runs may share a millisecond.
            CREATE TABLE runs (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                stack TEXT NOT NULL,
                environment TEXT NOT NULL,
                application TEXT,
                kind TEXT NOT NULL CHECK (kind IN ('preview', 'deploy', 'destroy')),
                revision TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
                actor TEXT NOT NULL,
                owner TEXT NOT NULL,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                cancel_requested INTEGER NOT NULL DEFAULT 0,
                result TEXT,
                error TEXT,
                event_count INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX runs_by_stack ON runs (stack, kind, seq);
            CREATE INDEX runs_by_environment ON runs (environment, seq);
            CREATE INDEX runs_running ON runs (owner) WHERE status = 'running';
            -- One row per locked stack: the primary key is the lock. Deferred so that the lock goes in before its run.
            CREATE TABLE stack_locks (
                stack TEXT PRIMARY KEY,
                run_id TEXT NOT NULL UNIQUE REFERENCES runs (id) DEFERRABLE INITIALLY DEFERRED,
                acquired_at TEXT NOT NULL
            );
            CREATE TABLE run_events (
                run_id TEXT NOT NULL REFERENCES runs (id),
                seq INTEGER NOT NULL,
                at TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('log', 'change', 'status')),
                data TEXT NOT NULL,
                PRIMARY KEY (run_id, seq)
            );
            CREATE TABLE owners (
                owner TEXT PRIMARY KEY,
                last_seen TEXT NOT NULL
            );
            CREATE TABLE applications (
                environment TEXT NOT NULL,
                name TEXT NOT NULL,
                spec TEXT NOT NULL,
                updated_by TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (environment, name)
            );
            CREATE TABLE deployed_plans (
                stack TEXT PRIMARY KEY,
                plan TEXT NOT NULL,
                saved_at TEXT NOT NULL
            );
            CREATE TABLE audit (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied', 'failed', 'succeeded')),
                detail TEXT
            );
            CREATE INDEX audit_by_actor ON audit (actor, id);
            CREATE INDEX audit_by_action ON audit (action, id);
        `,
        // json (not jsonb) keeps a document's text, key order included, exactly as it was saved.
        postgres: `
            CREATE TABLE tokens (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('viewer', 'developer', 'platform-admin')),
                token_hash TEXT NOT NULL UNIQUE,
                created_at TIMESTAMPTZ NOT NULL
            );
            CREATE TABLE runs (
                seq BIGSERIAL PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                stack TEXT NOT NULL,
                environment TEXT NOT NULL,
                application TEXT,
                kind TEXT NOT NULL CHECK (kind IN ('preview', 'deploy', 'destroy')),
                revision TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
                actor TEXT NOT NULL,
                owner TEXT NOT NULL,
                started_at TIMESTAMPTZ NOT NULL,
                finished_at TIMESTAMPTZ,
                cancel_requested BOOLEAN NOT NULL DEFAULT FALSE,
                result JSON,
                error TEXT,
                event_count INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX runs_by_stack ON runs (stack, kind, seq);
            CREATE INDEX runs_by_environment ON runs (environment, seq);
            CREATE INDEX runs_running ON runs (owner) WHERE status = 'running';
            CREATE TABLE stack_locks (
                stack TEXT PRIMARY KEY,
                run_id TEXT NOT NULL UNIQUE REFERENCES runs (id) DEFERRABLE INITIALLY DEFERRED,
                acquired_at TIMESTAMPTZ NOT NULL
            );
            CREATE TABLE run_events (
                run_id TEXT NOT NULL REFERENCES runs (id),
                seq INTEGER NOT NULL,
                at TIMESTAMPTZ NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('log', 'change', 'status')),
                data JSON NOT NULL,
                PRIMARY KEY (run_id, seq)
            );
            CREATE TABLE owners (
                owner TEXT PRIMARY KEY,
                last_seen TIMESTAMPTZ NOT NULL
            );
            CREATE TABLE applications (
                environment TEXT NOT NULL,
                name TEXT NOT NULL,
                spec JSON NOT NULL,
                updated_by TEXT NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (environment, name)
            );
            CREATE TABLE deployed_plans (
                stack TEXT PRIMARY KEY,
                plan JSON NOT NULL,
                saved_at TIMESTAMPTZ NOT NULL
            );
            CREATE TABLE audit (
                id BIGSERIAL PRIMARY KEY,
                at TIMESTAMPTZ NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied', 'failed', 'succeeded')),
                detail JSON
            );
            CREATE INDEX audit_by_actor ON audit (actor, id);
            CREATE INDEX audit_by_action ON audit (action, id);
        `,
    },
    {
        version: 2,
        name: "revoked tokens",
        sqlite: `ALTER TABLE tokens ADD COLUMN revoked_at TEXT;`,
        postgres: `ALTER TABLE tokens ADD COLUMN revoked_at TIMESTAMPTZ;`,
    },
];

/** Refuses a database that a newer Berth has migrated: this one would misread tables it does not know. */
export function assertKnownVersions(applied: number[]): void {
    const newest = Math.max(0, ...MIGRATIONS.map((migration) => migration.version));
    const unknown = applied.filter((version) => version > newest);
    if (unknown.length > 0) {
        throw new Error(`the database has schema version ${Math.max(...unknown)}, newer than this Berth knows (${newest}): upgrade Berth`);
    }
}
