import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { randomBytes } from "crypto";
import { OfflineEngine } from "../../delivery/operations/offlineEngine";
import { berthProject, environmentKind } from "../../delivery/operations/project";
import { readStackConfig } from "../../delivery/stackConfig";
import { parsePlatformConfig } from "../../stacks/config";
import { createPortal } from "../../portal/app";
import { AUTOMATION_VIEW_MAX_AGE_MS } from "../../portal/environments";
import { createToken } from "../../portal/tokens";
import { MemoryStore } from "./fakes/store";
import { bearer, eventually, json, testPortal, type TestPortal } from "./helpers";

/** A project of stack files only: any plan of it fails, so whatever works here works without running a program. */
function stackFilesOnly(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-environments-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: platform\nruntime: nodejs\n");
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
}

/** A config value as the program reads it: JSON when it parses, else the text. */
function runtimeValue(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

describe("portal environments: production from the stack file", () => {
    let dir: string;
    afterEach(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

    it("reads platform:environment by the platform config's own rule, defaulting to the stack's name", () => {
        dir = stackFilesOnly({
            "Pulumi.staging.yaml": "config:\n  platform:environment: prod\n",
            "Pulumi.prod.yaml": "config:\n  aws:region: eu-west-1\n",
            "Pulumi.sandbox.yaml": "config:\n  environment: dev\n",
            "Pulumi.qa.yaml": "config:\n  aws:region: eu-west-1\n",
        });
        const project = berthProject(dir);
        expect(["staging", "prod", "sandbox", "qa"].map((stack) => environmentKind(project, stack))).to.deep.equal([
            "prod",
            "prod",
            "dev",
            // No platform:environment and a name that is no environment: the parser refuses it, and validates it as dev.
            "dev",
        ]);
    });

    it("agrees with the platform config parser on this project's stack files", () => {
        const project = berthProject();
        for (const stack of ["dev", "prod"]) {
            const config = readStackConfig(project.dir, stack).config;
            const raw = Object.fromEntries(Object.entries(config).map(([key, text]) => [key, runtimeValue(text)]));
            const parsed = parsePlatformConfig(raw, { stack, today: new Date("2026-11-26") });
            expect(environmentKind(project, stack)).to.equal(parsed.config.environment).and.to.equal(stack);
        }
    });

    it("guards an environment that is production by its stack file, without planning it", async () => {
        dir = stackFilesOnly({ "Pulumi.staging.yaml": "config:\n  platform:environment: prod\n", "Pulumi.dev.yaml": "config: {}\n" });
        const store = new MemoryStore();
        const engine = new OfflineEngine({ state: store, project: berthProject(dir), poolSize: 1 });
        const app = await createPortal({ engine, store, sessionKey: randomBytes(32) });
        try {
            await store.putApplication({
                environment: "staging",
                name: "shop",
                spec: { name: "shop", clusters: ["staging-euw1"], image: { repository: "shop", tag: "v1" } },
                updatedBy: "admin",
            });
            const developer = bearer((await createToken(store, "dev", "developer")).token);
            const environments = await app.inject({ method: "GET", url: "/api/environments", headers: developer });
            expect(json(environments).environments).to.deep.equal([
                { environment: "dev", prod: false },
                { environment: "staging", prod: true },
            ]);
            const deploy = await app.inject({
                method: "POST",
                url: "/api/environments/staging/applications/shop/deploy",
                headers: developer,
            });
            expect(deploy.statusCode).to.equal(403);
            expect(json(deploy).error).to.match(/needs the platform-admin role \(application stack in production\)/);
        } finally {
            await app.close();
            await engine.close();
        }
    });
});

describe("portal environments: page reads and plans", () => {
    let portal: TestPortal;
    afterEach(async () => {
        portal.engine.release();
        await portal.app.close();
    });

    const viewer = () => bearer(portal.tokens.viewer);
    const readDev = () => portal.app.inject({ method: "GET", url: "/api/environments/dev", headers: viewer() });

    it("lists environments and tells production apart without describing any", async () => {
        portal = await testPortal();
        const page = await portal.app.inject({ method: "GET", url: "/", headers: viewer() });
        expect(page.statusCode).to.equal(200);
        expect(page.body).to.match(/href="\/environments\/prod"><strong>prod<\/strong><\/a>\s*<span class="tag prod">production/);
        expect(json(await portal.app.inject({ method: "GET", url: "/api/environments", headers: viewer() })).environments).to.deep.equal([
            { environment: "dev", prod: false },
            { environment: "prod", prod: true },
        ]);
        const refused = await portal.app.inject({
            method: "POST",
            url: "/api/environments/prod/deploy",
            headers: bearer(portal.tokens.developer),
        });
        expect(refused.statusCode).to.equal(403);
        expect(portal.engine.described).to.deep.equal([]);
    });

    it("describes an environment once for readers asking together, and again only after a deploy or a new revision", async () => {
        portal = await testPortal();
        const together = await Promise.all(Array.from({ length: 10 }, readDev));
        expect(together.map((response) => response.statusCode)).to.deep.equal(Array(10).fill(200));
        expect(json(together[9]).review.clusters[0].name).to.equal("dev-euw1");
        await readDev();
        await portal.app.inject({ method: "GET", url: "/environments/dev", headers: viewer() });
        expect(portal.engine.described).to.deep.equal(["dev"]);

        const deploy = await portal.app.inject({
            method: "POST",
            url: "/api/environments/dev/deploy",
            headers: bearer(portal.tokens["platform-admin"]),
        });
        expect(deploy.statusCode).to.equal(202);
        await eventually(async () => (await portal.store.getRun(json(deploy).run.id))?.status === "succeeded");
        await readDev();
        expect(portal.engine.described).to.deep.equal(["dev", "dev"]);

        portal.engine.revisionNow = "rev-2";
        await readDev();
        await readDev();
        expect(portal.engine.described).to.deep.equal(["dev", "dev", "dev"]);
    });

    it("tries again after a failed describe", async () => {
        portal = await testPortal();
        const describe = portal.engine.describe.bind(portal.engine);
        let failing = true;
        portal.engine.describe = async (environment) => {
            if (failing) throw new Error("the backend is unreachable");
            return describe(environment);
        };
        expect((await readDev()).statusCode).to.equal(500);
        failing = false;
        expect((await readDev()).statusCode).to.equal(200);
    });

    it("in Automation API mode, describes again once a view is older than its limit: CI may have deployed meanwhile", async () => {
        let now = new Date("2026-11-26T12:00:00Z");
        portal = await testPortal({ portal: { now: () => now } });
        (portal.engine as { mode: string }).mode = "automation";
        await readDev();
        now = new Date(now.getTime() + AUTOMATION_VIEW_MAX_AGE_MS - 1000);
        await readDev();
        expect(portal.engine.described).to.have.length(1);
        now = new Date(now.getTime() + 2000);
        await readDev();
        expect(portal.engine.described).to.have.length(2);
    });
});
