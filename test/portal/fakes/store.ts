import type { PlanDocument } from "../../../delivery/plan";
import type { ApplicationRecord, AuditRow, RunEvent, RunRecord, Store, TokenRecord } from "../../../portal/store/types";

/** The Store contract in memory, for fast route tests: one process, no persistence, the same locking rules. */
export class MemoryStore implements Store {
    readonly kind = "sqlite" as const;
    readonly tokens: (TokenRecord & { hash: string })[] = [];
    readonly runs: RunRecord[] = [];
    readonly eventsByRun = new Map<string, RunEvent[]>();
    readonly applications = new Map<string, ApplicationRecord>();
    readonly plans = new Map<string, PlanDocument>();
    readonly auditRows: AuditRow[] = [];
    readonly heartbeats = new Map<string, Date>();
    private readonly locks = new Map<string, string>();

    constructor(private readonly now: () => Date = () => new Date()) {}

    async migrate(): Promise<void> {}
    async close(): Promise<void> {}

    async countTokens() {
        return this.tokens.length;
    }
    async createToken(name: string, role: TokenRecord["role"], hash: string) {
        const record = { id: String(this.tokens.length + 1), name, role, createdAt: this.stamp(), hash };
        this.tokens.push(record);
        const { hash: _, ...token } = record;
        return token;
    }
    async createFirstToken(name: string, role: TokenRecord["role"], hash: string) {
        return this.tokens.length === 0 ? this.createToken(name, role, hash) : undefined;
    }
    async findTokenByHash(hash: string) {
        const found = this.tokens.find((token) => token.hash === hash && token.revokedAt === undefined);
        if (!found) return undefined;
        const { hash: _, ...token } = found;
        return token;
    }
    async listTokens() {
        return this.tokens.map(({ hash: _, ...token }) => ({ ...token }));
    }
    async revokeToken(id: string) {
        const found = this.tokens.find((token) => token.id === id);
        if (!found) return undefined;
        found.revokedAt ??= this.stamp();
        const { hash: _, ...token } = found;
        return { ...token };
    }

    async startRun(start: Parameters<Store["startRun"]>[0]) {
        const holder = this.locks.get(start.stack);
        if (holder) return { heldBy: structuredClone(this.runs.find((run) => run.id === holder)!) };
        const run: RunRecord = {
            ...start,
            id: `run-${this.runs.length + 1}`,
            status: "running",
            startedAt: this.stamp(),
            cancelRequested: false,
        };
        this.runs.push(run);
        this.locks.set(start.stack, run.id);
        return { run: structuredClone(run) };
    }
    async appendEvent(runId: string, kind: RunEvent["kind"], data: unknown) {
        const list = this.eventsByRun.get(runId) ?? [];
        const event: RunEvent = { runId, seq: list.length + 1, at: this.stamp(), kind, data: structuredClone(data) };
        list.push(event);
        this.eventsByRun.set(runId, list);
        return event;
    }
    async finishRun(runId: string, status: Parameters<Store["finishRun"]>[1], outcome: Parameters<Store["finishRun"]>[2]) {
        const run = this.find(runId)!;
        Object.assign(run, { status, finishedAt: this.stamp(), ...structuredClone(outcome) });
        if (this.locks.get(run.stack) === runId) this.locks.delete(run.stack);
        return structuredClone(run);
    }
    async requestCancel(runId: string) {
        const run = this.find(runId);
        if (!run) return undefined;
        if (run.status === "running") run.cancelRequested = true;
        return structuredClone(run);
    }
    async heartbeat(owner: string) {
        this.heartbeats.set(owner, this.now());
    }
    async recoverInterrupted(options: { owners?: string[]; staleBefore: Date }) {
        const recovered = this.runs.filter((run) => {
            if (run.status !== "running") return false;
            const beat = this.heartbeats.get(run.owner);
            return (options.owners ?? []).includes(run.owner) || beat === undefined || beat < options.staleBefore;
        });
        for (const run of recovered) await this.finishRun(run.id, "interrupted", { error: "interrupted" });
        return recovered.map((run) => structuredClone(run));
    }
    async getRun(id: string) {
        const run = this.find(id);
        return run && structuredClone(run);
    }
    async listRuns(filter: { stack?: string; environment?: string; limit: number }) {
        return this.runs
            .filter(
                (run) =>
                    (filter.stack === undefined || run.stack === filter.stack) &&
                    (filter.environment === undefined || run.environment === filter.environment),
            )
            .reverse()
            .slice(0, filter.limit)
            .map((run) => structuredClone(run));
    }
    async lastRun(stack: string, kind: RunRecord["kind"], status?: RunRecord["status"]) {
        const run = [...this.runs]
            .reverse()
            .find((r) => r.stack === stack && r.kind === kind && (status === undefined || r.status === status));
        return run && structuredClone(run);
    }
    async events(runId: string, afterSeq: number) {
        return (this.eventsByRun.get(runId) ?? []).filter((event) => event.seq > afterSeq).map((event) => structuredClone(event));
    }

    async putApplication(application: Omit<ApplicationRecord, "updatedAt">) {
        const record = { ...structuredClone(application), updatedAt: this.stamp() };
        this.applications.set(`${application.environment}/${application.name}`, record);
        return structuredClone(record);
    }
    async getApplication(environment: string, name: string) {
        const record = this.applications.get(`${environment}/${name}`);
        return record && structuredClone(record);
    }
    async listApplications(environment: string) {
        return [...this.applications.values()].filter((app) => app.environment === environment).map((app) => structuredClone(app));
    }
    async deleteApplication(environment: string, name: string) {
        this.applications.delete(`${environment}/${name}`);
    }

    async loadDeployedPlan(stack: string) {
        return this.plans.get(stack);
    }
    async saveDeployedPlan(stack: string, plan: PlanDocument) {
        this.plans.set(stack, plan);
    }
    async deleteDeployedPlan(stack: string) {
        this.plans.delete(stack);
    }

    async audit(row: Omit<AuditRow, "id" | "at">) {
        this.auditRows.push({ ...structuredClone(row), id: this.auditRows.length + 1, at: this.stamp() });
    }
    async listAudit(filter: { limit: number; actor?: string; action?: string }) {
        return this.auditRows
            .filter(
                (row) =>
                    (filter.actor === undefined || row.actor === filter.actor) &&
                    (filter.action === undefined || row.action === filter.action),
            )
            .reverse()
            .slice(0, filter.limit);
    }

    private find(id: string): RunRecord | undefined {
        return this.runs.find((run) => run.id === id);
    }

    private stamp(): string {
        return this.now().toISOString();
    }
}
