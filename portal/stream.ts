import type { FastifyReply, FastifyRequest } from "fastify";
import type { RunEvent, Store } from "./store/types";

/** A comment line every so often keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

/**
 * A run's events as server-sent events, read from the store (so any replica can serve any run's stream): each event
 * with its sequence number as the SSE id, so a reconnecting browser resumes after the last it saw (Last-Event-ID); an
 * "end" event once the run has finished and every event is sent.
 */
export async function streamRunEvents(
    request: FastifyRequest,
    reply: FastifyReply,
    store: Store,
    runId: string,
    after: number,
    pollMs: number,
): Promise<void> {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
        "x-content-type-options": "nosniff",
        // nginx and similar proxies would otherwise hold the stream back.
        "x-accel-buffering": "no",
    });
    let open = true;
    request.raw.on("close", () => (open = false));
    raw.write("retry: 2000\n\n");
    let lastWrite = Date.now();
    let seen = after;
    const send = (events: RunEvent[]) => {
        for (const event of events) {
            raw.write(`id: ${event.seq}\nevent: ${event.kind}\ndata: ${JSON.stringify({ at: event.at, data: event.data })}\n\n`);
            seen = event.seq;
            lastWrite = Date.now();
        }
    };
    try {
        while (open) {
            const events = await store.events(runId, seen);
            send(events);
            if (events.length > 0) continue;
            const run = await store.getRun(runId);
            if (!run || run.status !== "running") {
                // The outcome is stored after the last event: one more read, and nothing can follow.
                send(await store.events(runId, seen));
                raw.write(`event: end\ndata: ${JSON.stringify({ status: run?.status ?? "unknown" })}\n\n`);
                break;
            }
            if (Date.now() - lastWrite > KEEPALIVE_MS) {
                raw.write(": keepalive\n\n");
                lastWrite = Date.now();
            }
            await new Promise((resolve) => setTimeout(resolve, pollMs));
        }
    } catch (err) {
        request.log.error({ err: { message: (err as Error).message } }, "event stream failed");
    } finally {
        raw.end();
    }
}
