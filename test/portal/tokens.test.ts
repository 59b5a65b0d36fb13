import { expect } from "chai";
import { bearer, csrfIn, json, signIn, testPortal, type TestPortal } from "./helpers";

const form = (fields: Record<string, string>) => ({
    payload: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
});

describe("portal tokens: listing and revocation", function () {
    let portal: TestPortal;
    const admin = () => bearer(portal.tokens["platform-admin"]);

    beforeEach(async () => {
        portal = await testPortal();
    });
    afterEach(async () => portal.app.close());

    /** A new token made through the API, as a platform-admin would hand it out. */
    async function made(name: string, role = "developer"): Promise<{ token: string; id: string }> {
        const response = await portal.app.inject({ method: "POST", url: "/api/tokens", headers: admin(), payload: { name, role } });
        expect(response.statusCode, response.body).to.equal(201);
        const id = portal.store.tokens.find((token) => token.name === name)!.id;
        return { token: json(response).token, id };
    }

    it("lists every token's id, name, role and dates, and never a hash or a token", async () => {
        const { token } = await made("ci-bot");
        const response = await portal.app.inject({ method: "GET", url: "/api/tokens", headers: admin() });
        expect(response.statusCode).to.equal(200);
        const listed = json<{ tokens: Record<string, unknown>[] }>(response).tokens;
        expect(listed.map((entry) => [entry.name, entry.role])).to.deep.equal([
            ["viewer", "viewer"],
            ["developer", "developer"],
            ["platform-admin", "platform-admin"],
            ["ci-bot", "developer"],
        ]);
        for (const entry of listed) expect(Object.keys(entry).sort()).to.deep.equal(["createdAt", "id", "name", "role"]);
        for (const secret of [token, ...Object.values(portal.tokens), ...portal.store.tokens.map((stored) => stored.hash)]) {
            expect(response.body).not.to.include(secret);
        }
    });

    it("revokes a token: it gets 401 from then on, stays listed with revokedAt, and the audit log names it", async () => {
        const { token, id } = await made("ci-bot");
        expect((await portal.app.inject({ method: "GET", url: "/api/whoami", headers: bearer(token) })).statusCode).to.equal(200);

        const response = await portal.app.inject({ method: "POST", url: `/api/tokens/${id}/revoke`, headers: admin() });
        expect(response.statusCode, response.body).to.equal(200);
        const revoked = json(response).token;
        expect(revoked).to.include({ id, name: "ci-bot", role: "developer" });
        expect(revoked.revokedAt).to.be.a("string");

        const refused = await portal.app.inject({ method: "GET", url: "/api/whoami", headers: bearer(token) });
        expect(refused.statusCode).to.equal(401);
        const listed = json(await portal.app.inject({ method: "GET", url: "/api/tokens", headers: admin() })).tokens;
        expect(listed.find((entry: { id: string }) => entry.id === id)).to.deep.equal(revoked);

        const audit = portal.store.auditRows.filter((row) => row.action === "token.revoke");
        expect(audit.map(({ actor, target, outcome, detail }) => ({ actor, target, outcome, token: detail?.token }))).to.deep.equal([
            { actor: "platform-admin", target: "ci-bot", outcome: "allowed", token: id },
        ]);
        expect(JSON.stringify(portal.store.auditRows)).not.to.include(token);
    });

    it("answers 404 for an unknown token and records the attempt", async () => {
        const response = await portal.app.inject({ method: "POST", url: "/api/tokens/no-such-token/revoke", headers: admin() });
        expect(response.statusCode).to.equal(404);
        expect(json(response).error).to.contain("no-such-token");
        const audit = portal.store.auditRows.filter((row) => row.action === "token.revoke");
        expect(audit.map((row) => [row.outcome, row.detail?.status])).to.deep.equal([["denied", 404]]);
    });

    it("ends a browser session signed in with a token on the request after its revocation", async () => {
        const { token, id } = await made("laptop");
        const { cookie, csrf } = await signIn(portal, token);
        const cookies = { berth_session: cookie };
        expect((await portal.app.inject({ method: "GET", url: "/runs", cookies })).statusCode).to.equal(200);

        await portal.app.inject({ method: "POST", url: `/api/tokens/${id}/revoke`, headers: admin() });

        const page = await portal.app.inject({ method: "GET", url: "/runs", cookies });
        expect(page.statusCode).to.equal(303);
        expect(page.headers.location).to.equal("/sign-in?next=%2Fruns");
        const api = await portal.app.inject({ method: "GET", url: "/api/whoami", cookies });
        expect(api.statusCode).to.equal(401);
        const preview = await portal.app.inject({
            method: "POST",
            url: "/api/environments/dev/preview",
            cookies,
            ...form({ _csrf: csrf }),
        });
        expect(preview.statusCode).to.equal(401);
        expect(portal.engine.calls).to.deep.equal([]);
    });

    it("shows a platform-admin the tokens page, whose Revoke form needs the session's CSRF token", async () => {
        const { token, id } = await made("ci-bot");
        const { cookie } = await signIn(portal, portal.tokens["platform-admin"]);
        const cookies = { berth_session: cookie };
        const page = await portal.app.inject({ method: "GET", url: "/tokens", cookies });
        expect(page.statusCode).to.equal(200);
        expect(page.body).to.contain("ci-bot").and.contain(`action="/api/tokens/${id}/revoke"`).and.contain('href="/tokens"');
        for (const stored of portal.store.tokens) expect(page.body).not.to.include(stored.hash);

        const forged = await portal.app.inject({ method: "POST", url: `/api/tokens/${id}/revoke`, cookies, ...form({}) });
        expect(forged.statusCode).to.equal(403);
        expect((await portal.app.inject({ method: "GET", url: "/api/whoami", headers: bearer(token) })).statusCode).to.equal(200);

        const revoke = await portal.app.inject({
            method: "POST",
            url: `/api/tokens/${id}/revoke`,
            cookies,
            ...form({ _csrf: csrfIn(page.body) }),
        });
        expect(revoke.statusCode).to.equal(303);
        expect(revoke.headers.location).to.equal("/tokens");
        expect((await portal.app.inject({ method: "GET", url: "/api/whoami", headers: bearer(token) })).statusCode).to.equal(401);
        const after = await portal.app.inject({ method: "GET", url: "/tokens", cookies });
        expect(after.body).to.contain("revoked").and.not.contain(`action="/api/tokens/${id}/revoke"`);
    });

    it("leaves the Tokens link out of the navigation below platform-admin", async () => {
        const { cookie } = await signIn(portal, portal.tokens.developer);
        const page = await portal.app.inject({ method: "GET", url: "/", cookies: { berth_session: cookie } });
        expect(page.body).to.contain('href="/audit"').and.not.contain('href="/tokens"');
    });
});
