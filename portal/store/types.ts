import type { ApplicationSpec, EnvironmentName, OperationResult, StackKey } from "../../delivery/operations/types";
import type { PlanDocument } from "../../delivery/plan";

/** viewer reads; developer previews, onboards and deploys applications in dev; platform-admin does everything, prod deploys included. */
export type Role = "viewer" | "developer" | "platform-admin";
export const ROLES: readonly Role[] = ["viewer", "developer", "platform-admin"];

export interface TokenRecord {
    id: string;
    /** Who holds it, as audit rows and lock conflicts name them. */
    name: string;
    role: Role;
    createdAt: string;
    /** When a platform-admin revoked it: it no longer authenticates, and the row stays so that audit rows still name it. */
    revokedAt?: string;
}

export type RunKind = "preview" | "deploy" | "destroy";
export type RunStatus = "running" | "succeeded" | "failed" | "cancelled" | "interrupted";

export interface RunRecord {
    id: string;
    stack: StackKey;
    environment: EnvironmentName;
    /** The application's name for an application stack. */
    application?: string;
    kind: RunKind;
    revision: string;
    status: RunStatus;
    /** The token name that started it. */
    actor: string;
    /** The portal process that runs it (`<host>:<pid>:<random>`), whose heartbeat keeps its lock. */
    owner: string;
    startedAt: string;
    finishedAt?: string;
    cancelRequested: boolean;
    result?: OperationResult;
    /** A message for the user; never a secret value. */
    error?: string;
}

export interface RunEvent {
    runId: string;
    /** 1, 2, 3... per run: a reader resumes after the last it saw. */
    seq: number;
    at: string;
    kind: "log" | "change" | "status";
    data: unknown;
}

export interface ApplicationRecord {
    environment: EnvironmentName;
    name: string;
    spec: ApplicationSpec;
    updatedBy: string;
    updatedAt: string;
}

export interface AuditRow {
    id: number;
    at: string;
    actor: string;
    /** e.g. "run.preview", "run.deploy", "application.onboard", "token.create", "auth.denied". */
    action: string;
    /** A stack key, application or token name. */
    target: string;
    outcome: "allowed" | "denied" | "failed" | "succeeded";
    /** Extra facts as JSON; never a secret value or a token. */
    detail?: Record<string, unknown>;
}

export type StartRun = Omit<RunRecord, "id" | "status" | "startedAt" | "finishedAt" | "cancelRequested" | "result" | "error">;

/**
 * The portal's storage: SQLite (embedded default) or PostgreSQL (several portal replicas). Every method is atomic;
 * the lock on a stack is a row that `startRun` inserts in the same transaction as the run, so two processes on one
 * database can never both hold it.
 */
export interface Store {
    readonly kind: "sqlite" | "postgres";
    migrate(): Promise<void>;
    close(): Promise<void>;

    countTokens(): Promise<number>;
    /** Stores only the token's hash. */
    createToken(name: string, role: Role, tokenHash: string): Promise<TokenRecord>;
    /**
     * As createToken, but only while the database holds no token at all, checked and written as one step: of replicas
     * starting together on a fresh database, exactly one creates (and prints) the first token. Undefined when a token exists.
     */
    createFirstToken(name: string, role: Role, tokenHash: string): Promise<TokenRecord | undefined>;
    /** The token the hash belongs to, unless it is revoked. */
    findTokenByHash(tokenHash: string): Promise<TokenRecord | undefined>;
    /** Every token, revoked ones included, oldest first; never a hash. */
    listTokens(): Promise<TokenRecord[]>;
    /** Stops the token authenticating from now on; the revocation time of a token revoked already stays. Undefined for an unknown id. */
    revokeToken(id: string): Promise<TokenRecord | undefined>;

    /** Takes the stack's lock and records the run, or returns the run that holds the lock. */
    startRun(run: StartRun): Promise<{ run: RunRecord } | { heldBy: RunRecord }>;
    appendEvent(runId: string, kind: RunEvent["kind"], data: unknown): Promise<RunEvent>;
    /** Records the outcome and releases the stack's lock. */
    finishRun(
        runId: string,
        status: Exclude<RunStatus, "running">,
        outcome: { result?: OperationResult; error?: string },
    ): Promise<RunRecord>;
    requestCancel(runId: string): Promise<RunRecord | undefined>;
    /** The owner is alive: its locks stay held. */
    heartbeat(owner: string): Promise<void>;
    /** Marks running runs interrupted and releases their locks: those of `owners`, and any whose owner's heartbeat is older than `staleBefore`. */
    recoverInterrupted(options: { owners?: string[]; staleBefore: Date }): Promise<RunRecord[]>;
    getRun(id: string): Promise<RunRecord | undefined>;
    listRuns(filter: { stack?: StackKey; environment?: EnvironmentName; limit: number }): Promise<RunRecord[]>;
    /** The newest run of a stack of that kind (and status, if given). */
    lastRun(stack: StackKey, kind: RunKind, status?: RunStatus): Promise<RunRecord | undefined>;
    events(runId: string, afterSeq: number): Promise<RunEvent[]>;

    putApplication(application: Omit<ApplicationRecord, "updatedAt">): Promise<ApplicationRecord>;
    getApplication(environment: EnvironmentName, name: string): Promise<ApplicationRecord | undefined>;
    listApplications(environment: EnvironmentName): Promise<ApplicationRecord[]>;
    deleteApplication(environment: EnvironmentName, name: string): Promise<void>;

    /** The offline engine's deployed state: the last plan "deployed" per stack. */
    loadDeployedPlan(stack: StackKey): Promise<PlanDocument | undefined>;
    saveDeployedPlan(stack: StackKey, plan: PlanDocument): Promise<void>;
    deleteDeployedPlan(stack: StackKey): Promise<void>;

    audit(row: Omit<AuditRow, "id" | "at">): Promise<void>;
    listAudit(filter: { limit: number; actor?: string; action?: string }): Promise<AuditRow[]>;
}
