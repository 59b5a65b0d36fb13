import { expect } from "chai";
import type { CanarySummary } from "../../delivery/canaries";
import { emptyCounts } from "../../delivery/comment/changes";
import type { CanaryLiveStatus, CanaryStatusReader, CanaryStatusReport } from "../../delivery/canaryStatus/types";
import type { OperationResult } from "../../delivery/operations/types";
import type { RunKind } from "../../portal/store/types";
import { shopCanary } from "../helpers/canaries";
import { MemoryStore } from "./fakes/store";
import { bearer, json, testPortal, type TestPortal } from "./helpers";

/** When the runs below finish; the portal's clock starts half a minute later. */
const FINISHED = new Date("2026-01-05T10:00:00Z");

const SHOP = shopCanary();

/** A reader standing in for the clusters: answers `status` for every canary, and records what it was asked. */
class FakeClusterStatus implements CanaryStatusReader {
    readonly source = "cluster" as const;
    readonly asked: string[] = [];
    constructor(
        public status: CanaryLiveStatus | undefined,
        public error?: string,
    ) {}
    async read(environment: string, canaries: readonly CanarySummary[]): Promise<CanaryStatusReport> {
        this.asked.push(environment);
        return {
            source: this.source,
            canaries: canaries.map(({ resource, cluster, namespace, name }) => ({
                resource,
                cluster,
                namespace,
                name,
                status: this.status,
                error: this.error,
            })),
        };
    }
}

const PROGRESSING: CanaryLiveStatus = {
    phase: "Progressing",
    canaryWeight: 25,
    failedChecks: 1,
    iterations: 0,
    message: "Canary analysis: <script>alert('halted')</script>",
    lastTransitionTime: "2026-01-05T10:00:30Z",
};

async function finishedRun(portal: TestPortal, kind: RunKind, canaries: CanarySummary[]): Promise<string> {
    const started = await portal.store.startRun({
        stack: "application/dev/shop",
        environment: "dev",
        application: "shop",
        kind,
        revision: "rev-1",
        actor: "developer",
        owner: "elsewhere",
    });
    if ("heldBy" in started) throw new Error("the stack is locked");
    const result: OperationResult = {
        stack: "application/dev/shop",
        revision: "rev-1",
        changes: { stack: "application/dev/shop", source: "offline plan", resources: [], counts: emptyCounts() },
        outputs: {},
        canaries,
    };
    await portal.store.finishRun(started.run.id, "succeeded", { result });
    return started.run.id;
}

describe("portal: canary progress on the run page", () => {
    let portal: TestPortal;
    let now: Date;
    const viewer = () => bearer(portal.tokens.viewer);
    const page = async (id: string) => (await portal.app.inject({ method: "GET", url: `/runs/${id}`, headers: viewer() })).body;
    const status = async (id: string) => portal.app.inject({ method: "GET", url: `/api/runs/${id}/canaries`, headers: viewer() });
    const start = async (reader?: CanaryStatusReader) => {
        now = new Date(FINISHED.getTime() + 30_000);
        portal = await testPortal({ store: new MemoryStore(() => FINISHED), portal: { canaryStatus: reader, now: () => now } });
    };
    afterEach(async () => portal.app.close());

    it("shows each canary's cluster, namespace, target, hosts, steps, checks and times to promote and to roll back", async () => {
        await start(new FakeClusterStatus(PROGRESSING));
        const html = await page(await finishedRun(portal, "deploy", [SHOP]));
        const section = html.slice(html.indexOf('<section class="card" id="canaries"'));
        for (const fact of [
            "<h3>shop/shop</h3>",
            "<dd>dev-euw1</dd>",
            "Deployment <code>shop</code>",
            "<code>shop.dev.example.com</code>",
            "25% → 50% → promoted, a check every 30s",
            "<li>success rate ≥ 99% over 60s</li>",
            "<li>p99 latency ≤ 500 ms over 60s</li>",
            "at least 1m 30s, when every check passes",
            "1m 30s: after 3 failed checks",
        ]) {
            expect(section, fact).to.contain(fact);
        }
    });

    it("shows a deploy's live status, escaped, and has the page ask again while the release is under way", async () => {
        const reader = new FakeClusterStatus(PROGRESSING);
        await start(reader);
        const id = await finishedRun(portal, "deploy", [SHOP]);
        const html = await page(id);
        expect(html).to.contain(`data-poll="/api/runs/${id}/canaries"`);
        expect(html).to.contain('<dd data-field="phase">Progressing</dd>');
        expect(html).to.contain('<dd data-field="weight">25%</dd>');
        expect(html).to.contain('<dd data-field="failedChecks">1 of 3</dd>');
        expect(html).to.contain('<dd data-field="since">2026-01-05T10:00:30Z</dd>');
        expect(html).to.contain("Canary analysis: &lt;script&gt;alert(&#39;halted&#39;)&lt;/script&gt;");
        expect(html).to.not.contain("<script>alert");
        expect(reader.asked).to.deep.equal(["dev"]);

        const response = await status(id);
        expect(response.statusCode).to.equal(200);
        const body = json(response);
        expect(body).to.include({ run: id, source: "cluster", polling: true });
        expect(body.live[0].text).to.deep.equal({
            phase: "Progressing",
            weight: "25%",
            failedChecks: "1 of 3",
            iterations: "0",
            message: PROGRESSING.message,
            since: "2026-01-05T10:00:30Z",
        });
    });

    it("stops asking once every release has ended and Flagger has had time to notice the deploy", async () => {
        const reader = new FakeClusterStatus({ ...PROGRESSING, phase: "Succeeded", canaryWeight: 0, failedChecks: 0 });
        await start(reader);
        const id = await finishedRun(portal, "deploy", [SHOP]);
        // Within two intervals of the deploy Flagger may not have seen the new version yet.
        expect(json(await status(id)).polling).to.equal(true);
        now = new Date(FINISHED.getTime() + 61_000);
        expect(json(await status(id)).polling).to.equal(false);
        expect(await page(id)).to.contain('data-poll=""');
    });

    it("shows why a status could not be read in its place", async () => {
        await start(new FakeClusterStatus(undefined, "dev-euw1 has no Canary shop/shop (not deployed yet, or Flagger's CRD is missing)"));
        const html = await page(await finishedRun(portal, "deploy", [SHOP]));
        expect(html).to.contain('<dd data-field="phase">unavailable</dd>');
        expect(html).to.contain("dev-euw1 has no Canary shop/shop (not deployed yet, or Flagger&#39;s CRD is missing)");
    });

    it("shows a preview's planned analysis only, without asking the cluster", async () => {
        const reader = new FakeClusterStatus(PROGRESSING);
        await start(reader);
        const id = await finishedRun(portal, "preview", [SHOP]);
        const html = await page(id);
        expect(html).to.contain("25% → 50% → promoted");
        expect(html).to.contain("the live status of these canaries shows on the page of a deploy");
        expect(html).to.not.contain('data-field="phase"');
        expect(reader.asked).to.deep.equal([]);
    });

    it("offline, says there is no cluster to ask and shows the planned analysis", async () => {
        await start();
        const id = await finishedRun(portal, "deploy", [SHOP]);
        const html = await page(id);
        expect(html).to.contain("Offline mode: there is no cluster to ask for a canary&#39;s progress");
        expect(html).to.contain("25% → 50% → promoted");
        expect(html).to.not.contain('data-field="phase"');
        expect(json(await status(id))).to.include({ source: "offline", polling: false });
    });

    it("shows no canary section for a run without canaries, and 404 for an unknown run", async () => {
        await start(new FakeClusterStatus(PROGRESSING));
        const html = await page(await finishedRun(portal, "deploy", []));
        expect(html).to.not.contain('id="canaries"');
        expect((await status("run-999")).statusCode).to.equal(404);
    });
});
