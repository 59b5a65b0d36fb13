import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromium, type Browser, type Page } from "playwright-core";
import { keepFailedPage, spawnPortal, type PortalProcess } from "./helpers";

const ROOT = path.resolve(__dirname, "..", "..");
const CHROMIUM = "/usr/bin/chromium";

/** `berth portal` as `npm start` runs it, offline, on a fresh data directory. */
function startPortal(dataDir: string): Promise<PortalProcess> {
    return spawnPortal([path.join(ROOT, "bin/berth.js"), "portal"], {
        PORT: "0",
        BERTH_DATA_DIR: dataDir,
        BERTH_ENGINE: "offline",
        BERTH_LOG_LEVEL: "warn",
    });
}

describe("portal in a browser (headless Chromium)", function () {
    this.timeout(240_000);
    let browser: Browser | undefined;
    let portal: PortalProcess | undefined;
    let dataDir: string;
    let page: Page;

    before(async function () {
        if (!fs.existsSync(CHROMIUM)) {
            console.log(`    skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
            this.skip();
        }
        dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-portal-browser-"));
        portal = await startPortal(dataDir);
        browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
        page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    });
    after(async () => {
        await browser?.close();
        if (portal) {
            portal.child.kill("SIGTERM");
            await new Promise((resolve) => portal!.child.once("exit", resolve));
        }
        if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    afterEach(function () {
        return keepFailedPage(this.currentTest, page, "onboard-preview-apply");
    });

    /** Waits for the run page to show the run finished (the page reloads itself when the live log ends). */
    async function waitForRun(): Promise<string> {
        await page.waitForSelector("#run-status .status:not(.status-running)", { timeout: 180_000 });
        return (await page.textContent("#run-status .status"))!;
    }

    it("signs in, onboards an application in dev, previews it with cost and policy, applies it and finds it in the history", async () => {
        await page.goto(portal!.url);
        expect(page.url()).to.contain("/sign-in");
        await page.fill("#token", portal!.token);
        await page.click("button[type=submit]");
        await page.waitForSelector("text=Environments");
        expect(await page.textContent(".banner")).to.contain("Offline mode");

        await page.click("a[href='/environments/dev']");
        await page.waitForSelector("h2:has-text('Clusters')");
        expect(await page.textContent("main")).to.contain("dev-euw1");

        await page.click("text=Onboard an application");
        await page.fill("#name", "shop");
        await page.fill("#imageRepository", "storefront");
        await page.fill("#imageTag", "v1.0.0");
        await page.fill("#port", "8080");
        await page.click("text=Validate and preview");
        await page.waitForURL(/\/runs\//);
        expect(await waitForRun()).to.equal("succeeded");
        expect(await page.textContent("#cost")).to.match(/\$[0-9,]+\.\d\d/);
        expect(await page.textContent("#policy")).to.match(/No policy findings|advisory|mandatory/);
        expect(await page.textContent("#changes")).to.contain("create");

        await page.click("text=Apply (deploy)");
        await page.waitForURL((url) => url.pathname.startsWith("/runs/"));
        expect(await waitForRun()).to.equal("succeeded");

        await page.goto(`${portal!.url}/runs`);
        const history = await page.textContent("table.runs");
        expect(history).to.contain("application/dev/shop");
        expect((await page.$$("table.runs tbody tr")).length).to.equal(2);

        await page.goto(`${portal!.url}/environments/dev/applications/shop`);
        expect(await page.textContent("main")).to.contain("deploy");
        await page.goto(`${portal!.url}/audit`);
        expect(await page.textContent("table.audit")).to.contain("application.onboard");
    });
});
