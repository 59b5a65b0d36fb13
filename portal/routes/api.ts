import type { FastifyReply, FastifyRequest } from "fastify";
import { stackKey } from "../../delivery/operations/types";
import { PortalActions } from "../actions";
import type { PortalContext, RegisterRoute } from "../app";
import { fromBrowserForm } from "../auth";
import { badInput, notFound, PortalError } from "../errors";
import { bodyOf, changeFrom, specFromForm } from "../input";
import { ROLES, type Role, type RunRecord } from "../store/types";
import { streamRunEvents } from "../stream";
import { createToken, defaultTokenName, TOKEN_NAME, TOKEN_NAME_RULE } from "../tokens";

type Params = Record<string, string>;

/** The JSON API. Its state-changing routes also take the pages' forms, answering those with a redirect to the result. */
export function registerApi(route: RegisterRoute, context: PortalContext): void {
    const actions = new PortalActions(context);
    const { store, engine } = context;
    const actor = (request: FastifyRequest) => request.identity!.name;
    const params = (request: FastifyRequest) => request.params as Params;

    route("GET /api/whoami", async (request) => ({ name: request.identity!.name, role: request.identity!.role, mode: engine.mode }));

    route("GET /api/environments", async () => ({ mode: engine.mode, environments: await context.environments.list() }));

    route("GET /api/environments/:environment", async (request) => {
        const { environment } = params(request);
        await actions.requireEnvironment(environment);
        const stack = stackKey({ kind: "platform", environment });
        const [view, prod, lastPreview, lastDeploy, applications] = await Promise.all([
            context.environments.describe(environment),
            context.environments.isProd(environment),
            store.lastRun(stack, "preview"),
            store.lastRun(stack, "deploy"),
            store.listApplications(environment),
        ]);
        return { ...view, mode: engine.mode, prod, lastPreview, lastDeploy, applications };
    });

    route("POST /api/environments/:environment/preview", async (request, reply) => {
        const run = await actions.preview(await actions.platformTarget(params(request).environment), actor(request));
        return started(request, reply, run);
    });

    route("POST /api/environments/:environment/deploy", async (request, reply) => {
        const run = await actions.deploy(await actions.platformTarget(params(request).environment), actor(request));
        return started(request, reply, run);
    });

    route("GET /api/environments/:environment/applications", async (request) => {
        const { environment } = params(request);
        await actions.requireEnvironment(environment);
        return { applications: await store.listApplications(environment) };
    });

    route("POST /api/environments/:environment/applications", async (request, reply) => {
        const { environment } = params(request);
        const body = bodyOf(request.body);
        const spec = fromBrowserForm(request) ? specFromForm(body) : body;
        if (typeof spec.name === "string") request.auditTarget = `application/${environment}/${spec.name}`;
        const { application, run } = await actions.onboard(environment, spec, actor(request));
        request.auditDetail = { run: run.id };
        if (fromBrowserForm(request)) return reply.redirect(`/runs/${encodeURIComponent(run.id)}`, 303);
        return reply.status(201).send({ application, run });
    });

    route("GET /api/environments/:environment/applications/:application", async (request) => {
        const { environment, application } = params(request);
        const record = await actions.requireApplication(environment, application);
        const stack = stackKey({ kind: "application", environment, application, spec: record.spec });
        const [lastPreview, lastDeploy] = await Promise.all([store.lastRun(stack, "preview"), store.lastRun(stack, "deploy")]);
        return { application: record, lastPreview, lastDeploy };
    });

    route("POST /api/environments/:environment/applications/:application", async (request, reply) => {
        const { environment, application } = params(request);
        const change = changeFrom(bodyOf(request.body), fromBrowserForm(request));
        request.auditDetail = { change: Object.keys(change) };
        const result = await actions.change(environment, application, change, actor(request));
        request.auditDetail.run = result.run.id;
        if (fromBrowserForm(request)) return reply.redirect(`/runs/${encodeURIComponent(result.run.id)}`, 303);
        return reply.status(202).send(result);
    });

    route("POST /api/environments/:environment/applications/:application/preview", async (request, reply) => {
        const { environment, application } = params(request);
        return started(request, reply, await actions.preview(await actions.applicationTarget(environment, application), actor(request)));
    });

    route("POST /api/environments/:environment/applications/:application/deploy", async (request, reply) => {
        const { environment, application } = params(request);
        return started(request, reply, await actions.deploy(await actions.applicationTarget(environment, application), actor(request)));
    });

    route("POST /api/environments/:environment/applications/:application/remove", async (request, reply) => {
        const { environment, application } = params(request);
        return started(request, reply, await actions.remove(environment, application, actor(request)));
    });

    route("GET /api/runs", async (request) => {
        const query = request.query as Params;
        return { runs: await store.listRuns({ environment: query.environment, stack: query.stack, limit: limitOf(query.limit) }) };
    });

    route("GET /api/runs/:run", async (request) => ({ run: await requireRun(context, params(request).run) }));

    route("GET /api/runs/:run/events", async (request) => {
        const run = await requireRun(context, params(request).run);
        const after = Number((request.query as Params).after ?? 0);
        if (!Number.isInteger(after) || after < 0) throw badInput("after", "must be the sequence number of the last event seen, 0 for all");
        return { run: run.id, status: run.status, events: await store.events(run.id, after) };
    });

    route("GET /api/runs/:run/stream", async (request, reply) => {
        const run = await requireRun(context, params(request).run);
        const resume = Number(request.headers["last-event-id"] ?? (request.query as Params).after ?? 0);
        await streamRunEvents(request, reply, store, run.id, Number.isInteger(resume) && resume > 0 ? resume : 0, context.streamPollMs);
    });

    route("POST /api/runs/:run/cancel", async (request, reply) => {
        const { run: id } = params(request);
        const run = await requireRun(context, id);
        request.auditTarget = run.stack;
        request.auditDetail = { run: run.id, status: run.status };
        if (run.status !== "running") throw new PortalError(409, `run ${run.id} is ${run.status} already: there is nothing to cancel`);
        const cancelled = await context.runs.cancel(run.id);
        if (fromBrowserForm(request)) return reply.redirect(`/runs/${encodeURIComponent(run.id)}`, 303);
        return reply.status(202).send({ run: cancelled });
    });

    route("POST /api/tokens", async (request, reply) => {
        const body = bodyOf(request.body);
        const role = body.role;
        if (typeof role !== "string" || !ROLES.includes(role as Role)) throw badInput("role", `must be one of ${ROLES.join(", ")}`);
        const name = body.name === undefined ? defaultTokenName(role as Role) : body.name;
        if (typeof name !== "string" || !TOKEN_NAME.test(name)) throw badInput("name", TOKEN_NAME_RULE);
        request.auditTarget = name;
        request.auditDetail = { role };
        const { token, record } = await createToken(store, name, role as Role);
        return reply.status(201).send({ token, name: record.name, role: record.role, note: "shown once: the portal keeps only its hash" });
    });

    route("GET /api/tokens", async () => ({ tokens: await store.listTokens() }));

    route("POST /api/tokens/:token/revoke", async (request, reply) => {
        const { token: id } = params(request);
        request.auditDetail = { token: id };
        const revoked = await store.revokeToken(id);
        if (!revoked) throw notFound(`token ${id}`);
        request.auditTarget = revoked.name;
        if (fromBrowserForm(request)) return reply.redirect("/tokens", 303);
        return { token: revoked };
    });

    route("GET /api/audit", async (request) => {
        const query = request.query as Params;
        return { audit: await store.listAudit({ limit: limitOf(query.limit), actor: query.actor, action: query.action }) };
    });
}

export async function requireRun(context: PortalContext, id: string): Promise<RunRecord> {
    const run = await context.store.getRun(id);
    if (!run) throw notFound(`run ${id}`);
    return run;
}

export function limitOf(value: string | undefined): number {
    if (value === undefined) return 50;
    const limit = Number(value);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw badInput("limit", "must be a whole number from 1 to 500");
    return limit;
}

/** 202 with the run for a script; for a form, the run's page. */
function started(request: FastifyRequest, reply: FastifyReply, run: RunRecord) {
    request.auditTarget = run.stack;
    request.auditDetail = { ...request.auditDetail, run: run.id, revision: run.revision };
    if (fromBrowserForm(request)) return reply.redirect(`/runs/${encodeURIComponent(run.id)}`, 303);
    return reply.status(202).send({ run });
}
