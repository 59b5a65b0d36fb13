import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { runCli } from "../../helpers/cli";

// By path with its extension: "../../../bin/berth" would load the launcher, bin/berth.js, which runs the CLI at once.

const fixture = path.join(__dirname, "fixture");

const run = (...args: string[]) => runCli(args);

describe("berth cost", () => {
    it("prints the items with their arithmetic, the total and the headroom, and exits 0 within budget", async () => {
        const r = await run("cost", "dev", "--dir", fixture);
        expect(r.code).to.equal(0);
        expect(r.stderr).to.equal("");
        expect(r.stdout.split("\n")[0]).to.equal(
            "Cost estimate for costfixture/dev: $40.84 a month ($40.84 to $40.84 as the node pools scale), USD list prices",
        );
        expect(r.stdout).to.contain("1 gateway × ($0.048/h × 730 h + 100 GB × $0.048/GB)");
        expect(r.stdout).to.match(/\n {2}NAT gateways: \(environment\) NAT gateways +\$39\.84 +\$39\.84 +\$39\.84\n/);
        expect(r.stdout).to.match(/\nTotal +\$40\.84 +\$40\.84 +\$40\.84\n/);
        expect(r.stdout).to.contain(
            "Budget: within the limit $44.00 (baseline $40.00 + 10%): $3.16 headroom (the estimate is 2.1% above the baseline).",
        );
        expect(r.stdout).to.contain("each NAT gateway processes 100 GB a month");
    });

    it("exits 1 over budget, naming the biggest items on stderr", async () => {
        const r = await run("cost", "prod", "--dir", fixture);
        expect(r.code).to.equal(1);
        expect(r.stdout).to.contain("Budget: OVER the limit $33.00 (baseline $30.00 + 10%) by $7.84");
        expect(r.stderr).to.equal(
            "error: over budget: the estimate $40.84 a month passes the limit $33.00 (baseline $30.00 + 10%) by $7.84. " +
                "Biggest items: NAT gateways (environment) NAT gateways $39.84, KMS keys key $1.00\n",
        );
    });

    it("with --json -, writes only the plan document with its cost field, and still exits 1 over budget", async () => {
        const r = await run("cost", "prod", "--dir", fixture, "--json", "-");
        expect(r.code).to.equal(1);
        const doc = JSON.parse(r.stdout);
        expect(doc).to.include({ version: 1, project: "costfixture", stack: "prod" });
        expect(doc.cost).to.include({ currency: "USD", monthly: 40.84, min: 40.84, max: 40.84 });
        expect(doc.cost.items.map((i: { category: string; monthly: number }) => [i.category, i.monthly])).to.deep.equal([
            ["NAT gateways", 39.84],
            ["KMS keys", 1],
        ]);
        expect(doc.cost.budget).to.include({ limitMonthlyUsd: 33, withinBudget: false, headroomUsd: -7.84 });
        expect(r.stderr).to.match(/^error: over budget/);
    });

    it("writes the JSON to a file beside the report", async () => {
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), "berth-cost-"));
        try {
            const file = path.join(folder, "plan.json");
            const r = await run("cost", "dev", "--dir", fixture, "--json", file);
            expect(r.code).to.equal(0);
            expect(r.stdout).to.contain(`Wrote ${file}`);
            expect(JSON.parse(fs.readFileSync(file, "utf8")).cost.monthly).to.equal(40.84);
        } finally {
            fs.rmSync(folder, { recursive: true, force: true });
        }
    });

    it("shows its own help with help cost and cost --help, and is listed in berth --help", async () => {
        for (const args of [
            ["help", "cost"],
            ["cost", "--help"],
        ]) {
            const r = await run(...args);
            expect(r.code, args.join(" ")).to.equal(0);
            expect(r.stdout, args.join(" ")).to.match(/^Usage: berth cost <stack>/);
            expect(r.stdout).to.contain("--json <file>").and.to.contain("1 over budget");
        }
        expect((await run("--help")).stdout).to.contain("cost <stack>");
    });

    it("exits 2 with its usage for a missing stack, an extra argument or --tree", async () => {
        for (const [args, message] of [
            [["cost"], "error: cost needs a stack name, e.g. `berth cost dev`"],
            [["cost", "dev", "prod"], "error: unexpected arguments: prod"],
            [["cost", "dev", "--tree"], "error: --tree draws the plan's resources: use it with berth plan"],
        ] as const) {
            const r = await run(...args);
            expect(r.code, args.join(" ")).to.equal(2);
            expect(r.stderr.split("\n")[0]).to.equal(message);
            expect(r.stderr).to.contain("Usage: berth cost <stack>");
        }
    });

    it("prices the repository's dev stack: every cluster, the environment and the total", async () => {
        const r = await run("cost", "dev");
        expect(r.code).to.equal(0);
        expect(r.stdout).to.match(/^Cost estimate for platform\/dev: \$[\d,]+\.\d\d a month/);
        expect(r.stdout).to.contain("\nCluster dev-euw1 (eu-west-1)\n").and.to.contain("\nEnvironment (eu-west-1)\n");
        expect(r.stdout).to.contain("control plane: dev-euw1").and.to.contain("Spot: the spot pools' nodes cost");
        expect(r.stdout).to.contain("Budget: within the limit $462.00 (baseline $420.00 + 10%)");
    });
});
