import * as fs from "fs";
import * as path from "path";
import { PostgresStore } from "./postgres";
import { SqliteStore } from "./sqlite";
import { messageOf } from "../errors";
import type { Store } from "./types";

export interface OpenStoreOptions {
    /** BERTH_DATABASE_URL: a `postgres://` or `postgresql://` connection string. @default SQLite in `dataDir` */
    url?: string;
    /** BERTH_DATA_DIR: where the SQLite database lives (`berth.db`), created when missing. */
    dataDir: string;
    /** The clock for every time the store records. @default the system clock */
    now?: () => Date;
}

/** The SQLite database's file name inside the data directory. */
export const SQLITE_FILE = "berth.db";

const POSTGRES_SCHEMES = ["postgres:", "postgresql:"];

/**
 * Opens the portal's store and brings its schema up to date: PostgreSQL when `url` is a PostgreSQL connection
 * string, else SQLite at `<dataDir>/berth.db`. A failure names the setting to fix, with any password hidden.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
    const url = options.url?.trim();
    const store = url ? openPostgres(url, options.now) : openSqlite(options.dataDir, options.now);
    try {
        await store.migrate();
    } catch (error) {
        await store.close().catch(() => undefined);
        if (!url) {
            throw new Error(`cannot open the portal's database at BERTH_DATA_DIR (${sqliteFile(options.dataDir)}): ${messageOf(error)}`, {
                cause: error,
            });
        }
        // No `cause`: a driver's error may carry the connection's settings, and a logged cause prints them.
        throw new Error(
            `cannot open the portal's database at BERTH_DATABASE_URL (${redactUrl(url)}): ${hidePassword(messageOf(error), url)}`,
        );
    }
    return store;
}

function openPostgres(url: string, now: OpenStoreOptions["now"]): Store {
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0].toLowerCase();
    if (!scheme || !POSTGRES_SCHEMES.includes(scheme)) {
        throw new Error(
            `BERTH_DATABASE_URL (${redactUrl(url)}) must be a postgres:// or postgresql:// connection string; leave it unset to use SQLite in BERTH_DATA_DIR`,
        );
    }
    return new PostgresStore({ connectionString: url, now });
}

function openSqlite(dataDir: string, now: OpenStoreOptions["now"]): Store {
    const file = sqliteFile(dataDir);
    try {
        fs.mkdirSync(dataDir, { recursive: true });
        return new SqliteStore({ file, now });
    } catch (error) {
        throw new Error(`cannot open the portal's database at BERTH_DATA_DIR (${file}): ${messageOf(error)}`, { cause: error });
    }
}

/** Where the SQLite database of a data directory lives. */
export function sqliteFile(dataDir: string): string {
    return path.join(dataDir, SQLITE_FILE);
}

/** The connection string as it may be shown: the password replaced by `***`. */
export function redactUrl(url: string): string {
    try {
        const parsed = new URL(url);
        if (parsed.password) parsed.password = "***";
        for (const key of ["password", "sslpassword"]) if (parsed.searchParams.has(key)) parsed.searchParams.set(key, "***");
        return parsed.toString();
    } catch {
        // Not a URL the parser takes: keep only what cannot hold a password.
        return url.replace(/\/\/[^@/]*@/, "//***@").replace(/([?&](?:ssl)?password=)[^&]*/gi, "$1***");
    }
}

/** A driver's message with the connection string's password taken out, should the driver have quoted it. */
function hidePassword(message: string, url: string): string {
    let password = "";
    try {
        password = decodeURIComponent(new URL(url).password);
    } catch {
        password = /\/\/[^:/@]*:([^@/]*)@/.exec(url)?.[1] ?? "";
    }
    return password ? message.split(password).join("***").split(url).join(redactUrl(url)) : message;
}
