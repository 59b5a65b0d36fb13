import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { openStore, redactUrl } from "../../../portal/store/open";
import { POSTGRES } from "./sites";

async function openFailure(options: Parameters<typeof openStore>[0]): Promise<Error> {
    let failure: Error | undefined;
    const store = await openStore(options).catch((error: Error) => void (failure = error));
    await store?.close();
    expect(failure, "expected openStore to fail").to.be.instanceOf(Error);
    return failure!;
}

describe("openStore", () => {
    let dataDir: string;

    beforeEach(() => {
        dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "berth-open-")), "data", "portal");
    });
    afterEach(() => {
        fs.rmSync(path.dirname(path.dirname(dataDir)), { recursive: true, force: true });
    });

    it("opens SQLite at <dataDir>/berth.db when no url is set, creating the folder, in WAL mode", async () => {
        const store = await openStore({ dataDir, url: "  " });
        try {
            expect(store.kind).to.equal("sqlite");
            expect(await store.countTokens()).to.equal(0);
            expect(fs.existsSync(path.join(dataDir, "berth.db"))).to.equal(true);
            expect(fs.existsSync(path.join(dataDir, "berth.db-wal"))).to.equal(true);
        } finally {
            await store.close();
        }
    });

    it("names BERTH_DATABASE_URL, without its password, for a url that is not PostgreSQL", async () => {
        const failure = await openFailure({ dataDir, url: "mysql://portal:hunter2-secret@db.internal/berth" });
        expect(failure.message).to.equal(
            "BERTH_DATABASE_URL (mysql://portal:***@db.internal/berth) must be a postgres:// or postgresql:// connection string; " +
                "leave it unset to use SQLite in BERTH_DATA_DIR",
        );
        expect(fs.existsSync(dataDir), "no SQLite database made instead").to.equal(false);
    });

    it("names BERTH_DATABASE_URL, without its password, when PostgreSQL cannot be reached", async () => {
        // Port 1 on loopback: refused at once, no network involved.
        const failure = await openFailure({ dataDir, url: "postgresql://portal:hunter2-secret@127.0.0.1:1/berth?sslmode=disable" });
        expect(failure.message).to.match(
            /^cannot open the portal's database at BERTH_DATABASE_URL \(postgresql:\/\/portal:\*\*\*@127\.0\.0\.1:1\/berth\?sslmode=disable\): /,
        );
        expect(failure.message).to.include("ECONNREFUSED");
        expect(failure.message).not.to.include("hunter2");
        expect(JSON.stringify(failure, Object.getOwnPropertyNames(failure))).not.to.include("hunter2");
    });

    it("names BERTH_DATA_DIR when the SQLite database cannot be created there", async () => {
        fs.mkdirSync(path.dirname(dataDir), { recursive: true });
        fs.writeFileSync(dataDir, "a file where the folder should be");
        const failure = await openFailure({ dataDir });
        expect(failure.message).to.match(new RegExp(`^cannot open the portal's database at BERTH_DATA_DIR \\(${dataDir}/berth\\.db\\): `));
    });

    it("redacts a password in the userinfo and in the query, and leaves a url without one alone", () => {
        expect(redactUrl("postgres://berth:p%40ss@db:5432/berth")).to.equal("postgres://berth:***@db:5432/berth");
        expect(redactUrl("postgres://db/berth?user=berth&password=s3cret")).to.equal("postgres://db/berth?user=berth&password=***");
        expect(redactUrl("postgres://berth@db/berth")).to.equal("postgres://berth@db/berth");
        expect(redactUrl("not a url://u:s3cret@x")).not.to.include("s3cret");
    });

    describe(`on PostgreSQL${POSTGRES.unavailable ? ` (skipped: ${POSTGRES.unavailable})` : ""}`, function () {
        before(function () {
            if (POSTGRES.unavailable) this.skip();
        });

        it("opens PostgreSQL for a postgresql:// url and makes no SQLite file", async () => {
            const site = await POSTGRES.newSite();
            try {
                const store = await openStore({ url: site.location.url, dataDir });
                expect(store.kind).to.equal("postgres");
                expect(await store.countTokens()).to.equal(0);
                await store.close();
                expect(fs.existsSync(dataDir)).to.equal(false);
            } finally {
                await site.remove();
            }
        });
    });
});
