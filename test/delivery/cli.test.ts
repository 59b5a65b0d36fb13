import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { expect } from "chai";

const berth = path.join(__dirname, "..", "..", "bin", "berth.js");
const fixture = path.join(__dirname, "..", "fixtures", "planner");

/** Runs `berth` as a user would, from an unrelated directory. */
function run(...args: string[]) {
    const r = spawnSync(process.execPath, [berth, ...args], { cwd: os.tmpdir(), encoding: "utf8" });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("berth CLI", () => {
    it("plans a stack, prints the tree and writes the JSON document", () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "berth-")), "dev.plan.json");
        const r = run("plan", "dev", "--dir", fixture, "--json", out);
        expect(r.stderr).to.equal("");
        expect(r.code).to.equal(0);
        expect(r.stdout).to.contain("Plan for fixture/dev: 9 resources");
        expect(r.stdout).to.contain("      aws:kms/key:Key blue-key (protected)");
        const doc = JSON.parse(fs.readFileSync(out, "utf8"));
        expect(doc).to.include({ version: 1, project: "fixture", stack: "dev" });
        expect(doc.summary.resources).to.equal(9);
    });

    it("prints each config problem on its own line, without a stack trace, and exits 2", () => {
        const r = run("plan", "broken", "--dir", fixture);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.equal(
            [
                'error: Stack "broken" has 2 configuration problem(s)',
                "  fixture:clusters[1].cidr: must be an IPv4 CIDR block (got 10.300.0.0/16)",
                "  fixture:clusters[1].maxSize: must be >= minSize (got 1, minSize 3)",
                "",
            ].join("\n"),
        );
        expect(r.stderr).not.to.contain("    at ");
    });

    it("exits 2 with the usage for a missing stack or an unknown command", () => {
        for (const args of [["plan"], ["deploy", "dev"], []]) {
            const r = run(...args);
            expect(r.code, args.join(" ")).to.equal(2);
            expect(r.stderr).to.contain("Usage: berth <command>");
        }
    });

    it("exits 2 naming the stacks that exist for an unknown stack", () => {
        const r = run("plan", "qa", "--dir", fixture);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.contain("Stacks here: broken, dev, malformed, prod");
    });

    it("shows help with exit 0", () => {
        const r = run("--help");
        expect(r.code).to.equal(0);
        expect(r.stdout).to.contain("plan <stack>");
    });
});
