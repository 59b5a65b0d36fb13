// `npm run bench:portal`: many clients against one portal (offline engine), as a team's morning looks to it. Prints
// latency percentiles per kind of request and checks that every run the portal accepted ran exactly once, to the end,
// and that no two runs of one stack ever overlapped. Figures are printed, never asserted against a time.
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";

const ROOT = path.resolve(__dirname, "..");
const BERTH = path.join(ROOT, "bin", "berth.js");

interface Portal {
    url: string;
    token: string;
    process: ChildProcess;
    dataDir: string;
}

interface Run {
    id: string;
    stack: string;
    kind: string;
    status: string;
    startedAt: string;
    finishedAt?: string;
}

/** Latencies in milliseconds by kind of request, and the HTTP statuses seen. */
class Tally {
    readonly latencies = new Map<string, number[]>();
    readonly statuses = new Map<string, Map<number, number>>();

    record(kind: string, milliseconds: number, status: number): void {
        if (!this.latencies.has(kind)) this.latencies.set(kind, []);
        this.latencies.get(kind)!.push(milliseconds);
        const byStatus = this.statuses.get(kind) ?? new Map<number, number>();
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
        this.statuses.set(kind, byStatus);
    }
}

const percentile = (values: number[], p: number): number => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

/** `berth portal` on a fresh data directory, offline; resolves with its URL and the first token it prints. */
async function startPortal(): Promise<Portal> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-portal-bench-"));
    const port = await freePort();
    const child = spawn(process.execPath, [BERTH, "portal"], {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port), BERTH_DATA_DIR: dataDir, BERTH_ENGINE: "offline", BERTH_LOG_LEVEL: "warn" },
        stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    const token = await new Promise<string>((resolve, reject) => {
        child.stdout!.on("data", (chunk: Buffer) => {
            output += chunk.toString("utf8");
            const found = /^ {4}(\S+)$/m.exec(output);
            if (found) resolve(found[1]!);
        });
        child.once("exit", (code) => reject(new Error(`berth portal exited ${code} before printing its first token:\n${output}`)));
    });
    return { url: `http://127.0.0.1:${port}`, token, process: child, dataDir };
}

async function call(portal: Portal, tally: Tally, kind: string, method: string, route: string, body?: unknown) {
    const started = performance.now();
    const response = await fetch(`${portal.url}${route}`, {
        method,
        headers: { authorization: `Bearer ${portal.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    tally.record(kind, performance.now() - started, response.status);
    return { status: response.status, body: (response.headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : text };
}

/** An application for dev's cluster, as the onboarding form would send it. */
const application = (name: string) => ({
    name,
    clusters: ["dev-euw1"],
    image: { repository: "storefront", tag: "v1.4.2" },
    port: 8080,
});

async function runsOf(portal: Portal, tally: Tally): Promise<Run[]> {
    const { body } = await call(portal, tally, "GET /api/runs", "GET", "/api/runs?limit=500");
    return (body as { runs: Run[] }).runs;
}

async function waitUntilIdle(portal: Portal, tally: Tally, timeoutSeconds: number): Promise<Run[]> {
    const deadline = Date.now() + timeoutSeconds * 1000;
    for (;;) {
        const runs = await runsOf(portal, tally);
        if (runs.every((run) => run.status !== "running")) return runs;
        if (Date.now() > deadline) throw new Error(`runs still running after ${timeoutSeconds} s`);
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
}

/** Pairs of runs of one stack whose times overlap: the lock should make this list empty. */
function overlapping(runs: Run[]): string[] {
    const found: string[] = [];
    const byStack = new Map<string, Run[]>();
    for (const run of runs) byStack.set(run.stack, [...(byStack.get(run.stack) ?? []), run]);
    for (const [stack, list] of byStack) {
        const sorted = [...list].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
        for (let i = 1; i < sorted.length; i++) {
            if (sorted[i]!.startedAt < (sorted[i - 1]!.finishedAt ?? "")) found.push(`${stack}: ${sorted[i - 1]!.id} and ${sorted[i]!.id}`);
        }
    }
    return found;
}

/** One client: reads the pages a user reads, and asks for a preview of a stack now and then. */
async function client(portal: Portal, tally: Tally, index: number, rounds: number, stacks: string[], accepted: string[]): Promise<void> {
    for (let round = 0; round < rounds; round++) {
        await call(portal, tally, "GET / (page)", "GET", "/");
        await call(portal, tally, "GET /api/environments/dev", "GET", "/api/environments/dev");
        await call(portal, tally, "GET /api/runs", "GET", "/api/runs?limit=20");
        const route = stacks[(index + round) % stacks.length]!;
        const { status, body } = await call(portal, tally, "POST preview", "POST", route);
        if (status === 202) accepted.push((body as { run: Run }).run.id);
        else if (status !== 409) throw new Error(`POST ${route} answered ${status}: ${JSON.stringify(body)}`);
    }
}

/** `npm run bench:portal -- [--clients 50] [--rounds 3] [--applications 8]` */
export async function main(argv: string[]): Promise<number> {
    const { values } = parseArgs({
        args: argv,
        options: {
            clients: { type: "string", default: "50" },
            rounds: { type: "string", default: "3" },
            applications: { type: "string", default: "8" },
        },
    });
    const [clients, rounds, applications] = [values.clients, values.rounds, values.applications].map(Number);
    require("../bin/build").ensureBuilt();
    const portal = await startPortal();
    const tally = new Tally();
    try {
        // Applications to preview beside the two platform stacks; each onboarding starts a preview of its own.
        const names = Array.from({ length: applications! }, (_, i) => `load-${String(i + 1).padStart(2, "0")}`);
        const onboarded: string[] = [];
        for (const name of names) {
            const { status, body } = await call(
                portal,
                tally,
                "POST onboard",
                "POST",
                "/api/environments/dev/applications",
                application(name),
            );
            if (status !== 201) throw new Error(`onboarding ${name} answered ${status}: ${JSON.stringify(body)}`);
            onboarded.push((body as { run: Run }).run.id);
        }
        await waitUntilIdle(portal, tally, 600);

        const stacks = [
            "/api/environments/dev/preview",
            "/api/environments/prod/preview",
            ...names.map((name) => `/api/environments/dev/applications/${name}/preview`),
        ];
        const accepted: string[] = [];
        const started = performance.now();
        await Promise.all(Array.from({ length: clients! }, (_, index) => client(portal, tally, index, rounds!, stacks, accepted)));
        const loadSeconds = (performance.now() - started) / 1000;
        const runs = await waitUntilIdle(portal, tally, 900);
        const drainedSeconds = (performance.now() - started) / 1000;

        console.log(
            `Berth portal bench: ${clients} clients x ${rounds} rounds against one portal (offline engine, SQLite); ` +
                `node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}`,
        );
        for (const [kind, latencies] of tally.latencies) {
            const statuses = [...tally.statuses.get(kind)!].map(([status, count]) => `${count}x${status}`).join(" ");
            console.log(
                `  ${kind.padEnd(28)} p50 ${percentile(latencies, 50).toFixed(0).padStart(5)} ms  p95 ` +
                    `${percentile(latencies, 95).toFixed(0).padStart(5)} ms  (${latencies.length} requests: ${statuses})`,
            );
        }
        const ids = runs.map((run) => run.id);
        const expected = [...onboarded, ...accepted];
        const lost = expected.filter((id) => !ids.includes(id));
        const unexpected = ids.filter((id) => !expected.includes(id));
        const doubled = ids.filter((id, i) => ids.indexOf(id) !== i);
        const unfinished = runs.filter((run) => run.status !== "succeeded").map((run) => `${run.id} ${run.status}`);
        const overlaps = overlapping(runs);
        console.log(
            `  previews: ${accepted.length} accepted, ${tally.statuses.get("POST preview")?.get(409) ?? 0} refused while their stack was busy (409); ` +
                `load ${loadSeconds.toFixed(1)} s, all runs done after ${drainedSeconds.toFixed(1)} s`,
        );
        const problems = [
            ...lost.map((id) => `lost: ${id}`),
            ...unexpected.map((id) => `never accepted: ${id}`),
            ...doubled.map((id) => `doubled: ${id}`),
            ...unfinished.map((run) => `not succeeded: ${run}`),
            ...overlaps.map((pair) => `overlapping runs of ${pair}`),
        ];
        console.log(
            problems.length === 0
                ? `  runs: all ${expected.length} accepted runs recorded once and succeeded; no two runs of one stack overlapped`
                : `  runs: PROBLEMS\n    ${problems.join("\n    ")}`,
        );
        return problems.length === 0 ? 0 : 1;
    } finally {
        portal.process.kill("SIGTERM");
        await new Promise((resolve) => portal.process.once("exit", resolve));
        fs.rmSync(portal.dataDir, { recursive: true, force: true });
    }
}
