import { expect } from "chai";
import { bearer, json, testPortal, withApplications, type TestPortal } from "./helpers";

const developer = (portal: TestPortal) => bearer(portal.tokens.developer);

const web = { name: "web", clusters: ["dev-euw1"], image: { repository: "web", tag: "v1" } };

describe("portal application changes are all or nothing", function () {
    let portal: TestPortal;
    afterEach(async () => {
        portal.engine.release();
        await portal.app.close();
    });

    /** Another replica's run on the stack, as the store records it: the stack's lock is taken. */
    const lockedByAnotherReplica = (stack: string, application: string) =>
        portal.store.startRun({
            stack,
            environment: "dev",
            application,
            kind: "preview",
            revision: "rev-1",
            actor: "alice",
            owner: "other",
        });

    const engineFails = () => {
        portal.engine.revision = async () => {
            throw new Error("cannot read the project's sources");
        };
    };

    describe("onboarding", () => {
        it("stores nothing when the application's stack is locked (409)", async () => {
            portal = await testPortal();
            await lockedByAnotherReplica("application/dev/web", "web");
            const response = await portal.app.inject({
                method: "POST",
                url: "/api/environments/dev/applications",
                payload: web,
                headers: developer(portal),
            });
            expect(response.statusCode, response.body).to.equal(409);
            expect(json(response).error).to.match(/^application\/dev\/web is busy: alice is running a preview/);
            expect(await portal.store.getApplication("dev", "web")).to.equal(undefined);
        });

        it("stores nothing when the engine cannot start the preview", async () => {
            portal = await testPortal();
            engineFails();
            const response = await portal.app.inject({
                method: "POST",
                url: "/api/environments/dev/applications",
                payload: web,
                headers: developer(portal),
            });
            expect(response.statusCode).to.equal(500);
            expect(await portal.store.getApplication("dev", "web")).to.equal(undefined);
            expect(portal.store.runs).to.deep.equal([]);
        });
    });

    describe("changing replicas or image", () => {
        const change = (portal: TestPortal) =>
            portal.app.inject({
                method: "POST",
                url: "/api/environments/dev/applications/shop",
                payload: { replicas: { min: 3 }, image: { tag: "v2" } },
                headers: developer(portal),
            });

        it("keeps the stored spec when a preview of the application is running (409)", async () => {
            portal = await testPortal({ engine: { hold: true } });
            await withApplications(portal.store);
            const before = await portal.store.getApplication("dev", "shop");
            const running = await portal.app.inject({
                method: "POST",
                url: "/api/environments/dev/applications/shop/preview",
                headers: developer(portal),
            });
            expect(running.statusCode).to.equal(202);

            const response = await change(portal);
            expect(response.statusCode).to.equal(409);
            expect(await portal.store.getApplication("dev", "shop")).to.deep.equal(before);
        });

        it("keeps the stored spec when the engine cannot start the preview", async () => {
            portal = await testPortal();
            await withApplications(portal.store);
            const before = await portal.store.getApplication("dev", "shop");
            engineFails();
            expect((await change(portal)).statusCode).to.equal(500);
            expect(await portal.store.getApplication("dev", "shop")).to.deep.equal(before);
        });

        it("stores the new spec once its preview has started", async () => {
            portal = await testPortal();
            await withApplications(portal.store);
            const response = await change(portal);
            expect(response.statusCode).to.equal(202);
            expect((await portal.store.getApplication("dev", "shop"))!.spec).to.deep.include({
                replicas: { min: 3 },
                image: { repository: "storefront", tag: "v2" },
            });
            expect(json(response).application.spec.image.tag).to.equal("v2");
            expect(portal.engine.calls).to.deep.include({ operation: "preview", stack: "application/dev/shop" });
        });
    });

    describe("removing", () => {
        it("keeps the application when its stack is locked (409) or the engine fails", async () => {
            portal = await testPortal();
            await withApplications(portal.store);
            const before = await portal.store.getApplication("dev", "shop");
            const remove = () =>
                portal.app.inject({ method: "POST", url: "/api/environments/dev/applications/shop/remove", headers: developer(portal) });

            const { heldBy } = (await lockedByAnotherReplica("application/dev/shop", "shop")) as { heldBy?: unknown };
            expect(heldBy).to.equal(undefined);
            expect((await remove()).statusCode).to.equal(409);
            expect(await portal.store.getApplication("dev", "shop")).to.deep.equal(before);

            await portal.store.finishRun("run-1", "succeeded", {});
            engineFails();
            expect((await remove()).statusCode).to.equal(500);
            expect(await portal.store.getApplication("dev", "shop")).to.deep.equal(before);
        });
    });
});
