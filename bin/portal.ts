import { parseArgs } from "util";
import type { CliContext } from "./berth";
import { PORTAL_USAGE } from "./usage";

/** `berth portal` (serve the portal) and `berth portal token create --role <role> [--name <name>]`. */
export async function portal(args: string[], context: CliContext): Promise<number> {
    const usageError = (message: string) => {
        context.stderr(`error: ${message}\n\n${PORTAL_USAGE}`);
        return 2;
    };
    let parsed;
    try {
        parsed = parseArgs({
            args: args.filter((arg) => arg !== "--"),
            options: { role: { type: "string" }, name: { type: "string" }, help: { type: "boolean", short: "h" } },
            allowPositionals: true,
            strict: true,
        });
    } catch (err) {
        return usageError((err as Error).message.split("\n")[0]);
    }
    const { values, positionals } = parsed;
    if (values.help) {
        context.stdout(PORTAL_USAGE);
        return 0;
    }
    const [action, ...rest] = positionals;
    if (action === undefined || action === "start") {
        if (rest.length > 0) return usageError(`unexpected arguments: ${rest.join(" ")}`);
        if (values.role !== undefined || values.name !== undefined)
            return usageError("--role and --name belong to berth portal token create");
        return serve(context);
    }
    if (action !== "token" || rest[0] !== "create" || rest.length > 1)
        return usageError(`unknown portal command "${positionals.join(" ")}"`);
    const { ROLES } = await import("../portal/store/types");
    const role = values.role;
    if (role === undefined) return usageError(`token create needs --role (${ROLES.join(", ")})`);
    if (!(ROLES as readonly string[]).includes(role)) return usageError(`--role must be one of ${ROLES.join(", ")} (got ${role})`);
    const { defaultTokenName, TOKEN_NAME, TOKEN_NAME_RULE } = await import("../portal/tokens");
    const name = values.name ?? defaultTokenName(role as (typeof ROLES)[number]);
    if (!TOKEN_NAME.test(name)) return usageError(`--name ${TOKEN_NAME_RULE}`);
    return createTokenCommand(context, role as (typeof ROLES)[number], name);
}

async function createTokenCommand(context: CliContext, role: "viewer" | "developer" | "platform-admin", name: string): Promise<number> {
    const { readSettings } = await import("../portal/settings");
    const { openStore } = await import("../portal/store/open");
    const { createToken } = await import("../portal/tokens");
    let store;
    try {
        const settings = readSettings(context.env, context.cwd);
        store = await openStore({ url: settings.databaseUrl, dataDir: settings.dataDir });
    } catch (err) {
        context.stderr(`error: ${(err as Error).message}\n`);
        return 2;
    }
    try {
        const { token, record } = await createToken(store, name, role);
        await store.audit({
            actor: "berth portal token create",
            action: "token.create",
            target: record.name,
            outcome: "succeeded",
            detail: { role },
        });
        context.stderr(`Created the ${role} token "${record.name}". It is shown only this once; the portal keeps only its hash:\n`);
        context.stdout(`${token}\n`);
        return 0;
    } finally {
        await store.close();
    }
}

/** Serves until SIGINT or SIGTERM, then stops cleanly: runs in flight are recorded as interrupted and their locks released. */
async function serve(context: CliContext): Promise<number> {
    const { startPortal } = await import("../portal/server");
    let running;
    try {
        running = await startPortal({ env: context.env, cwd: context.cwd, stdout: context.stdout });
    } catch (err) {
        context.stderr(`error: ${(err as Error).message}\n`);
        return 2;
    }
    if (!context.ownsProcess) {
        await running.close();
        return 0;
    }
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once("SIGINT", () => resolve("SIGINT"));
        process.once("SIGTERM", () => resolve("SIGTERM"));
    });
    context.stderr(`\n${signal}: stopping the portal\n`);
    await running.close();
    return 0;
}
