import { expect } from "chai";
import { createHash, randomBytes } from "crypto";
import type { OperationResult } from "../../../delivery/operations/types";
import type { PlanDocument } from "../../../delivery/plan";
import { INTERRUPTED_ERROR } from "../../../portal/store/records";
import type { RunRecord, StartRun, Store } from "../../../portal/store/types";
import { raceProcesses } from "./race";
import { POSTGRES, SQLITE, TestClock, type Dialect, type Site } from "./sites";

const start = (overrides: Partial<StartRun> = {}): StartRun => ({
    stack: "platform/dev",
    environment: "dev",
    kind: "preview",
    revision: "rev-1",
    actor: "alice",
    owner: "host-a:100:aaaa",
    ...overrides,
});

/** The run a start must have produced; fails the test with the holder when the lock was taken instead. */
function started(outcome: { run: RunRecord } | { heldBy: RunRecord }): RunRecord {
    if ("heldBy" in outcome) expect.fail(`expected to take the lock, but ${outcome.heldBy.id} holds it`);
    return outcome.run;
}

const result = (stack: string): OperationResult => ({
    stack,
    revision: "rev-1",
    changes: {
        stack,
        resources: [],
        summary: { create: 1, update: 0, replace: 0, delete: 0, same: 3 },
    } as unknown as OperationResult["changes"],
    outputs: { endpoint: "https://example.internal", password: "[secret]" },
});

for (const dialect of [SQLITE, POSTGRES]) describeContract(dialect);

function describeContract(dialect: Dialect): void {
    const title = `Store contract on ${dialect.name}${dialect.unavailable ? ` (skipped: ${dialect.unavailable})` : ""}`;
    describe(title, function () {
        let site: Site;
        let clock: TestClock;
        let store: Store;

        before(function () {
            if (dialect.unavailable) this.skip();
        });
        beforeEach(async () => {
            site = await dialect.newSite();
            clock = new TestClock();
            store = await site.open(clock.now);
        });
        afterEach(async () => {
            await site?.remove();
        });

        it("migrates once: a second migrate and a second process's open change nothing", async () => {
            await store.migrate();
            const other = await site.open();
            await other.migrate();
            expect((await site.rows("berth_migrations")).map((row) => Number(row.version))).to.deep.equal([1, 2]);
            expect(store.kind).to.equal(dialect.name === "SQLite" ? "sqlite" : "postgres");
        });

        it("refuses a database that a newer Berth has migrated", async () => {
            await site.execute(
                "INSERT INTO berth_migrations (version, name, applied_at) VALUES (99, 'from the future', '2026-11-26T12:00:00Z')",
            );
            let failure: Error | undefined;
            await site.open().catch((error: Error) => (failure = error));
            expect(failure?.message).to.match(/schema version 99, newer than this Berth knows \(2\): upgrade Berth/);
        });

        describe("tokens", () => {
            it("stores only the token's hash and finds the token by it", async () => {
                const token = randomBytes(24).toString("base64url");
                const hash = createHash("sha256").update(token).digest("hex");
                expect(await store.countTokens()).to.equal(0);
                const created = await store.createToken("ci-bot", "developer", hash);
                expect(created).to.deep.equal({ id: created.id, name: "ci-bot", role: "developer", createdAt: "2026-11-26T12:00:00.000Z" });
                expect(await store.findTokenByHash(hash)).to.deep.equal(created);
                expect(await store.findTokenByHash(createHash("sha256").update("other").digest("hex"))).to.equal(undefined);
                expect(await store.countTokens()).to.equal(1);

                const rows = await site.rows("tokens");
                expect(rows).to.have.length(1);
                expect(rows[0].token_hash).to.equal(hash);
                const stored = JSON.stringify(rows);
                expect(stored).not.to.include(token);
            });

            it("refuses a second token with the same hash and a role that does not exist", async () => {
                await store.createToken("a", "viewer", "hash-1");
                await expectRejection(store.createToken("b", "viewer", "hash-1"));
                await expectRejection(store.createToken("c", "root" as never, "hash-2"));
                expect(await store.countTokens()).to.equal(1);
            });

            it("lists tokens oldest first without their hashes, and a revoked token stops authenticating but stays listed", async () => {
                const admin = await store.createToken("admin", "platform-admin", "hash-admin");
                clock.advance(60);
                const bot = await store.createToken("ci-bot", "developer", "hash-bot");
                expect(await store.listTokens()).to.deep.equal([admin, bot]);

                clock.advance(60);
                const revoked = await store.revokeToken(bot.id);
                expect(revoked).to.deep.equal({ ...bot, revokedAt: "2026-11-26T12:02:00.000Z" });
                expect(await store.findTokenByHash("hash-bot")).to.equal(undefined);
                expect(await store.findTokenByHash("hash-admin")).to.deep.equal(admin);
                expect(await store.listTokens()).to.deep.equal([admin, revoked]);
                expect(JSON.stringify(await store.listTokens())).not.to.include("hash-");

                clock.advance(60);
                expect(await store.revokeToken(bot.id), "a second revocation keeps the first time").to.deep.equal(revoked);
                expect(await store.revokeToken("no-such-token")).to.equal(undefined);
                expect((await site.rows("tokens")).length, "the row stays for the audit trail").to.equal(2);
            });
        });

        describe("the stack lock", () => {
            it("gives a second run on a locked stack the holder, and leaves other stacks free", async () => {
                const first = started(await store.startRun(start({ application: undefined })));
                expect(first).to.deep.equal({
                    id: first.id,
                    stack: "platform/dev",
                    environment: "dev",
                    kind: "preview",
                    revision: "rev-1",
                    status: "running",
                    actor: "alice",
                    owner: "host-a:100:aaaa",
                    startedAt: "2026-11-26T12:00:00.000Z",
                    cancelRequested: false,
                });
                const second = await store.startRun(start({ kind: "deploy", actor: "bob" }));
                expect(second).to.deep.equal({ heldBy: first });
                const app = started(await store.startRun(start({ stack: "application/dev/shop", application: "shop" })));
                expect(app.application).to.equal("shop");
                expect((await store.listRuns({ limit: 10 })).map((run) => run.id)).to.deep.equal([app.id, first.id]);
            });

            it("lets exactly one of two stores on one database win each stack when they start at once", async () => {
                const other = await site.open(clock.now);
                const stacks = Array.from({ length: 8 }, (_, index) => `application/dev/app-${index}`);
                const outcomes = await Promise.all(
                    stacks.flatMap((stack) => [
                        store.startRun(start({ stack, owner: "one" })),
                        other.startRun(start({ stack, owner: "two" })),
                    ]),
                );
                for (const stack of stacks) {
                    const forStack = outcomes.filter((outcome) => ("run" in outcome ? outcome.run : outcome.heldBy).stack === stack);
                    const winners = forStack.filter((outcome) => "run" in outcome);
                    expect(winners, stack).to.have.length(1);
                    const winner = started(winners[0]);
                    expect(forStack.find((outcome) => "heldBy" in outcome)).to.deep.equal({ heldBy: winner });
                }
                expect(await site.rows("runs")).to.have.length(stacks.length);
                expect(await site.rows("stack_locks")).to.have.length(stacks.length);
            });

            it("lets exactly one of two OS processes on one database win each stack", async function () {
                this.timeout(30_000);
                const stacks = Array.from({ length: 12 }, (_, index) => `application/dev/race-${index}`);
                const [one, two] = await raceProcesses(site.location, ["proc-one", "proc-two"], stacks);
                for (const stack of stacks) {
                    const winners = [one.won[stack], two.won[stack]].filter(Boolean);
                    expect(winners, stack).to.have.length(1);
                    expect(one.heldBy[stack] ?? two.heldBy[stack], stack).to.equal(winners[0]);
                }
                const runs = await site.rows("runs");
                expect(runs.map((run) => run.stack).sort()).to.deep.equal([...stacks].sort());
                const locks = await site.rows("stack_locks");
                expect(new Set(locks.map((lock) => lock.run_id))).to.deep.equal(new Set(runs.map((run) => run.id)));
            });

            it("is released when the run finishes, which records the outcome", async () => {
                const run = started(await store.startRun(start()));
                clock.advance(90);
                const finished = await store.finishRun(run.id, "succeeded", { result: result("platform/dev") });
                expect(finished).to.deep.equal({
                    ...run,
                    status: "succeeded",
                    finishedAt: "2026-11-26T12:01:30.000Z",
                    result: result("platform/dev"),
                });
                expect(await store.getRun(run.id)).to.deep.equal(finished);
                const next = started(await store.startRun(start({ kind: "deploy" })));
                expect(next.id).not.to.equal(run.id);
                const failed = await store.finishRun(next.id, "failed", { error: "the plan failed: no such cluster" });
                expect(failed.error).to.equal("the plan failed: no such cluster");
                expect(failed).not.to.have.property("result");
                await expectRejection(store.finishRun("no-such-run", "failed", {}), /no run no-such-run/);
            });

            it("is not released by a late finish of a run whose lock was recovered and taken again", async () => {
                const old = started(await store.startRun(start({ owner: "dead" })));
                await store.recoverInterrupted({ owners: ["dead"], staleBefore: new Date(0) });
                const current = started(await store.startRun(start({ owner: "alive" })));
                await store.finishRun(old.id, "failed", { error: "late" });
                expect(await store.startRun(start({ owner: "third" }))).to.deep.equal({ heldBy: current });
            });
        });

        describe("recovery", () => {
            it("interrupts the running runs of owners whose heartbeat is stale and frees their stacks", async () => {
                const dead = started(await store.startRun(start({ stack: "platform/dev", owner: "dead" })));
                const alive = started(await store.startRun(start({ stack: "platform/prod", environment: "prod", owner: "alive" })));
                const done = started(await store.startRun(start({ stack: "application/dev/shop", owner: "dead" })));
                await store.finishRun(done.id, "succeeded", {});
                clock.advance(60);
                await store.heartbeat("alive");
                const recoveredAt = clock.advance(5);

                const recovered = await store.recoverInterrupted({ staleBefore: new Date(recoveredAt.getTime() - 30_000) });
                expect(recovered).to.deep.equal([
                    { ...dead, status: "interrupted", finishedAt: recoveredAt.toISOString(), error: INTERRUPTED_ERROR },
                ]);
                expect((await store.getRun(alive.id))?.status).to.equal("running");
                expect((await store.getRun(done.id))?.status).to.equal("succeeded");
                started(await store.startRun(start({ stack: "platform/dev", owner: "alive" })));
                expect(await store.startRun(start({ stack: "platform/prod", environment: "prod", owner: "other" }))).to.deep.equal({
                    heldBy: alive,
                });
                expect(await store.recoverInterrupted({ staleBefore: new Date(recoveredAt.getTime() - 30_000) })).to.deep.equal([]);
                expect((await site.rows("owners")).map((row) => row.owner)).to.deep.equal(["alive"]);
            });

            it("interrupts every running run of the owners named, however fresh their heartbeat", async () => {
                const mine = [
                    started(await store.startRun(start({ stack: "platform/dev", owner: "restarted" }))),
                    started(await store.startRun(start({ stack: "application/dev/shop", owner: "restarted" }))),
                ];
                const theirs = started(await store.startRun(start({ stack: "platform/prod", owner: "neighbour" })));
                await store.heartbeat("restarted");
                const recovered = await store.recoverInterrupted({ owners: ["restarted"], staleBefore: new Date("2000-01-01T00:00:00Z") });
                expect(recovered.map((run) => run.id)).to.deep.equal(mine.map((run) => run.id));
                expect(recovered.every((run) => run.status === "interrupted" && run.error === INTERRUPTED_ERROR)).to.equal(true);
                expect((await store.getRun(theirs.id))?.status).to.equal("running");
                expect(await site.rows("stack_locks")).to.have.length(1);
            });

            it("keeps the locks of an owner that heartbeats, and its runs' cancellation requests", async () => {
                const run = started(await store.startRun(start({ owner: "busy" })));
                for (let beat = 0; beat < 3; beat++) {
                    clock.advance(20);
                    await store.heartbeat("busy");
                }
                expect(await store.recoverInterrupted({ staleBefore: new Date(clock.now().getTime() - 30_000) })).to.deep.equal([]);
                expect((await store.requestCancel(run.id))?.cancelRequested).to.equal(true);
                expect(await store.requestCancel("no-such-run")).to.equal(undefined);
                await store.finishRun(run.id, "cancelled", { error: "cancelled by alice" });
                const afterwards = started(await store.startRun(start()));
                await store.finishRun(afterwards.id, "succeeded", {});
                expect((await store.requestCancel(afterwards.id))?.cancelRequested).to.equal(false);
            });
        });

        describe("runs and events", () => {
            it("numbers each run's events 1, 2, 3... and resumes after a given seq", async () => {
                const run = started(await store.startRun(start()));
                const other = started(await store.startRun(start({ stack: "platform/prod" })));
                await store.appendEvent(run.id, "log", "planning platform/dev");
                await store.appendEvent(other.id, "log", "planning platform/prod");
                clock.advance(1);
                await store.appendEvent(run.id, "change", { urn: "urn:pulumi:dev::platform::aws:eks/cluster:Cluster::dev", op: "create" });
                const last = await store.appendEvent(run.id, "status", { status: "succeeded", counts: [1, 2] });
                expect(last).to.deep.equal({
                    runId: run.id,
                    seq: 3,
                    at: "2026-11-26T12:00:01.000Z",
                    kind: "status",
                    data: { status: "succeeded", counts: [1, 2] },
                });
                const all = await store.events(run.id, 0);
                expect(all.map((event) => [event.seq, event.kind])).to.deep.equal([
                    [1, "log"],
                    [2, "change"],
                    [3, "status"],
                ]);
                expect(all[0].data).to.equal("planning platform/dev");
                expect((await store.events(run.id, 2)).map((event) => event.seq)).to.deep.equal([3]);
                expect(await store.events(run.id, 3)).to.deep.equal([]);
                expect((await store.events(other.id, 0)).map((event) => event.seq)).to.deep.equal([1]);
                await expectRejection(store.appendEvent("no-such-run", "log", "x"), /no run no-such-run/);
            });

            it("gives concurrent appends from two stores distinct, gapless seqs", async () => {
                const other = await site.open(clock.now);
                const run = started(await store.startRun(start()));
                await Promise.all(
                    Array.from({ length: 20 }, (_, index) => (index % 2 ? store : other).appendEvent(run.id, "log", `line ${index}`)),
                );
                const seqs = (await store.events(run.id, 0)).map((event) => event.seq);
                expect(seqs).to.deep.equal(Array.from({ length: 20 }, (_, index) => index + 1));
            });

            it("lists runs newest first by stack or environment, and finds a stack's last run of a kind", async () => {
                const runs: RunRecord[] = [];
                for (const [stack, environment, kind, status] of [
                    ["platform/dev", "dev", "preview", "succeeded"],
                    ["platform/dev", "dev", "deploy", "failed"],
                    ["platform/prod", "prod", "preview", "succeeded"],
                    ["platform/dev", "dev", "preview", "failed"],
                ] as const) {
                    const run = started(await store.startRun(start({ stack, environment, kind })));
                    runs.push(await store.finishRun(run.id, status, {}));
                }
                expect((await store.listRuns({ stack: "platform/dev", limit: 10 })).map((run) => run.id)).to.deep.equal([
                    runs[3].id,
                    runs[1].id,
                    runs[0].id,
                ]);
                expect((await store.listRuns({ environment: "prod", limit: 10 })).map((run) => run.id)).to.deep.equal([runs[2].id]);
                expect((await store.listRuns({ limit: 2 })).map((run) => run.id)).to.deep.equal([runs[3].id, runs[2].id]);
                expect((await store.lastRun("platform/dev", "preview"))?.id).to.equal(runs[3].id);
                expect((await store.lastRun("platform/dev", "preview", "succeeded"))?.id).to.equal(runs[0].id);
                expect(await store.lastRun("platform/prod", "deploy")).to.equal(undefined);
                expect(await store.getRun("no-such-run")).to.equal(undefined);
            });
        });

        describe("applications, deployed plans and the audit log", () => {
            it("creates, reads, updates, lists and deletes applications per environment", async () => {
                const spec = { name: "shop", clusters: ["dev-euw1"], image: "shop:1.0", replicas: 2, env: { MODE: "dev" } };
                const created = await store.putApplication({ environment: "dev", name: "shop", spec, updatedBy: "alice" });
                expect(created).to.deep.equal({
                    environment: "dev",
                    name: "shop",
                    spec,
                    updatedBy: "alice",
                    updatedAt: "2026-11-26T12:00:00.000Z",
                });
                await store.putApplication({
                    environment: "dev",
                    name: "api",
                    spec: { name: "api", clusters: ["dev-euw1"] },
                    updatedBy: "alice",
                });
                await store.putApplication({
                    environment: "prod",
                    name: "shop",
                    spec: { ...spec, clusters: ["prod-euw1"] },
                    updatedBy: "carol",
                });
                clock.advance(10);
                const updated = await store.putApplication({
                    environment: "dev",
                    name: "shop",
                    spec: { ...spec, replicas: 5 },
                    updatedBy: "bob",
                });
                expect(updated).to.deep.equal({
                    environment: "dev",
                    name: "shop",
                    spec: { ...spec, replicas: 5 },
                    updatedBy: "bob",
                    updatedAt: "2026-11-26T12:00:10.000Z",
                });
                expect(await store.getApplication("dev", "shop")).to.deep.equal(updated);
                expect((await store.listApplications("dev")).map((app) => app.name)).to.deep.equal(["api", "shop"]);
                await store.deleteApplication("dev", "shop");
                expect(await store.getApplication("dev", "shop")).to.equal(undefined);
                expect((await store.listApplications("dev")).map((app) => app.name)).to.deep.equal(["api"]);
                expect((await store.getApplication("prod", "shop"))?.updatedBy).to.equal("carol");
            });

            it("keeps each stack's deployed plan exactly as saved, key order included, until it is replaced or deleted", async () => {
                const plan = {
                    version: 1,
                    project: "platform",
                    stack: "dev",
                    resources: [
                        {
                            urn: "urn:b",
                            type: "aws:s3/bucket:Bucket",
                            name: "logs",
                            inputs: { zeta: 1, alpha: { nested: [true, null, "x"] } },
                        },
                    ],
                    outputs: { kubeconfig: "[secret]", clusters: { "dev-euw1": { endpoint: "https://eks" } } },
                    summary: { resources: 1, byType: { "aws:s3/bucket:Bucket": 1 } },
                    warnings: [],
                } as unknown as PlanDocument;
                expect(await store.loadDeployedPlan("platform/dev")).to.equal(undefined);
                await store.saveDeployedPlan("platform/dev", plan);
                expect(JSON.stringify(await store.loadDeployedPlan("platform/dev"))).to.equal(JSON.stringify(plan));
                const next = { ...plan, resources: [] } as PlanDocument;
                await store.saveDeployedPlan("platform/dev", next);
                expect(await store.loadDeployedPlan("platform/dev")).to.deep.equal(next);
                expect(await store.loadDeployedPlan("platform/prod")).to.equal(undefined);
                await store.deleteDeployedPlan("platform/dev");
                expect(await store.loadDeployedPlan("platform/dev")).to.equal(undefined);
            });

            it("records audit rows and lists them newest first, by actor and by action", async () => {
                await store.audit({
                    actor: "alice",
                    action: "run.preview",
                    target: "platform/dev",
                    outcome: "allowed",
                    detail: { runId: "r1" },
                });
                clock.advance(1);
                await store.audit({ actor: "bob", action: "run.deploy", target: "platform/prod", outcome: "denied" });
                clock.advance(1);
                await store.audit({
                    actor: "alice",
                    action: "run.deploy",
                    target: "platform/dev",
                    outcome: "succeeded",
                    detail: { revision: "rev-1" },
                });
                const all = await store.listAudit({ limit: 10 });
                expect(all.map((row) => [row.actor, row.action, row.outcome])).to.deep.equal([
                    ["alice", "run.deploy", "succeeded"],
                    ["bob", "run.deploy", "denied"],
                    ["alice", "run.preview", "allowed"],
                ]);
                expect(all[0]).to.deep.equal({
                    id: all[0].id,
                    at: "2026-11-26T12:00:02.000Z",
                    actor: "alice",
                    action: "run.deploy",
                    target: "platform/dev",
                    outcome: "succeeded",
                    detail: { revision: "rev-1" },
                });
                expect(all[1]).not.to.have.property("detail");
                expect(all[0].id).to.be.greaterThan(all[1].id);
                expect((await store.listAudit({ limit: 10, actor: "alice" })).map((row) => row.action)).to.deep.equal([
                    "run.deploy",
                    "run.preview",
                ]);
                expect((await store.listAudit({ limit: 10, action: "run.deploy" })).map((row) => row.actor)).to.deep.equal([
                    "alice",
                    "bob",
                ]);
                expect((await store.listAudit({ limit: 10, actor: "bob", action: "run.preview" })).length).to.equal(0);
                expect((await store.listAudit({ limit: 1 })).map((row) => row.target)).to.deep.equal(["platform/dev"]);
            });
        });
    });
}

async function expectRejection(promise: Promise<unknown>, message?: RegExp): Promise<void> {
    let failure: unknown;
    await promise.catch((error) => (failure = error));
    expect(failure, "expected a rejection").to.be.instanceOf(Error);
    if (message) expect((failure as Error).message).to.match(message);
}
