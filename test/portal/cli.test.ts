import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { openStore } from "../../portal/store/open";
import { hashToken } from "../../portal/tokens";
import { runCli } from "../helpers/cli";

describe("berth portal token create", () => {
    let dataDir: string;
    beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-portal-cli-"))));
    afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

    it("prints a new token once and stores only its hash, with the role and name", async () => {
        const run = await runCli(["portal", "token", "create", "--role", "developer", "--name", "ci bot"], {
            env: { BERTH_DATA_DIR: dataDir },
        });
        expect(run.code, run.stderr).to.equal(0);
        const token = run.stdout.trim();
        expect(token).to.match(/^berth_[A-Za-z0-9_-]{43}$/);
        expect(run.stderr).to.contain('Created the developer token "ci bot"');
        const store = await openStore({ dataDir });
        try {
            expect(await store.findTokenByHash(hashToken(token))).to.include({ name: "ci bot", role: "developer" });
            expect(fs.readFileSync(path.join(dataDir, "berth.db")).includes(token)).to.equal(false);
            expect((await store.listAudit({ limit: 5 }))[0]).to.include({ action: "token.create", target: "ci bot", outcome: "succeeded" });
        } finally {
            await store.close();
        }
    });

    it("refuses an unknown role or a missing one with the usage", async () => {
        const unknown = await runCli(["portal", "token", "create", "--role", "root"], { env: { BERTH_DATA_DIR: dataDir } });
        expect(unknown.code).to.equal(2);
        expect(unknown.stderr).to.match(/^error: --role must be one of viewer, developer, platform-admin \(got root\)/);
        const missing = await runCli(["portal", "token", "create"], { env: { BERTH_DATA_DIR: dataDir } });
        expect(missing.code).to.equal(2);
        expect(missing.stderr).to.contain("token create needs --role");
        expect(fs.existsSync(path.join(dataDir, "berth.db"))).to.equal(false);
    });

    it("has help of its own, also through berth help portal", async () => {
        const help = await runCli(["help", "portal"]);
        expect(help.code).to.equal(0);
        expect(help.stdout).to.match(/^Usage: berth portal\n/);
        expect((await runCli(["portal", "--help"])).stdout).to.equal(help.stdout);
    });
});
