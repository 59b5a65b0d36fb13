import { expect } from "chai";
import type { InjectOptions } from "fastify";
import { bearer, eventually, json, signIn, testPortal, withApplications, type TestPortal } from "./helpers";

describe("portal audit log and secrets", () => {
    let portal: TestPortal;
    beforeEach(async () => (portal = await testPortal()));
    afterEach(async () => portal.app.close());

    it("records every action, allowed or denied, with who, what, the target and the outcome", async () => {
        await withApplications(portal.store);
        const developer = bearer(portal.tokens.developer);
        const preview = json(await portal.app.inject({ method: "POST", url: "/api/environments/dev/preview", headers: developer }));
        await eventually(async () => (await portal.store.getRun(preview.run.id))?.status === "succeeded");
        await portal.app.inject({ method: "POST", url: "/api/environments/dev/deploy", headers: developer });
        await portal.app.inject({
            method: "POST",
            url: "/api/tokens",
            headers: bearer(portal.tokens["platform-admin"]),
            payload: { role: "viewer", name: "auditor" },
        });
        await portal.app.inject({
            method: "POST",
            url: "/api/environments/prod/applications/shop",
            headers: developer,
            payload: { image: { tag: "v9" } },
        });

        const rows = portal.store.auditRows.map((row) => [row.actor, row.action, row.target, row.outcome]);
        expect(rows).to.deep.equal([
            ["developer", "run.preview", "platform/dev", "allowed"],
            ["developer", "run.preview", "platform/dev", "succeeded"],
            ["developer", "run.deploy", "platform/dev", "denied"],
            ["platform-admin", "token.create", "auditor", "allowed"],
            ["developer", "application.change", "application/prod/shop", "denied"],
        ]);
        expect(portal.store.auditRows[2].detail).to.include({
            status: 403,
            reason: "needs the platform-admin role (platform stack in a non-production environment); developer is developer",
        });
        expect(portal.store.auditRows[3].detail).to.include({ role: "viewer" });
    });

    it("never shows or logs a token, the session cookie, or a secret output's real value", async () => {
        await withApplications(portal.store);
        const bodies: string[] = [];
        const record = async (request: InjectOptions) => {
            const response = await portal.app.inject(request);
            bodies.push(response.body, JSON.stringify(response.headers["location"] ?? ""));
            return response;
        };
        const session = await signIn(portal, portal.tokens.developer);
        const cookies = { berth_session: session.cookie };
        for (const url of [
            "/",
            "/environments/dev",
            "/environments/dev/applications/shop",
            "/runs",
            "/audit",
            "/environments/dev/applications/new",
        ]) {
            await record({ method: "GET", url, cookies });
        }
        const run = json(
            await record({
                method: "POST",
                url: "/api/environments/dev/applications/shop/preview",
                headers: bearer(portal.tokens.developer),
            }),
        );
        await eventually(async () => (await portal.store.getRun(run.run.id))?.status === "succeeded");
        await record({ method: "GET", url: `/runs/${run.run.id}`, cookies });
        const stored = json(await record({ method: "GET", url: `/api/runs/${run.run.id}`, headers: bearer(portal.tokens.viewer) }));
        await record({ method: "GET", url: "/api/audit", headers: bearer(portal.tokens.viewer) });
        await record({ method: "GET", url: "/api/whoami", headers: bearer("berth_" + "x".repeat(43)) });
        await record({
            method: "POST",
            url: "/api/environments/dev/preview",
            cookies,
            payload: "_csrf=wrong",
            headers: { "content-type": "application/x-www-form-urlencoded" },
        });

        const secrets = [...Object.values(portal.tokens), "x".repeat(43), session.cookie];
        const everything = [
            ...bodies,
            ...portal.logLines,
            ...portal.store.auditRows.map((row) => JSON.stringify(row)),
            ...[...portal.store.eventsByRun.values()].map((e) => JSON.stringify(e)),
        ];
        for (const secret of secrets) for (const text of everything) expect(text).to.not.contain(secret);
        // Secret outputs stay masked wherever they are shown.
        expect(stored.run.result.outputs.databasePassword).to.equal("[secret]");
        expect(portal.logLines.length).to.be.greaterThan(10);
    });
});
