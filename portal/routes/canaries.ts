import type { FastifyRequest } from "fastify";
import type { PortalContext, RegisterRoute } from "../app";
import { runCanaries } from "../canaries";
import { requireRun } from "./api";

/** The run's canaries as JSON: what the run page's script polls while a release is under way. */
export function registerCanaryRoutes(route: RegisterRoute, context: PortalContext): void {
    route("GET /api/runs/:run/canaries", async (request: FastifyRequest) => {
        const run = await requireRun(context, (request.params as Record<string, string>).run);
        return { run: run.id, ...(await runCanaries(context.canaryStatus, run, context.now())) };
    });
}
