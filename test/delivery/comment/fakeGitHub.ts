import * as http from "http";
import type { AddressInfo } from "net";

/** One request the fake API received. */
export interface Received {
    method: string;
    path: string;
    authorization?: string;
    body?: unknown;
}

/** What the fake API answers to one request; by default 200 with an empty list. */
export interface Answer {
    status?: number;
    headers?: Record<string, string>;
    body?: unknown;
}

/** A stand-in for GitHub's REST API on 127.0.0.1 that records every request and answers through `handle`. */
export class FakeGitHub {
    readonly received: Received[] = [];
    private server?: http.Server;

    constructor(private readonly handle: (request: Received, url: string) => Answer) {}

    get url(): string {
        return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    }

    async start(): Promise<void> {
        this.server = http.createServer((req, res) => {
            let text = "";
            req.on("data", (chunk) => (text += chunk));
            req.on("end", () => {
                const request: Received = {
                    method: req.method ?? "",
                    path: req.url ?? "",
                    authorization: req.headers.authorization,
                    body: text ? JSON.parse(text) : undefined,
                };
                this.received.push(request);
                const answer = this.handle(request, this.url);
                res.writeHead(answer.status ?? 200, { "content-type": "application/json", ...answer.headers });
                res.end(JSON.stringify(answer.body ?? []));
            });
        });
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    }

    async stop(): Promise<void> {
        await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    }
}
