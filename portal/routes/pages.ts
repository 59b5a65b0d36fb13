import type { FastifyReply, FastifyRequest } from "fastify";
import * as fs from "fs";
import * as path from "path";
import { stackKey } from "../../delivery/operations/types";
import { PortalActions } from "../actions";
import type { PortalContext, RegisterRoute } from "../app";
import { CSRF_FIELD, clearCookie, PRESESSION_COOKIE, SESSION_COOKIE, setCookie } from "../auth";
import { messageOf, notFound } from "../errors";
import type { SafeHtml } from "../pages/html";
import { applicationPage, environmentPage, environmentsPage, onboardPage } from "../pages/environments";
import type { PageContext } from "../pages/layout";
import { auditPage, runPage, runsPage } from "../pages/runs";
import { runCanaries } from "../canaries";
import { signInPage } from "../pages/signIn";
import { tokensPage } from "../pages/tokens";
import { newNonce, SESSION_HOURS } from "../sessions";
import { hashToken } from "../tokens";
import { limitOf, requireRun } from "./api";

type Params = Record<string, string>;

/** The files under portal/static the pages load; nothing else is served from disk. */
const STATIC_FILES: Record<string, string> = { "portal.css": "text/css; charset=utf-8", "portal.js": "text/javascript; charset=utf-8" };

/** portal/static beside the sources; from the build (dist/portal/routes), the repository's own. */
const STATIC_DIR = [path.join(__dirname, "..", "static"), path.join(__dirname, "..", "..", "..", "portal", "static")].find((dir) =>
    fs.existsSync(path.join(dir, "portal.css")),
);

/** The browser UI: pages rendered on the server, forms posting to the API routes. */
export function registerPages(route: RegisterRoute, context: PortalContext): void {
    const actions = new PortalActions(context);
    const { store, engine } = context;
    const page = (request: FastifyRequest): PageContext => ({ identity: request.identity, mode: engine.mode });
    const send = (reply: FastifyReply, markup: SafeHtml) => reply.type("text/html; charset=utf-8").send(markup.text);
    const params = (request: FastifyRequest) => request.params as Params;

    route("GET /healthz", async () => ({ ok: true, mode: engine.mode, store: store.kind }));

    route("GET /static/:file", async (request, reply) => {
        const file = params(request).file;
        if (!Object.hasOwn(STATIC_FILES, file) || !STATIC_DIR) throw notFound(`file ${file}`);
        reply.header("cache-control", "public, max-age=300");
        return reply.type(STATIC_FILES[file]).send(fs.readFileSync(path.join(STATIC_DIR, file)));
    });

    route("GET /sign-in", async (request, reply) => {
        const nonce = newNonce();
        setCookie(reply, request, PRESESSION_COOKIE, nonce, 3600);
        const next = safeNext((request.query as Params).next);
        return send(reply, signInPage(context.sessions.csrfToken(nonce), next, undefined, engine.mode));
    });

    route("POST /sign-in", async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const nonce = request.cookies[PRESESSION_COOKIE];
        const next = safeNext(body.next);
        const again = (status: number, error: string) => {
            request.refusal = error;
            const fresh = newNonce();
            setCookie(reply, request, PRESESSION_COOKIE, fresh, 3600);
            return send(reply.status(status), signInPage(context.sessions.csrfToken(fresh), next, error, engine.mode));
        };
        if (!nonce || !context.sessions.checkCsrf(nonce, body[CSRF_FIELD]))
            return again(403, "The form expired or did not come from this portal: sign in again.");
        const token = typeof body.token === "string" ? body.token.trim() : "";
        const record = token === "" ? undefined : await store.findTokenByHash(hashToken(token));
        if (!record) return again(401, "That token is not valid.");
        request.identity = { name: record.name, role: record.role, via: "session" };
        clearCookie(reply, PRESESSION_COOKIE);
        setCookie(reply, request, SESSION_COOKIE, context.sessions.issue(hashToken(token), context.now()), SESSION_HOURS * 3600);
        return reply.redirect(next, 303);
    });

    route("POST /sign-out", async (_request, reply) => {
        clearCookie(reply, SESSION_COOKIE);
        return reply.redirect("/sign-in", 303);
    });

    route("GET /", async (request, reply) => send(reply, environmentsPage(await context.environments.list(), page(request))));

    route("GET /environments/:environment", async (request, reply) => {
        const { environment } = params(request);
        await actions.requireEnvironment(environment);
        const stack = stackKey({ kind: "platform", environment });
        const [described, prod, lastPreview, lastDeploy, applications] = await Promise.all([
            context.environments.describe(environment).then(
                (view) => ({ view, error: undefined }),
                (err) => ({ view: undefined, error: `Could not describe ${environment}: ${messageOf(err)}` }),
            ),
            context.environments.isProd(environment),
            store.lastRun(stack, "preview"),
            store.lastRun(stack, "deploy"),
            store.listApplications(environment),
        ]);
        return send(
            reply,
            environmentPage(
                { environment, prod, view: described.view, viewError: described.error, lastPreview, lastDeploy, applications },
                page(request),
            ),
        );
    });

    route("GET /environments/:environment/applications/new", async (request, reply) => {
        const { environment } = params(request);
        await actions.requireEnvironment(environment);
        const view = await context.environments.describe(environment);
        return send(
            reply,
            onboardPage(
                environment,
                view.review.clusters.map((cluster) => cluster.name),
                page(request),
            ),
        );
    });

    route("GET /environments/:environment/applications/:application", async (request, reply) => {
        const { environment, application } = params(request);
        const record = await actions.requireApplication(environment, application);
        const stack = stackKey({ kind: "application", environment, application, spec: record.spec });
        const [lastPreview, lastDeploy, prod] = await Promise.all([
            store.lastRun(stack, "preview"),
            store.lastRun(stack, "deploy"),
            context.environments.isProd(environment),
        ]);
        return send(reply, applicationPage({ environment, prod, application: record, lastPreview, lastDeploy }, page(request)));
    });

    route("GET /runs", async (request, reply) => {
        const query = request.query as Params;
        return send(
            reply,
            runsPage(
                await store.listRuns({ environment: query.environment, stack: query.stack, limit: limitOf(query.limit ?? "100") }),
                page(request),
            ),
        );
    });

    route("GET /runs/:run", async (request, reply) => {
        const run = await requireRun(context, params(request).run);
        const [events, prod, canaries] = await Promise.all([
            store.events(run.id, 0),
            context.environments.isProd(run.environment),
            runCanaries(context.canaryStatus, run, context.now()),
        ]);
        return send(reply, runPage(run, events, prod, page(request), canaries));
    });

    route("GET /audit", async (request, reply) => {
        return send(reply, auditPage(await store.listAudit({ limit: 200 }), page(request)));
    });

    route("GET /tokens", async (request, reply) => send(reply, tokensPage(await store.listTokens(), page(request))));
}

/** Where to go after sign-in: a path on this portal only, never another site. */
function safeNext(value: unknown): string {
    return typeof value === "string" && /^\/(?![/\\])/.test(value) ? value : "/";
}
