import { expect } from "chai";
import * as http from "http";
import type { AddressInfo } from "net";
import { bearer, json, testPortal, type TestPortal } from "./helpers";

/** Reads a server-sent event stream to its end; `onOpen` runs once the response has started. */
function readStream(
    url: string,
    headers: Record<string, string>,
    onOpen: () => void = () => {},
): Promise<{ status: number; type: string; text: string }> {
    return new Promise((resolve, reject) => {
        http.get(url, { headers }, (response) => {
            let text = "";
            onOpen();
            response.on("data", (chunk) => (text += chunk));
            response.on("end", () => resolve({ status: response.statusCode!, type: String(response.headers["content-type"]), text }));
        }).on("error", reject);
    });
}

function parseEvents(text: string): { id?: string; event: string; data: any }[] {
    return text
        .split("\n\n")
        .filter((block) => block.includes("data: "))
        .map((block) => {
            const field = (name: string) =>
                block
                    .split("\n")
                    .find((line) => line.startsWith(`${name}: `))
                    ?.slice(name.length + 2);
            return { id: field("id"), event: field("event")!, data: JSON.parse(field("data")!) };
        });
}

describe("portal live logs (server-sent events)", () => {
    let portal: TestPortal;
    let base: string;
    beforeEach(async () => {
        portal = await testPortal({ engine: { hold: true } });
        await portal.app.listen({ port: 0, host: "127.0.0.1" });
        base = `http://127.0.0.1:${(portal.app.server.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
        portal.engine.release();
        await portal.app.close();
    });

    it("streams a run's events as they are stored, in order, and ends with the outcome", async () => {
        const { run } = json(
            await portal.app.inject({ method: "POST", url: "/api/environments/dev/preview", headers: bearer(portal.tokens.developer) }),
        );
        const stream = await readStream(`${base}/api/runs/${run.id}/stream`, bearer(portal.tokens.viewer), () =>
            setTimeout(() => portal.engine.release(), 100),
        );
        expect(stream.status).to.equal(200);
        expect(stream.type).to.equal("text/event-stream; charset=utf-8");
        const events = parseEvents(stream.text);
        expect(events.map((event) => event.event)).to.deep.equal(["status", "log", "change", "log", "status", "end"]);
        expect(events.map((event) => event.id)).to.deep.equal(["1", "2", "3", "4", "5", undefined]);
        expect(events[1].data.data).to.deep.equal({ line: "preview of platform/dev started" });
        expect(events[2].data.data).to.include({ op: "create", name: "platform" });
        expect(events.at(-1)!.data).to.deep.equal({ status: "succeeded" });
    });

    it("resumes after the Last-Event-ID a reconnecting browser sends", async () => {
        portal.engine.release();
        const { run } = json(
            await portal.app.inject({ method: "POST", url: "/api/environments/dev/preview", headers: bearer(portal.tokens.developer) }),
        );
        portal.engine.release();
        const stream = await readStream(
            `${base}/api/runs/${run.id}/stream`,
            { ...bearer(portal.tokens.viewer), "last-event-id": "3" },
            () => portal.engine.release(),
        );
        expect(parseEvents(stream.text).map((event) => event.id)).to.deep.equal(["4", "5", undefined]);
    });

    it("needs a signed-in reader, and a known run", async () => {
        expect((await readStream(`${base}/api/runs/run-1/stream`, {})).status).to.equal(401);
        expect((await readStream(`${base}/api/runs/run-9/stream`, bearer(portal.tokens.viewer))).status).to.equal(404);
    });
});
