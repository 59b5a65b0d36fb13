import { expect } from "chai";
import type { ChildProcess } from "child_process";
import * as path from "path";
import { startPortal, type RunningPortal } from "../../portal/server";
import { FakeEngine } from "./fakes/engine";
import { spawnPortal, type PortalProcess } from "./helpers";
import { POSTGRES, SQLITE, type Dialect, type Site } from "./store/sites";

const ROOT = path.resolve(__dirname, "..", "..");

/** The portal's settings for one database: BERTH_DATABASE_URL for PostgreSQL, else SQLite in the data directory. */
function settingsFor(location: Site["location"]): Record<string, string> {
    return { PORT: "0", BERTH_DATA_DIR: location.dataDir, BERTH_DATABASE_URL: location.url ?? "" };
}

/** Starts the held portal in its own process. */
function spawnHeldPortal(location: Site["location"]): Promise<PortalProcess> {
    return spawnPortal(["-r", path.join(ROOT, "bin/register.js"), path.join(__dirname, "fixtures/heldPortal.ts")], {
        ...settingsFor(location),
        BERTH_LOG_LEVEL: "warn",
    });
}

async function call(url: string, token: string, method = "GET") {
    const response = await fetch(url, { method, headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
}

for (const dialect of [SQLITE, POSTGRES]) describeProcesses(dialect);

function describeProcesses(dialect: Dialect): void {
    const title = `portal processes on one database (${dialect.name}${dialect.unavailable ? `, skipped: ${dialect.unavailable}` : ""})`;
    describe(title, function () {
        this.timeout(60_000);
        let site: Site | undefined;
        const started: RunningPortal[] = [];
        let child: ChildProcess | undefined;

        before(async function () {
            if (dialect.unavailable) this.skip();
            site = await dialect.newSite();
        });
        after(async () => {
            child?.kill("SIGKILL");
            for (const portal of started) await portal.close();
            await site?.remove();
        });

        const inProcess = async () => {
            const portal = await startPortal({
                env: { ...settingsFor(site!.location), BERTH_LOG_LEVEL: "silent" },
                cwd: ROOT,
                stdout: () => {},
                engine: new FakeEngine(),
            });
            started.push(portal);
            return portal;
        };

        it("refuses a second process's operation on a locked stack (409), and recovers the run when the first process is killed", async () => {
            const first = await spawnHeldPortal(site!.location);
            child = first.child;
            const preview = await call(`${first.url}/api/environments/dev/preview`, first.token, "POST");
            expect(preview.status).to.equal(202);
            const runId = preview.body.run.id;

            const second = await inProcess();
            const health = (await (await fetch(`${second.url}/healthz`)).json()) as { store: string };
            expect(health.store).to.equal(dialect === POSTGRES ? "postgres" : "sqlite");
            const conflict = await call(`${second.url}/api/environments/dev/deploy`, first.token, "POST");
            expect(conflict.status).to.equal(409);
            expect(conflict.body.error).to.match(/^platform\/dev is busy: admin is running a preview/);

            first.child.kill("SIGKILL");
            await new Promise((resolve) => first.child.once("exit", resolve));
            child = undefined;

            // A portal started after the kill finds the dead process of this host among the owners and interrupts its run at once.
            const third = await inProcess();
            const run = await call(`${third.url}/api/runs/${runId}`, first.token);
            expect(run.body.run).to.include({ status: "interrupted" });
            const again = await call(`${third.url}/api/environments/dev/preview`, first.token, "POST");
            expect(again.status).to.equal(202);
        });
    });
}
