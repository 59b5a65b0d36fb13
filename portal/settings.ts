import * as path from "path";

/** How the portal is started, from its environment variables. */
export interface PortalSettings {
    /** PORT. @default 8080 */
    port: number;
    /** BERTH_PORTAL_HOST: the address to listen on. @default 127.0.0.1 (this machine only) */
    host: string;
    /** BERTH_DATA_DIR, absolute: the SQLite database, the session key, the process registry. @default ./.berth-data */
    dataDir: string;
    /** BERTH_DATABASE_URL: a PostgreSQL connection string; unset for SQLite in the data directory. */
    databaseUrl?: string;
    /** BERTH_SESSION_SECRET: the key that signs browser sessions; replicas share it. @default a random key in the data directory */
    sessionSecret?: string;
}

/** The settings, or the one line that says which variable is wrong. */
export function readSettings(env: NodeJS.ProcessEnv, cwd: string): PortalSettings {
    const port = env.PORT === undefined || env.PORT === "" ? 8080 : Number(env.PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error(`PORT must be a port number from 0 to 65535 (got ${env.PORT})`);
    return {
        port,
        host: env.BERTH_PORTAL_HOST || "127.0.0.1",
        dataDir: path.resolve(cwd, env.BERTH_DATA_DIR || ".berth-data"),
        databaseUrl: env.BERTH_DATABASE_URL || undefined,
        sessionSecret: env.BERTH_SESSION_SECRET || undefined,
    };
}
