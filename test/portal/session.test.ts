import { expect } from "chai";
import { bearer, cookieOf, csrfIn, signIn, testPortal, type TestPortal } from "./helpers";

const form = (fields: Record<string, string>) => ({
    payload: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
});

describe("portal browser sessions and CSRF", () => {
    let portal: TestPortal;
    beforeEach(async () => (portal = await testPortal()));
    afterEach(async () => portal.app.close());

    it("signs in with a token into an HttpOnly, SameSite=Strict session cookie that holds no token", async () => {
        const form = await portal.app.inject({ method: "GET", url: "/sign-in" });
        const response = await portal.app.inject({
            method: "POST",
            url: "/sign-in",
            cookies: { berth_presession: cookieOf(form, "berth_presession").value },
            payload: new URLSearchParams({ token: portal.tokens.developer, _csrf: csrfIn(form.body), next: "/runs" }).toString(),
            headers: { "content-type": "application/x-www-form-urlencoded" },
        });
        expect(response.statusCode).to.equal(303);
        expect(response.headers.location).to.equal("/runs");
        const { value, header } = cookieOf(response, "berth_session");
        expect(header)
            .to.match(/HttpOnly/)
            .and.match(/SameSite=Strict/)
            .and.match(/Path=\//);
        expect(Buffer.from(value.split(".")[0], "base64url").toString()).to.not.contain(portal.tokens.developer);
        const page = await portal.app.inject({ method: "GET", url: "/runs", cookies: { berth_session: value } });
        expect(page.statusCode).to.equal(200);
        expect(page.body).to.contain("developer · developer");
    });

    it("refuses a sign-in without the form's CSRF token, and a wrong token", async () => {
        const noCsrf = await portal.app.inject({ method: "POST", url: "/sign-in", ...form({ token: portal.tokens.developer }) });
        expect(noCsrf.statusCode).to.equal(403);
        const page = await portal.app.inject({ method: "GET", url: "/sign-in" });
        const wrong = await portal.app.inject({
            method: "POST",
            url: "/sign-in",
            cookies: { berth_presession: cookieOf(page, "berth_presession").value },
            ...form({ token: "berth_wrong", _csrf: csrfIn(page.body) }),
        });
        expect(wrong.statusCode).to.equal(401);
        expect(wrong.body).to.contain("That token is not valid.");
        expect(portal.store.auditRows.map((row) => [row.action, row.outcome])).to.deep.equal([
            ["auth.sign-in", "denied"],
            ["auth.sign-in", "denied"],
        ]);
    });

    it("refuses a state-changing browser request without the session's CSRF token, in a form or a header", async () => {
        const { cookie, csrf } = await signIn(portal, portal.tokens.developer);
        const cookies = { berth_session: cookie };
        const missing = await portal.app.inject({ method: "POST", url: "/api/environments/dev/preview", cookies, ...form({}) });
        expect(missing.statusCode).to.equal(403);
        expect(missing.body).to.contain("missing or invalid CSRF token");
        const forged = await portal.app.inject({
            method: "POST",
            url: "/api/environments/dev/preview",
            cookies,
            ...form({ _csrf: csrf.slice(1) + "A" }),
        });
        expect(forged.statusCode).to.equal(403);
        const other = await signIn(portal, portal.tokens.developer);
        const foreign = await portal.app.inject({
            method: "POST",
            url: "/api/environments/dev/preview",
            cookies,
            ...form({ _csrf: other.csrf }),
        });
        expect(foreign.statusCode).to.equal(403);
        expect(portal.engine.calls).to.deep.equal([]);
        expect(portal.store.auditRows.filter((row) => row.action === "run.preview").map((row) => row.outcome)).to.deep.equal([
            "denied",
            "denied",
            "denied",
        ]);

        const viaForm = await portal.app.inject({
            method: "POST",
            url: "/api/environments/dev/preview",
            cookies,
            ...form({ _csrf: csrf }),
        });
        expect(viaForm.statusCode).to.equal(303);
        expect(viaForm.headers.location).to.equal("/runs/run-1");
        const viaHeader = await portal.app.inject({
            method: "POST",
            url: "/api/environments/prod/preview",
            cookies,
            headers: { "x-csrf-token": csrf },
            payload: {},
        });
        expect(viaHeader.statusCode).to.equal(202);
    });

    it("needs no CSRF token from a bearer-token client, which a browser never sends on its own", async () => {
        const response = await portal.app.inject({
            method: "POST",
            url: "/api/environments/dev/preview",
            headers: bearer(portal.tokens.developer),
        });
        expect(response.statusCode).to.equal(202);
    });

    it("sends a tampered or expired session to the sign-in page", async () => {
        const { cookie } = await signIn(portal, portal.tokens.viewer);
        const [payload, signature] = cookie.split(".");
        const session = JSON.parse(Buffer.from(payload, "base64url").toString());
        const tampered = Buffer.from(JSON.stringify({ ...session, expires: session.expires + 1 })).toString("base64url") + "." + signature;
        const response = await portal.app.inject({ method: "GET", url: "/runs", cookies: { berth_session: tampered } });
        expect(response.statusCode).to.equal(303);
        expect(response.headers.location).to.equal("/sign-in?next=%2Fruns");
    });

    it("never redirects after sign-in to another site", async () => {
        const page = await portal.app.inject({ method: "GET", url: "/sign-in?next=//evil.example.com/" });
        expect(page.body).to.contain('name="next" value="/"');
    });

    it("escapes what users typed on every page", async () => {
        await portal.store.putApplication({
            environment: "dev",
            name: "shop",
            spec: { name: "shop", clusters: ["dev-euw1"], image: { repository: "<script>alert(1)</script>", tag: "v1" } },
            updatedBy: '"><img src=x>',
        });
        const { cookie } = await signIn(portal, portal.tokens.viewer);
        const page = await portal.app.inject({
            method: "GET",
            url: "/environments/dev/applications/shop",
            cookies: { berth_session: cookie },
        });
        expect(page.body).to.not.contain("<script>alert").and.not.contain('"><img');
        expect(page.body).to.contain("&lt;script&gt;alert(1)&lt;/script&gt;");
        expect(page.headers["content-security-policy"]).to.contain("default-src 'self'");
    });
});
