import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { PRICES_DIR, pricedRegions, readRegionPrices } from "../../../delivery/cost/prices";
import { ofType, planOf } from "../../helpers/plans";

describe("price files", () => {
    it("exist for every region the shipped stacks use, each with its source and the day it was checked", async () => {
        const regions = new Set<string>();
        for (const plan of await Promise.all([planOf("dev"), planOf("prod")])) {
            for (const provider of ofType(plan, "pulumi:providers:aws")) regions.add(String(provider.inputs.region));
        }
        expect([...regions].sort()).to.deep.equal(["eu-west-1", "us-east-1"]);
        for (const region of regions) {
            expect(pricedRegions()).to.include(region);
            const prices = readRegionPrices(path.join(PRICES_DIR, `${region}.json`));
            expect(prices.source).to.contain("AWS");
            expect(prices.checked).to.match(/^\d{4}-\d{2}-\d{2}$/);
            expect(prices.spot.checked).to.match(/^\d{4}-\d{2}-\d{2}$/);
        }
    });

    it("price every instance type the shipped stacks' node pools list, with its size, and its spot saving", async () => {
        for (const plan of await Promise.all([planOf("dev"), planOf("prod")])) {
            const providers = new Map(ofType(plan, "pulumi:providers:aws").map((p) => [p.urn, String(p.inputs.region)]));
            for (const group of ofType(plan, "aws:eks/nodeGroup:NodeGroup")) {
                const prices = readRegionPrices(path.join(PRICES_DIR, `${providers.get(group.provider!)}.json`));
                for (const type of group.inputs.instanceTypes as string[]) {
                    expect(prices.ec2[type], `${prices.region} ${type}`).to.have.keys(["onDemandHourly", "vcpu", "memoryGiB"]);
                    if (group.inputs.capacityType === "SPOT")
                        expect(prices.spot.savingsPercent[type], `${prices.region} ${type} spot`).to.be.a("number");
                }
            }
        }
    });

    it("refuses a file with a figure missing or of the wrong kind, naming the file and the field", () => {
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), "berth-prices-"));
        try {
            const file = path.join(folder, "eu-west-1.json");
            const prices = JSON.parse(fs.readFileSync(path.join(PRICES_DIR, "eu-west-1.json"), "utf8"));
            fs.writeFileSync(file, JSON.stringify({ ...prices, natGateway: { perHour: "0.048" } }));
            expect(() => readRegionPrices(file)).to.throw(`${file}: natGateway.perHour:`);
            fs.writeFileSync(path.join(folder, "us-east-1.json"), JSON.stringify(prices));
            expect(() => readRegionPrices(path.join(folder, "us-east-1.json"))).to.throw("holds the prices of eu-west-1");
        } finally {
            fs.rmSync(folder, { recursive: true, force: true });
        }
    });
});
