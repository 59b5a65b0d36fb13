import { expect } from "chai";
import * as path from "path";
import { Client } from "pg";
import { startPortal, type RunningPortal } from "../../portal/server";
import { hashToken } from "../../portal/tokens";
import { FakeEngine } from "./fakes/engine";
import { POSTGRES, SQLITE, type Dialect, type Site } from "./store/sites";

const ROOT = path.resolve(__dirname, "..", "..");
const TOKEN = /berth_[A-Za-z0-9_-]{43}/g;

for (const dialect of [SQLITE, POSTGRES]) describeBootstrap(dialect);

function describeBootstrap(dialect: Dialect): void {
    const title = `the first start of replicas on a fresh database (${dialect.name}${dialect.unavailable ? `, skipped: ${dialect.unavailable}` : ""})`;
    describe(title, function () {
        this.timeout(30_000);
        let site: Site;
        const started: RunningPortal[] = [];

        before(function () {
            if (dialect.unavailable) this.skip();
        });
        beforeEach(async () => (site = await dialect.newSite()));
        afterEach(async () => {
            for (const portal of started.splice(0)) await portal.close();
            await site?.remove();
        });

        it("creates and prints one admin token when three replicas start together", async () => {
            const env = {
                PORT: "0",
                BERTH_DATA_DIR: site.location.dataDir,
                BERTH_DATABASE_URL: site.location.url ?? "",
                BERTH_LOG_LEVEL: "silent",
            };
            // Migrated already, as by a replica that stopped before its first token: the replicas meet at the token, not
            // one after the other at the schema's migration lock.
            await (await site.open()).close();
            const printed = ["", "", ""];
            const gate = dialect === POSTGRES ? await holdTokensTable(site.location.url!) : undefined;
            const starting = Promise.all(
                printed.map((_, index) =>
                    startPortal({ env, cwd: ROOT, stdout: (text) => (printed[index] += text), engine: new FakeEngine() }),
                ),
            );
            await gate?.releaseWhenWaiting(printed.length);
            started.push(...(await starting));

            const tokens = printed.flatMap((text) => text.match(TOKEN) ?? []);
            expect(tokens, printed.join("\n---\n")).to.have.length(1);
            const rows = await site.rows("tokens");
            expect(rows.map((row) => ({ name: row.name, role: row.role, hash: row.token_hash }))).to.deep.equal([
                { name: "admin", role: "platform-admin", hash: hashToken(tokens[0]) },
            ]);
        });

        it("lets only one of two stores racing on a fresh database create the first token", async () => {
            const [one, two] = [await site.open(), await site.open()];
            const created = await Promise.all([
                one.createFirstToken("admin", "platform-admin", "hash-one"),
                two.createFirstToken("admin", "platform-admin", "hash-two"),
            ]);
            expect(created.filter((record) => record !== undefined)).to.have.length(1);
            expect(await one.countTokens()).to.equal(1);
            expect(await one.createFirstToken("later", "platform-admin", "hash-three")).to.equal(undefined);
        });
    });
}

/**
 * PostgreSQL: holds the tokens table (reads included) until `replicas` connections wait for it, so that every replica
 * reaches the first-token step before any of them takes it; SQLite's replicas in one process interleave without help.
 */
async function holdTokensTable(url: string) {
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query("BEGIN");
    await client.query("LOCK TABLE tokens IN ACCESS EXCLUSIVE MODE");
    return {
        async releaseWhenWaiting(replicas: number) {
            try {
                for (let waited = 0; ; waited += 20) {
                    const { rows } = await client.query(
                        "SELECT count(*)::int AS waiting FROM pg_locks WHERE relation = 'tokens'::regclass AND NOT granted",
                    );
                    if (rows[0].waiting >= replicas || waited > 10_000) break;
                    await new Promise((resolve) => setTimeout(resolve, 20));
                }
            } finally {
                await client.query("COMMIT");
                await client.end();
            }
        },
    };
}
