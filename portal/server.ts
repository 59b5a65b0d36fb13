import type { FastifyInstance } from "fastify";
import * as fs from "fs";
import type { StackEngine } from "../delivery/operations/types";
import { createPortal, ownerId } from "./app";
import { OwnerRegistry } from "./owners";
import type { RunTiming } from "./runs";
import { loadSessionKey } from "./sessions";
import { readSettings } from "./settings";
import { openStore } from "./store/open";
import type { Store } from "./store/types";
import { bootstrapAdminToken } from "./tokens";

export interface StartPortalOptions {
    env: NodeJS.ProcessEnv;
    cwd: string;
    /** The portal's own lines for its operator: where it listens, the first token. */
    stdout: (text: string) => void;
    /** The request log (JSON lines). @default process.stderr */
    logStream?: NodeJS.WritableStream;
    /** An engine to use instead of the one the environment selects (tests). */
    engine?: StackEngine;
    timing?: Partial<RunTiming>;
}

export interface RunningPortal {
    app: FastifyInstance;
    url: string;
    store: Store;
    /** Stops accepting requests, interrupts this process's runs (recorded as interrupted), closes the store. */
    close(): Promise<void>;
}

/** Starts the portal as `berth portal` and `npm start` do: settings from the environment, store, engine, first token, listen. */
export async function startPortal(options: StartPortalOptions): Promise<RunningPortal> {
    const settings = readSettings(options.env, options.cwd);
    fs.mkdirSync(settings.dataDir, { recursive: true });
    const store = await openStore({ url: settings.databaseUrl, dataDir: settings.dataDir });
    let engine: StackEngine & { close?: () => Promise<void> };
    let reason = "given by the caller";
    try {
        if (options.engine) engine = options.engine;
        else {
            const { createEngine } = await import("../delivery/operations/select");
            const created = await createEngine({ state: store, env: options.env });
            engine = created.engine;
            reason = created.choice.reason;
        }
    } catch (err) {
        await store.close();
        throw err;
    }
    const firstToken = await bootstrapAdminToken(store);
    const owners = new OwnerRegistry(settings.dataDir);
    const previousOwners = owners.deadOwners();
    const owner = ownerId();
    owners.register(owner);
    const app = await createPortal({
        engine,
        store,
        sessionKey: loadSessionKey(settings.dataDir, settings.sessionSecret),
        owner,
        previousOwners,
        timing: options.timing,
        logger: { level: options.env.BERTH_LOG_LEVEL || "info", stream: options.logStream ?? process.stderr },
    });
    owners.forget(previousOwners);
    const address = await app.listen({ port: settings.port, host: settings.host });
    const where = settings.databaseUrl ? "PostgreSQL (BERTH_DATABASE_URL)" : `SQLite in ${settings.dataDir}`;
    options.stdout(`Berth portal listening on ${address} (${engine.mode} engine: ${reason}; ${where})\n`);
    if (engine.mode === "offline") {
        options.stdout(
            "Offline mode: previews and deploys are plans against Pulumi's mock engine; a deploy records the plan and touches no cloud.\n",
        );
    }
    if (firstToken) {
        options.stdout(
            `First start: created the platform-admin token "admin". It is shown only this once; sign in with it and keep it safe:\n\n    ${firstToken}\n\n`,
        );
    }
    return {
        app,
        url: address,
        store,
        close: async () => {
            await app.close();
            await engine.close?.();
            await store.close();
            owners.forget([owner]);
        },
    };
}
