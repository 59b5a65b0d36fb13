import { expect } from "chai";
import { randomBytes } from "crypto";
import { createPortal } from "../../portal/app";
import { FakeEngine } from "./fakes/engine";
import { MemoryStore } from "./fakes/store";
import { bearer, eventually, json, testPortal, withApplications, type TestPortal } from "./helpers";

const admin = (portal: TestPortal) => bearer(portal.tokens["platform-admin"]);
const developer = (portal: TestPortal) => bearer(portal.tokens.developer);

describe("portal runs", function () {
    let portal: TestPortal;
    afterEach(async () => {
        portal.engine.release();
        await portal.app.close();
    });

    it("refuses a second operation on a stack with 409 naming who holds it, and takes it again once the first ends", async () => {
        portal = await testPortal({ engine: { hold: true } });
        const first = await portal.app.inject({ method: "POST", url: "/api/environments/dev/preview", headers: developer(portal) });
        expect(first.statusCode).to.equal(202);
        const second = await portal.app.inject({ method: "POST", url: "/api/environments/dev/deploy", headers: admin(portal) });
        expect(second.statusCode).to.equal(409);
        const body = json(second);
        expect(body.error).to.match(/^platform\/dev is busy: developer is running a preview \(run run-1/);
        expect(body.heldBy).to.include({ id: "run-1", actor: "developer" });
        // Another stack is free meanwhile.
        expect(
            (await portal.app.inject({ method: "POST", url: "/api/environments/prod/preview", headers: developer(portal) })).statusCode,
        ).to.equal(202);

        portal.engine.release();
        await eventually(async () => (await portal.store.getRun("run-1"))?.status === "succeeded");
        const again = await portal.app.inject({ method: "POST", url: "/api/environments/dev/deploy", headers: admin(portal) });
        expect(again.statusCode).to.equal(202);
    });

    describe("a production deploy", () => {
        it("is refused without a succeeded preview, naming the revision", async () => {
            portal = await testPortal();
            const response = await portal.app.inject({ method: "POST", url: "/api/environments/prod/deploy", headers: admin(portal) });
            expect(response.statusCode).to.equal(409);
            expect(json(response).error).to.equal(
                "a production deploy needs a succeeded preview of revision rev-1 first: run a preview of platform/prod",
            );
            expect(portal.engine.calls).to.deep.equal([]);
        });

        it("is refused when the preview was of another revision, and allowed after a preview of this one", async () => {
            portal = await testPortal();
            await portal.app.inject({ method: "POST", url: "/api/environments/prod/preview", headers: developer(portal) });
            await eventually(async () => (await portal.store.getRun("run-1"))?.status === "succeeded");
            portal.engine.revisionNow = "rev-2";
            const stale = await portal.app.inject({ method: "POST", url: "/api/environments/prod/deploy", headers: admin(portal) });
            expect(stale.statusCode).to.equal(409);
            expect(json(stale).error).to.contain("was of revision rev-1, but platform/prod is now at revision rev-2");

            await portal.app.inject({ method: "POST", url: "/api/environments/prod/preview", headers: developer(portal) });
            await eventually(async () => (await portal.store.getRun("run-2"))?.status === "succeeded");
            const fresh = await portal.app.inject({ method: "POST", url: "/api/environments/prod/deploy", headers: admin(portal) });
            expect(fresh.statusCode).to.equal(202);
            expect(json(fresh).run).to.include({ kind: "deploy", revision: "rev-2" });
        });

        it("does not count a failed preview", async () => {
            portal = await testPortal({ engine: { failing: ["preview"] } });
            await portal.app.inject({ method: "POST", url: "/api/environments/prod/preview", headers: admin(portal) });
            await eventually(async () => (await portal.store.getRun("run-1"))?.status === "failed");
            expect(
                (await portal.app.inject({ method: "POST", url: "/api/environments/prod/deploy", headers: admin(portal) })).statusCode,
            ).to.equal(409);
        });

        it("of an application is refused to a developer even after a preview", async () => {
            portal = await testPortal();
            await withApplications(portal.store);
            await portal.app.inject({
                method: "POST",
                url: "/api/environments/prod/applications/shop/preview",
                headers: developer(portal),
            });
            await eventually(async () => (await portal.store.getRun("run-1"))?.status === "succeeded");
            const refused = await portal.app.inject({
                method: "POST",
                url: "/api/environments/prod/applications/shop/deploy",
                headers: developer(portal),
            });
            expect(refused.statusCode).to.equal(403);
            const allowed = await portal.app.inject({
                method: "POST",
                url: "/api/environments/prod/applications/shop/deploy",
                headers: admin(portal),
            });
            expect(allowed.statusCode).to.equal(202);
        });
    });

    it("lets a developer deploy an application in dev without a preview", async () => {
        portal = await testPortal();
        await withApplications(portal.store);
        const response = await portal.app.inject({
            method: "POST",
            url: "/api/environments/dev/applications/shop/deploy",
            headers: developer(portal),
        });
        expect(response.statusCode).to.equal(202);
        await eventually(async () => (await portal.store.getRun(json(response).run.id))?.status === "succeeded");
    });

    it("cancels a running operation: the engine sees the abort, the run ends cancelled and its lock is free", async () => {
        portal = await testPortal({ engine: { hold: true } });
        const { run } = json(await portal.app.inject({ method: "POST", url: "/api/environments/dev/preview", headers: developer(portal) }));
        const cancel = await portal.app.inject({ method: "POST", url: `/api/runs/${run.id}/cancel`, headers: developer(portal) });
        expect(cancel.statusCode).to.equal(202);
        await eventually(async () => (await portal.store.getRun(run.id))?.status === "cancelled");
        expect((await portal.store.getRun(run.id))!.error).to.equal("cancelled on request");
        const again = await portal.app.inject({ method: "POST", url: `/api/runs/${run.id}/cancel`, headers: developer(portal) });
        expect(again.statusCode).to.equal(409);
        expect(
            (await portal.app.inject({ method: "POST", url: "/api/environments/dev/preview", headers: developer(portal) })).statusCode,
        ).to.equal(202);
    });

    it("cancels a run owned by another replica through the store: the owner sees the request at its next poll", async () => {
        const store = new MemoryStore();
        portal = await testPortal({ store, engine: { hold: true } });
        const other = await createPortal({ engine: new FakeEngine(), store, sessionKey: randomBytes(32), owner: "other-replica" });
        try {
            const { run } = json(
                await portal.app.inject({ method: "POST", url: "/api/environments/dev/preview", headers: developer(portal) }),
            );
            const cancel = await other.inject({ method: "POST", url: `/api/runs/${run.id}/cancel`, headers: developer(portal) });
            expect(cancel.statusCode).to.equal(202);
            await eventually(async () => (await store.getRun(run.id))?.status === "cancelled");
        } finally {
            await other.close();
        }
    });

    it("records a failed operation with the engine's message, and releases the lock", async () => {
        portal = await testPortal({ engine: { failing: ["deploy"] } });
        const { run } = json(await portal.app.inject({ method: "POST", url: "/api/environments/dev/deploy", headers: admin(portal) }));
        await eventually(async () => (await portal.store.getRun(run.id))?.status === "failed");
        expect((await portal.store.getRun(run.id))!.error).to.equal("deploy failed: the engine said no");
        const events = await portal.store.events(run.id, 0);
        expect(events.at(-1)).to.deep.include({ kind: "status", data: { status: "failed", error: "deploy failed: the engine said no" } });
        expect(await portal.store.lastRun("platform/dev", "deploy", "failed")).to.include({ id: run.id });
    });

    it("removes an application: a destroy run, then the application is gone", async () => {
        portal = await testPortal();
        await withApplications(portal.store);
        const response = await portal.app.inject({
            method: "POST",
            url: "/api/environments/dev/applications/shop/remove",
            headers: developer(portal),
        });
        expect(response.statusCode).to.equal(202);
        await eventually(async () => (await portal.store.getApplication("dev", "shop")) === undefined);
        expect(portal.engine.calls).to.deep.equal([{ operation: "destroy", stack: "application/dev/shop" }]);
    });

    it("at start, marks interrupted the runs of this host's dead processes and of silent owners, releasing their locks", async () => {
        const store = new MemoryStore();
        const dead = await store.startRun({
            stack: "platform/dev",
            environment: "dev",
            kind: "deploy",
            revision: "r",
            actor: "a",
            owner: "host:1:dead",
        });
        await store.heartbeat("host:1:dead");
        const alive = await store.startRun({
            stack: "platform/prod",
            environment: "prod",
            kind: "preview",
            revision: "r",
            actor: "a",
            owner: "host:2:alive",
        });
        await store.heartbeat("host:2:alive");
        portal = await testPortal({ store, portal: { previousOwners: ["host:1:dead"] } });
        expect((await store.getRun((dead as { run: { id: string } }).run.id))!.status).to.equal("interrupted");
        expect((await store.getRun((alive as { run: { id: string } }).run.id))!.status).to.equal("running");
        expect(
            (await portal.app.inject({ method: "POST", url: "/api/environments/dev/preview", headers: developer(portal) })).statusCode,
        ).to.equal(202);
    });

    it("interrupts its own runs when it is closed, so that no lock outlives the process", async () => {
        portal = await testPortal({ engine: { hold: true } });
        const { run } = json(await portal.app.inject({ method: "POST", url: "/api/environments/dev/preview", headers: developer(portal) }));
        await portal.app.close();
        expect((await portal.store.getRun(run.id))!.status).to.equal("interrupted");
        portal = await testPortal({ store: portal.store });
    });

    it("answers 404 for an unknown environment, application or run, and 400 naming the field for bad input", async () => {
        portal = await testPortal();
        const cases: [string, string, object | undefined, number, string?][] = [
            ["POST", "/api/environments/staging/preview", undefined, 404],
            ["GET", "/api/environments/staging", undefined, 404],
            ["POST", "/api/environments/dev/applications/nope/deploy", undefined, 404],
            ["GET", "/api/runs/run-99", undefined, 404],
            [
                "POST",
                "/api/environments/dev/applications",
                { name: "Bad Name", clusters: ["dev-euw1"], image: { repository: "s", tag: "v" } },
                400,
                "name",
            ],
            [
                "POST",
                "/api/environments/dev/applications",
                { name: "ok", clusters: ["other"], image: { repository: "s" } },
                400,
                "clusters[0]",
            ],
            ["POST", "/api/environments/dev/applications", { clusters: [] }, 400, "name"],
            ["POST", "/api/tokens", { role: "root" }, 400, "role"],
            ["GET", "/api/runs?limit=0", undefined, 400, "limit"],
        ];
        for (const [method, url, payload, status, field] of cases) {
            const response = await portal.app.inject({ method: method as "GET", url, payload: payload as object, headers: admin(portal) });
            expect(response.statusCode, `${method} ${url}: ${response.body}`).to.equal(status);
            if (field) expect(json(response).field, url).to.equal(field);
        }
        await withApplications(portal.store);
        const badChange = await portal.app.inject({
            method: "POST",
            url: "/api/environments/dev/applications/shop",
            payload: { replicas: { min: "two" } },
            headers: admin(portal),
        });
        expect(badChange.statusCode).to.equal(400);
        expect(json(badChange)).to.include({ field: "replicas.min" });
        const all = json(
            await portal.app.inject({
                method: "POST",
                url: "/api/environments/dev/applications",
                payload: { name: "ok", clusters: ["x"], image: {} },
                headers: admin(portal),
            }),
        );
        expect(all.problems.map((problem: { field: string }) => problem.field)).to.deep.equal(["clusters[0]", "image.repository", "image"]);
    });

    it("changes an application's replicas or image: validated, previewed, stored", async () => {
        portal = await testPortal();
        await withApplications(portal.store);
        const response = await portal.app.inject({
            method: "POST",
            url: "/api/environments/dev/applications/shop",
            payload: { replicas: { min: 2, max: 4 }, image: { tag: "v2" } },
            headers: developer(portal),
        });
        expect(response.statusCode).to.equal(202);
        const stored = (await portal.store.getApplication("dev", "shop"))!;
        expect(stored.spec).to.deep.include({ replicas: { min: 2, max: 4 }, image: { repository: "storefront", tag: "v2" } });
        expect(stored.updatedBy).to.equal("developer");
        expect(json(response).run).to.include({ kind: "preview", stack: "application/dev/shop" });
    });
});
