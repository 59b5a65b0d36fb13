import { expect } from "chai";
import { ROUTES, type RouteKey } from "../../portal/access";
import type { Role } from "../../portal/store/types";
import { bearer, testPortal, withApplications, type TestPortal } from "./helpers";

const ROLES: Role[] = ["viewer", "developer", "platform-admin"];
const RANK: Record<Role, number> = { viewer: 0, developer: 1, "platform-admin": 2 };

/**
 * The role each route needs, written out here rather than read from ROUTES: in dev, and in prod where it differs.
 * "public" routes need no sign-in.
 */
const EXPECTED: Record<RouteKey, { dev: Role | "public"; prod?: Role }> = {
    "GET /healthz": { dev: "public" },
    "GET /static/:file": { dev: "public" },
    "GET /sign-in": { dev: "public" },
    "POST /sign-in": { dev: "public" },
    "POST /sign-out": { dev: "viewer" },
    "GET /": { dev: "viewer" },
    "GET /environments/:environment": { dev: "viewer" },
    "GET /environments/:environment/applications/new": { dev: "developer" },
    "GET /environments/:environment/applications/:application": { dev: "viewer" },
    "GET /runs": { dev: "viewer" },
    "GET /runs/:run": { dev: "viewer" },
    "GET /audit": { dev: "viewer" },
    "GET /tokens": { dev: "platform-admin" },
    "GET /api/whoami": { dev: "viewer" },
    "GET /api/environments": { dev: "viewer" },
    "GET /api/environments/:environment": { dev: "viewer" },
    "POST /api/environments/:environment/preview": { dev: "developer", prod: "developer" },
    "POST /api/environments/:environment/deploy": { dev: "platform-admin", prod: "platform-admin" },
    "GET /api/environments/:environment/applications": { dev: "viewer" },
    "POST /api/environments/:environment/applications": { dev: "developer", prod: "platform-admin" },
    "GET /api/environments/:environment/applications/:application": { dev: "viewer" },
    "POST /api/environments/:environment/applications/:application": { dev: "developer", prod: "platform-admin" },
    "POST /api/environments/:environment/applications/:application/preview": { dev: "developer", prod: "developer" },
    "POST /api/environments/:environment/applications/:application/deploy": { dev: "developer", prod: "platform-admin" },
    "POST /api/environments/:environment/applications/:application/remove": { dev: "developer", prod: "platform-admin" },
    "GET /api/runs": { dev: "viewer" },
    "GET /api/runs/:run": { dev: "viewer" },
    "GET /api/runs/:run/events": { dev: "viewer" },
    "GET /api/runs/:run/stream": { dev: "viewer" },
    "GET /api/runs/:run/canaries": { dev: "viewer" },
    // The run is a preview in dev, a platform deploy in prod (see runFor).
    "POST /api/runs/:run/cancel": { dev: "developer", prod: "platform-admin" },
    "GET /api/tokens": { dev: "platform-admin" },
    "POST /api/tokens": { dev: "platform-admin" },
    "POST /api/tokens/:token/revoke": { dev: "platform-admin" },
    "GET /api/audit": { dev: "viewer" },
};

let counter = 0;

/** A request for the route with real parameters, and a body that passes input checks where the route takes one. */
function requestFor(key: RouteKey, environment: string, runId: string) {
    const [method, pattern] = key.split(" ") as ["GET" | "POST", string];
    const url = pattern
        .replace(":environment", environment)
        .replace(":application", "shop")
        .replace(":run", runId)
        .replace(":file", "portal.css");
    counter += 1;
    const payloads: Partial<Record<RouteKey, object>> = {
        "POST /api/environments/:environment/applications": {
            name: `app${counter}`,
            clusters: [`${environment}-euw1`],
            image: { repository: "storefront", tag: "v1" },
        },
        "POST /api/environments/:environment/applications/:application": { replicas: { min: 2 } },
        "POST /api/tokens": { role: "viewer", name: `made-${counter}` },
    };
    return { method, url, payload: method === "POST" ? (payloads[key] ?? {}) : undefined };
}

async function runFor(portal: TestPortal, environment: string): Promise<string> {
    const started = await portal.store.startRun(
        environment === "prod"
            ? { stack: "platform/prod", environment, kind: "deploy", revision: "rev-1", actor: "someone", owner: "elsewhere" }
            : {
                  stack: "application/dev/shop",
                  environment,
                  application: "shop",
                  kind: "preview",
                  revision: "rev-1",
                  actor: "someone",
                  owner: "elsewhere",
              },
    );
    if ("heldBy" in started) throw new Error("the run's stack is locked");
    // Finished at once, so that a stream of it ends and a cancellation of it is refused as 409, never as 403.
    await portal.store.finishRun(started.run.id, "succeeded", {});
    return started.run.id;
}

describe("portal access: every route with every role", function () {
    let portal: TestPortal;
    const runs: Record<string, string> = {};

    before(async () => {
        portal = await testPortal();
        await withApplications(portal.store);
        runs.dev = await runFor(portal, "dev");
        runs.prod = await runFor(portal, "prod");
    });
    after(async () => portal.app.close());

    it("lists every route the app serves, and the app serves every route listed", () => {
        for (const key of Object.keys(ROUTES) as RouteKey[]) {
            const [method, url] = key.split(" ");
            expect(portal.app.hasRoute({ method: method as "GET", url }), key).to.equal(true);
        }
        expect(Object.keys(EXPECTED).sort()).to.deep.equal(Object.keys(ROUTES).sort());
    });

    // POST /sign-in takes no token but the sign-in form's CSRF token: session.test.ts covers it.
    for (const key of (Object.keys(EXPECTED) as RouteKey[]).filter((key) => key !== "POST /sign-in")) {
        const expected = EXPECTED[key];
        for (const environment of expected.prod ? ["dev", "prod"] : ["dev"]) {
            const needed = environment === "prod" ? expected.prod! : expected.dev;
            for (const role of ROLES) {
                const allowed = needed === "public" || RANK[role] >= RANK[needed];
                it(`${key} in ${environment} as ${role}: ${allowed ? "allowed" : "403"}`, async () => {
                    const request = requestFor(key, environment, runs[environment]);
                    const response = await portal.app.inject({ ...request, headers: bearer(portal.tokens[role]) });
                    if (allowed) expect(response.statusCode, response.body).to.not.be.oneOf([401, 403]);
                    else expect(response.statusCode, response.body).to.equal(403);
                    if (!allowed) expect(JSON.parse(response.body).error).to.contain(`needs the ${needed} role`);
                });
            }
            if (needed !== "public") {
                it(`${key} in ${environment} without a token: refused`, async () => {
                    const request = requestFor(key, environment, runs[environment]);
                    const response = await portal.app.inject(request);
                    if (key.startsWith("GET /api/") || request.method === "POST") expect(response.statusCode).to.equal(401);
                    else expect(response.statusCode).to.equal(303) && expect(response.headers.location).to.match(/^\/sign-in\?next=/);
                });
            }
        }
    }

    it("refuses an unknown token with 401 and records the refusal", async () => {
        const response = await portal.app.inject({ method: "GET", url: "/api/whoami", headers: bearer("berth_not-a-real-token") });
        expect(response.statusCode).to.equal(401);
        const row = portal.store.auditRows.at(-1)!;
        expect(row).to.include({ actor: "anonymous", action: "auth.denied", outcome: "denied" });
        expect(row.detail).to.include({ reason: "unknown token" });
    });
});
