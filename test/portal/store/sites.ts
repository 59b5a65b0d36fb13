import Database from "better-sqlite3";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";
import { openStore, sqliteFile } from "../../../portal/store/open";
import type { Store } from "../../../portal/store/types";

/** One empty database for one test: stores open on it, and its tables can be read behind the store's back. */
export interface Site {
    /** What `openStore` (and a child process) is given to reach this database. */
    location: { url?: string; dataDir: string };
    open(now?: () => Date): Promise<Store>;
    /** Every row of a table, read directly, not through the store. */
    rows(table: string): Promise<Record<string, unknown>[]>;
    /** Runs a statement directly, as another program (or a newer Berth) would. */
    execute(statement: string): Promise<void>;
    remove(): Promise<void>;
}

export interface Dialect {
    name: "SQLite" | "PostgreSQL";
    /** Why this dialect's tests cannot run here, or undefined when they can. */
    unavailable?: string;
    newSite(): Promise<Site>;
}

function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "berth-store-"));
}

export const SQLITE: Dialect = {
    name: "SQLite",
    async newSite() {
        const dataDir = tempDir();
        const opened: Store[] = [];
        return {
            location: { dataDir },
            async open(now) {
                const store = await openStore({ dataDir, now });
                opened.push(store);
                return store;
            },
            async rows(table) {
                const db = new Database(sqliteFile(dataDir), { readonly: true });
                try {
                    return db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
                } finally {
                    db.close();
                }
            },
            async execute(statement) {
                const db = new Database(sqliteFile(dataDir));
                try {
                    db.exec(statement);
                } finally {
                    db.close();
                }
            },
            async remove() {
                await Promise.all(opened.map((store) => store.close()));
                fs.rmSync(dataDir, { recursive: true, force: true });
            },
        };
    },
};

const POSTGRES_URL = process.env.BERTH_TEST_POSTGRES_URL;
let schemas = 0;

/** Each site is a schema of its own in the BERTH_TEST_POSTGRES_URL database, so tests and test runs never meet. */
export const POSTGRES: Dialect = {
    name: "PostgreSQL",
    unavailable: POSTGRES_URL
        ? undefined
        : "BERTH_TEST_POSTGRES_URL is unset (.ci/run starts Debian's PostgreSQL and sets it; or point it at any database you may create schemas in)",
    async newSite() {
        const schema = `berth_test_${process.pid}_${Date.now().toString(36)}_${schemas++}`;
        const admin = new Client({ connectionString: POSTGRES_URL });
        await admin.connect();
        await admin.query(`CREATE SCHEMA ${schema}`);
        const url = new URL(POSTGRES_URL!);
        url.searchParams.set("options", `-c search_path=${schema}`);
        const location = { url: url.toString(), dataDir: tempDir() };
        const opened: Store[] = [];
        return {
            location,
            async open(now) {
                const store = await openStore({ ...location, now });
                opened.push(store);
                return store;
            },
            async rows(table) {
                return (await admin.query(`SELECT * FROM ${schema}.${table}`)).rows;
            },
            async execute(statement) {
                await admin.query(`SET search_path TO ${schema}`);
                await admin.query(statement);
            },
            async remove() {
                await Promise.all(opened.map((store) => store.close()));
                await admin.query(`DROP SCHEMA ${schema} CASCADE`);
                await admin.end();
                fs.rmSync(location.dataDir, { recursive: true, force: true });
            },
        };
    },
};

/** A clock that only moves when a test moves it. */
export class TestClock {
    private current: Date;

    constructor(start = "2026-11-26T12:00:00.000Z") {
        this.current = new Date(start);
    }

    readonly now = (): Date => new Date(this.current);

    advance(seconds: number): Date {
        this.current = new Date(this.current.getTime() + seconds * 1000);
        return this.now();
    }
}
