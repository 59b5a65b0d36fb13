import { expect } from "chai";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { spawn, type ChildProcess } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { Page } from "playwright-core";
import { Writable } from "stream";
import { createPortal, type PortalOptions } from "../../portal/app";
import type { Role } from "../../portal/store/types";
import { createToken } from "../../portal/tokens";
import { FakeEngine, type FakeEngineOptions } from "./fakes/engine";
import { MemoryStore } from "./fakes/store";

const REPO = path.resolve(__dirname, "..", "..");
/** Where a browser test leaves the page it failed on. */
const FAILED_PAGES = path.join(REPO, "test-artifacts", "portal");

export interface TestPortal {
    app: FastifyInstance;
    store: MemoryStore;
    engine: FakeEngine;
    tokens: Record<Role, string>;
    /** Every line the portal's logger wrote. */
    logLines: string[];
}

/** A portal on the in-memory store and the fake engine, with one token per role (named after the role). */
export async function testPortal(
    options: { engine?: FakeEngineOptions; store?: MemoryStore; portal?: Partial<PortalOptions> } = {},
): Promise<TestPortal> {
    const store = options.store ?? new MemoryStore();
    const engine = new FakeEngine(options.engine);
    const logLines: string[] = [];
    const stream = new Writable({
        write(chunk, _encoding, done) {
            logLines.push(...String(chunk).split("\n").filter(Boolean));
            done();
        },
    });
    const tokens = {} as Record<Role, string>;
    for (const role of ["viewer", "developer", "platform-admin"] as Role[]) {
        tokens[role] = (await createToken(store, role, role)).token;
    }
    const app = await createPortal({
        engine,
        store,
        sessionKey: randomBytes(32),
        logger: { level: "info", stream },
        timing: { heartbeatMs: 50, cancelPollMs: 20, staleAfterMs: 60_000 },
        streamPollMs: 20,
        ...options.portal,
    });
    return { app, store, engine, tokens, logLines };
}

/** A portal in a process of its own, listening, and the first token it printed. */
export interface PortalProcess {
    child: ChildProcess;
    url: string;
    token: string;
}

/**
 * Runs `node <args>` in the repository with `env` added to this process's, and resolves once the portal in it prints
 * where it listens and its first token; rejects, with what it wrote to stderr, if it exits first.
 */
export function spawnPortal(args: string[], env: Record<string, string>): Promise<PortalProcess> {
    const child = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    return new Promise((resolve, reject) => {
        let out = "";
        let err = "";
        child.stderr!.on("data", (chunk) => (err += chunk));
        child.stdout!.on("data", (chunk) => {
            out += chunk;
            const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
            const token = /(berth_[A-Za-z0-9_-]{43})/.exec(out)?.[1];
            if (url && token) resolve({ child, url, token });
        });
        child.on("exit", (code) => reject(new Error(`the portal process exited (${code}): ${err}`)));
    });
}

/**
 * For a browser test's afterEach: a test that failed leaves its page, whole, as test-artifacts/portal/<name>.png, for
 * whoever reads the failure. A passing test leaves nothing: each screenshot costs Chromium a tenth of a second.
 */
export async function keepFailedPage(test: Mocha.Test | undefined, page: Page | undefined, name: string): Promise<void> {
    if (test?.state !== "failed" || !page || page.isClosed()) return;
    fs.mkdirSync(FAILED_PAGES, { recursive: true });
    await page.screenshot({ path: path.join(FAILED_PAGES, `${name}.png`), fullPage: true });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function json<T = Record<string, any>>(response: LightMyRequestResponse): T {
    return JSON.parse(response.body) as T;
}

/** Waits until `check` holds, polling; fails after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await check())) {
        if (Date.now() > end) throw new Error("condition not met in time");
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}

/** An onboarded application "shop" in dev and prod, stored directly (no run). */
export async function withApplications(store: MemoryStore): Promise<void> {
    for (const environment of ["dev", "prod"]) {
        await store.putApplication({
            environment,
            name: "shop",
            spec: { name: "shop", clusters: [`${environment}-euw1`], image: { repository: "storefront", tag: "v1" } },
            updatedBy: "platform-admin",
        });
    }
}

/** The cookie's value from a response's Set-Cookie, and the header itself. */
export function cookieOf(response: LightMyRequestResponse, name: string): { value: string; header: string } {
    const headers = ([] as string[]).concat(response.headers["set-cookie"] ?? []);
    const header = headers.find((line) => line.startsWith(`${name}=`));
    if (!header) throw new Error(`no ${name} cookie in ${JSON.stringify(headers)}`);
    return { value: header.slice(name.length + 1).split(";")[0], header };
}

export const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

/** Signs in through the form as a browser does; returns the session cookie and the CSRF token of the pages. */
export async function signIn(portal: TestPortal, token: string): Promise<{ cookie: string; csrf: string }> {
    const form = await portal.app.inject({ method: "GET", url: "/sign-in" });
    const presession = cookieOf(form, "berth_presession").value;
    const response = await portal.app.inject({
        method: "POST",
        url: "/sign-in",
        cookies: { berth_presession: presession },
        payload: new URLSearchParams({ token, _csrf: csrfIn(form.body), next: "/" }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.statusCode, response.body).to.equal(303);
    const cookie = cookieOf(response, "berth_session").value;
    const page = await portal.app.inject({ method: "GET", url: "/", cookies: { berth_session: cookie } });
    return { cookie, csrf: csrfIn(page.body) };
}
