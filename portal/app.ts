import fastifyCookie from "@fastify/cookie";
import fastifyFormbody from "@fastify/formbody";
import Fastify, {
    type FastifyInstance,
    type FastifyReply,
    type FastifyRequest,
    type FastifyServerOptions,
    type RouteHandlerMethod,
} from "fastify";
import { randomBytes } from "crypto";
import * as os from "os";
import { canaryStatusReader } from "../delivery/canaryStatus/select";
import type { CanaryStatusReader } from "../delivery/canaryStatus/types";
import type { StackEngine } from "../delivery/operations/types";
import { ROUTES, atLeast, requiredRole, type Access, type RouteKey, type Scope } from "./access";
import { fromBrowserForm, givenCsrf, identify, type Identity } from "./auth";
import { EnvironmentFacts } from "./environments";
import { messageOf, PortalError } from "./errors";
import { errorPage } from "./pages/layout";
import { RunManager, DEFAULT_TIMING, type RunTiming } from "./runs";
import { SessionKeeper } from "./sessions";
import type { AuditRow, Store } from "./store/types";
import { registerApi } from "./routes/api";
import { registerCanaryRoutes } from "./routes/canaries";
import { registerPages } from "./routes/pages";

declare module "fastify" {
    interface FastifyContextConfig {
        access?: Access;
    }
    interface FastifyRequest {
        identity?: Identity;
        /** What the audit row names as the action's target, when the URL alone does not say (a token's name, a new application). */
        auditTarget?: string;
        /** Facts for the audit row: never a secret or a token. */
        auditDetail?: Record<string, unknown>;
        /** Why the request was refused, for the audit row. */
        refusal?: string;
    }
}

export interface PortalOptions {
    engine: StackEngine;
    store: Store;
    /** Signs session cookies and derives CSRF tokens (sessions.ts `loadSessionKey`). */
    sessionKey: Buffer;
    /** This process as the store's lock owner. @default `<host>:<pid>:<random>` */
    owner?: string;
    /** Owners of this host whose process is gone: their running runs are marked interrupted at start. @default [] */
    previousOwners?: string[];
    /** Heartbeat, staleness and cancellation-poll intervals. @default DEFAULT_TIMING */
    timing?: Partial<RunTiming>;
    /** Fastify's logger (pino options), or false for none. @default false */
    logger?: FastifyServerOptions["logger"];
    /** How often a live log stream asks the store for new events. @default 500 */
    streamPollMs?: number;
    /** The clock for sessions, staleness and the age of environment views. @default () => new Date() */
    now?: () => Date;
    /** Where a run page reads its canaries' live status. @default the clusters' API servers in automation mode, none offline */
    canaryStatus?: CanaryStatusReader;
}

/** How a route module registers its handler for one entry of the ROUTES table. */
export type RegisterRoute = (key: RouteKey, handler: RouteHandlerMethod) => void;

/** What the route modules share. */
export interface PortalContext {
    engine: StackEngine;
    store: Store;
    runs: RunManager;
    sessions: SessionKeeper;
    environments: EnvironmentFacts;
    canaryStatus: CanaryStatusReader;
    streamPollMs: number;
    now: () => Date;
}

/** This process as a lock owner: the host and pid let a restart on the same host find its dead predecessors. */
export function ownerId(): string {
    return `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

/**
 * The portal's fastify app: routes, the role and CSRF checks (one hook, from the ROUTES table), the audit log, and the
 * run manager, whose recovery of interrupted runs has happened when this resolves. Closing the app stops its runs.
 */
export async function createPortal(options: PortalOptions): Promise<FastifyInstance> {
    const now = options.now ?? (() => new Date());
    const app = Fastify({
        // Fastify's request log names method, URL and address: never headers or bodies, which carry tokens.
        logger: options.logger ?? false,
        // An application spec or a token request is a few kilobytes: anything near this is not one.
        bodyLimit: 256 * 1024,
    });
    const log = (line: string) => app.log.info(line);
    const runs = new RunManager({
        store: options.store,
        engine: options.engine,
        owner: options.owner ?? ownerId(),
        timing: { ...DEFAULT_TIMING, ...options.timing },
        log,
        now,
    });
    const context: PortalContext = {
        engine: options.engine,
        store: options.store,
        runs,
        sessions: new SessionKeeper(options.sessionKey),
        environments: new EnvironmentFacts(options.engine, options.store, now),
        canaryStatus: options.canaryStatus ?? canaryStatusReader(options.engine.mode),
        streamPollMs: options.streamPollMs ?? 500,
        now,
    };

    await app.register(fastifyCookie);
    await app.register(fastifyFormbody);
    app.addHook("onRoute", (route) => {
        if (!route.config?.access) throw new Error(`route ${String(route.method)} ${route.url} is not in portal/access.ts ROUTES`);
    });
    app.addHook("onRequest", async (_request, reply) => {
        reply.header("x-content-type-options", "nosniff");
        reply.header("x-frame-options", "DENY");
        reply.header("referrer-policy", "no-referrer");
        reply.header("content-security-policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
        reply.header("cache-control", "no-store");
    });
    app.addHook("preHandler", (request, reply) => authorize(context, request, reply));
    app.addHook("onSend", async (request, reply, payload) => {
        await auditResponse(context.store, request, reply.statusCode, log);
        return payload;
    });
    app.setErrorHandler(async (err, request, reply) => {
        const status = statusOf(err);
        const message = status >= 500 ? "internal error: see the portal's log" : messageOf(err);
        if (status >= 500) request.log.error({ err: { message: messageOf(err), stack: (err as Error).stack } }, "request failed");
        request.refusal = message;
        const extra = err instanceof PortalError ? err.extra : {};
        reply.status(status);
        if (fromBrowserForm(request) || acceptsHtml(request))
            return reply
                .type("text/html; charset=utf-8")
                .send(errorPage(status, message, extra, { identity: request.identity, mode: context.engine.mode }).text);
        return reply.send({ error: message, ...extra });
    });
    app.setNotFoundHandler(async (request, reply) => {
        reply.status(404);
        if (acceptsHtml(request))
            return reply.type("text/html; charset=utf-8").send(errorPage(404, "no such page", {}, { mode: context.engine.mode }).text);
        return reply.send({ error: `no route ${request.method} ${request.url.split("?")[0]}` });
    });

    const route: RegisterRoute = (key, handler) => {
        const [method, url] = key.split(" ") as ["GET" | "POST", string];
        app.route({ method, url, config: { access: ROUTES[key] }, handler });
    };
    registerPages(route, context);
    registerApi(route, context);
    registerCanaryRoutes(route, context);

    app.addHook("onClose", async () => runs.stop());
    await runs.start(options.previousOwners ?? []);
    return app;
}

/** The HTTP status for an error: the portal's own, the engine's unknown stack (404), fastify's (bad JSON: 400), else 500. */
function statusOf(err: unknown): number {
    if (err instanceof PortalError) return err.status;
    if (err instanceof Error && err.name === "UnknownStackError") return 404;
    const statusCode = (err as { statusCode?: unknown }).statusCode;
    return typeof statusCode === "number" && statusCode >= 400 && statusCode < 600 ? statusCode : 500;
}

/** A browser navigating (Accept names HTML first) rather than a script. */
function acceptsHtml(request: FastifyRequest): boolean {
    return (request.headers.accept ?? "").startsWith("text/html");
}

/** The one place roles and CSRF are checked, from the route's entry in ROUTES. */
async function authorize(context: PortalContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const access = request.routeOptions.config.access!;
    if (access.need === "public") return;
    const identity = await identify(request, context.store, context.sessions, context.now());
    if (identity === undefined || identity === "invalid") {
        request.refusal = identity === "invalid" ? "unknown token" : "not signed in";
        if (identity === undefined && request.method === "GET" && !request.url.startsWith("/api/")) {
            return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
        }
        return reply
            .status(401)
            .header("www-authenticate", 'Bearer realm="berth"')
            .send({ error: `${request.refusal}: send Authorization: Bearer <token>` });
    }
    request.identity = identity;
    const changesState = request.method !== "GET" && request.method !== "HEAD";
    if (changesState && identity.via === "session" && !context.sessions.checkCsrf(identity.sessionNonce!, givenCsrf(request))) {
        request.refusal = "missing or invalid CSRF token: reload the page and try again";
        return forbid(context, request, reply, request.refusal);
    }
    const scope = access.need === "change" || access.need === "cancel" ? await scopeOf(context, request, access.need) : undefined;
    const required = requiredRole(access.need, scope);
    if (!atLeast(identity.role, required)) {
        const where = scope ? ` (${scope.kind} stack in ${scope.prod ? "production" : "a non-production environment"})` : "";
        request.refusal = `needs the ${required} role${where}; ${identity.name} is ${identity.role}`;
        return forbid(context, request, reply, request.refusal);
    }
}

/** 403 with the reason: a page for a browser, JSON for a script. */
function forbid(context: PortalContext, request: FastifyRequest, reply: FastifyReply, message: string) {
    if (fromBrowserForm(request) || acceptsHtml(request)) {
        const page = errorPage(403, message, {}, { identity: request.identity, mode: context.engine.mode });
        return reply.status(403).type("text/html; charset=utf-8").send(page.text);
    }
    return reply.status(403).send({ error: message });
}

async function scopeOf(context: PortalContext, request: FastifyRequest, need: "change" | "cancel"): Promise<Scope | undefined> {
    const params = request.params as Record<string, string>;
    if (need === "cancel") {
        const run = await context.store.getRun(params.run);
        if (!run) return undefined;
        return {
            kind: run.application === undefined ? "platform" : "application",
            environment: run.environment,
            prod: await context.environments.isProd(run.environment),
            runKind: run.kind,
        };
    }
    const application = params.application !== undefined || request.routeOptions.url!.endsWith("/applications");
    return {
        kind: application ? "application" : "platform",
        environment: params.environment,
        prod: await context.environments.isProd(params.environment),
    };
}

/** One row for every state-changing request, and for every refused one. */
async function auditResponse(store: Store, request: FastifyRequest, status: number, log: (line: string) => void): Promise<void> {
    const access = request.routeOptions.config?.access;
    const refusedAccess = status === 401 || status === 403;
    if (!access?.action && !refusedAccess) return;
    const outcome: AuditRow["outcome"] = status < 400 ? "allowed" : status >= 500 ? "failed" : "denied";
    const detail: Record<string, unknown> = {
        method: request.method,
        route: request.routeOptions.url ?? request.url.split("?")[0],
        status,
        ...request.auditDetail,
    };
    if (request.refusal) detail.reason = request.refusal;
    try {
        await store.audit({
            actor: request.identity?.name ?? "anonymous",
            action: access?.action ?? "auth.denied",
            target: request.auditTarget ?? targetOf(request),
            outcome,
            detail,
        });
    } catch (err) {
        log(`could not write an audit row: ${messageOf(err)}`);
    }
}

function targetOf(request: FastifyRequest): string {
    const params = (request.params ?? {}) as Record<string, string>;
    if (params.run) return `run/${params.run}`;
    if (params.application) return `application/${params.environment}/${params.application}`;
    if (params.environment) return `platform/${params.environment}`;
    return request.url.split("?")[0];
}
