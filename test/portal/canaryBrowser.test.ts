import * as fs from "fs";
import { expect } from "chai";
import { chromium, type Browser, type Page } from "playwright-core";
import { emptyCounts } from "../../delivery/comment/changes";
import type { CanaryLiveStatus, CanaryStatusReader } from "../../delivery/canaryStatus/types";
import { shopCanary } from "../helpers/canaries";
import { keepFailedPage, testPortal, type TestPortal } from "./helpers";

const CHROMIUM = "/usr/bin/chromium";

describe("portal in a browser: a deploy's canary progress refreshes itself (portal/static/portal.js)", function () {
    let browser: Browser;
    let portal: TestPortal;
    let page: Page | undefined;
    let status: CanaryLiveStatus = {
        phase: "Progressing",
        canaryWeight: 25,
        failedChecks: 0,
        message: "Advance shop.shop canary weight 25",
    };
    const reader: CanaryStatusReader = {
        source: "cluster",
        read: async (_environment, canaries) => ({
            source: "cluster",
            canaries: canaries.map(({ resource }) => ({ resource, status })),
        }),
    };

    before(async function () {
        if (!fs.existsSync(CHROMIUM)) {
            console.log(`    skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
            this.skip();
        }
        browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
        portal = await testPortal({ portal: { canaryStatus: reader } });
    });
    afterEach(function () {
        return keepFailedPage(this.currentTest, page, "canary-progress");
    });
    after(async () => {
        await browser?.close();
        await portal?.app.close();
    });

    it("shows the status at first, then Flagger's next answer without a reload, as text", async () => {
        const started = await portal.store.startRun({
            stack: "application/dev/shop",
            environment: "dev",
            application: "shop",
            kind: "deploy",
            revision: "rev-1",
            actor: "developer",
            owner: "elsewhere",
        });
        if ("heldBy" in started) throw new Error("the stack is locked");
        const changes = { stack: "application/dev/shop", source: "preview" as const, resources: [], counts: emptyCounts() };
        await portal.store.finishRun(started.run.id, "succeeded", {
            result: { stack: "application/dev/shop", revision: "rev-1", changes, outputs: {}, canaries: [shopCanary()] },
        });
        const url = await portal.app.listen({ port: 0, host: "127.0.0.1" });
        page = await browser.newPage({ extraHTTPHeaders: { authorization: `Bearer ${portal.tokens.viewer}` } });
        // The page's own timers run on a clock this test moves, so that its 5 s wait between questions takes no time.
        await page.clock.install();
        await page.goto(`${url}/runs/${started.run.id}`);
        expect(await page.textContent('#canaries [data-field="weight"]')).to.equal("25%");

        status = {
            phase: "Promoting",
            canaryWeight: 50,
            failedChecks: 0,
            message: "<b>Copying shop.shop template spec to shop-primary</b>",
        };
        // The script asks every 5 s while the release is under way: not before.
        await page.clock.runFor(4_000);
        expect(await page.textContent('#canaries [data-field="weight"]')).to.equal("25%");
        await page.clock.runFor(1_000);
        await page.locator('#canaries [data-field="phase"]', { hasText: "Promoting" }).waitFor({ timeout: 20_000 });
        expect(await page.textContent('#canaries [data-field="weight"]')).to.equal("50%");
        expect(await page.textContent('#canaries [data-field="message"]')).to.equal(status.message);
        expect(await page.locator("#canaries b").count()).to.equal(0);
    });
});
