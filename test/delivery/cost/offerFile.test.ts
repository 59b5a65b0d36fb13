import { expect } from "chai";
import { readOffer, valuesAt } from "../../../delivery/cost/offerFile";
import { ec2Figures, eksFigures, priceOf, s3Figures, spotSavings } from "../../../delivery/cost/offerPrices";

/** A Price List offer file in the bulk API's shape, small enough to read: products, on-demand terms and reserved terms. */
function offerText(): string {
    const product = (sku: string, productFamily: string, attributes: Record<string, string>) => ({ sku, productFamily, attributes });
    const term = (sku: string, dimensions: { usd: string; beginRange?: string; unit?: string }[]) => ({
        [`${sku}.JRTCKXETXF`]: {
            offerTermCode: "JRTCKXETXF",
            priceDimensions: Object.fromEntries(
                dimensions.map((d, i) => [
                    `${sku}.JRTCKXETXF.${i}`,
                    { unit: d.unit ?? "Hrs", beginRange: d.beginRange ?? "0", endRange: "Inf", pricePerUnit: { USD: d.usd } },
                ]),
            ),
        },
    });
    const linux = {
        operatingSystem: "Linux",
        tenancy: "Shared",
        preInstalledSw: "NA",
        capacitystatus: "Used",
        licenseModel: "No License required",
    };
    return JSON.stringify(
        {
            formatVersion: "v1.0",
            offerCode: "AmazonEC2",
            products: {
                WIN: product("WIN", "Compute Instance", {
                    ...linux,
                    operatingSystem: "Windows",
                    instanceType: "m6i.large",
                    vcpu: "2",
                    memory: "8 GiB",
                }),
                LNX: product("LNX", "Compute Instance", { ...linux, instanceType: "m6i.large", vcpu: "2", memory: "8 GiB" }),
                GP3: product("GP3", "Storage", { volumeApiName: "gp3", usagetype: "EU-EBS:VolumeUsage.gp3" }),
                NATH: product("NATH", "NAT Gateway", { usagetype: "EU-NatGateway-Hours" }),
                NATB: product("NATB", "NAT Gateway", { usagetype: "EU-NatGateway-Bytes" }),
                'K"1': product('K"1', "Compute", { usagetype: "AmazonEKS-Hours:perCluster", note: "braces } and [ in text" }),
                K2: product("K2", "Compute", { usagetype: "AmazonEKS-Hours:extendedSupport" }),
                S3: product("S3", "Storage", { usagetype: "EU-TimedStorage-ByteHrs" }),
            },
            terms: {
                OnDemand: {
                    ...{ WIN: term("WIN", [{ usd: "0.1990000000" }]), LNX: term("LNX", [{ usd: "0.1070000000" }]) },
                    GP3: term("GP3", [{ usd: "0.0880000000", unit: "GB-Mo" }]),
                    NATH: term("NATH", [{ usd: "0.0480000000" }]),
                    NATB: term("NATB", [{ usd: "0.0480000000", unit: "GB" }]),
                    'K"1': term('K"1', [{ usd: "0.1000000000" }]),
                    K2: term("K2", [{ usd: "0.6000000000" }]),
                    // A free tier, then three paid tiers: the first paid one is what a small bucket pays.
                    S3: term("S3", [
                        { usd: "0.0210000000", beginRange: "512000" },
                        { usd: "0.0230000000", beginRange: "0" },
                        { usd: "0.0220000000", beginRange: "51200" },
                    ]),
                },
                Reserved: { LNX: { "LNX.4NA7Y494T4": { priceDimensions: { x: { pricePerUnit: { USD: "0.0600000000" } } } } } },
            },
        },
        null,
        2,
    );
}

/** The text in pieces of `size` characters, as a download streams it. */
const pieces = (text: string, size: number) =>
    Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

describe("reading AWS Price List offer files", () => {
    it("keeps every product and on-demand term, whatever the pieces the text arrives in, and skips reserved terms", async () => {
        const whole = await readOffer([offerText()]);
        expect(whole.products.map((p) => p.sku)).to.deep.equal(["WIN", "LNX", "GP3", "NATH", "NATB", 'K"1', "K2", "S3"]);
        expect(whole.onDemand.get("LNX")).to.deep.equal([{ unit: "Hrs", beginRange: "0", usd: 0.107 }]);
        expect([...whole.onDemand.keys()]).to.not.include("4NA7Y494T4");
        for (const size of [1, 2, 3, 5, 64, 4096]) {
            expect(await readOffer(pieces(offerText(), size)), `pieces of ${size}`).to.deep.equal(whole);
        }
    });

    it("yields the values at the paths asked for, with array indexes as text", async () => {
        const found = [];
        for await (const value of valuesAt(
            ['{"a": [{"b": 1}, {"b": "]"}], "c": {"a": []}}'],
            (path) => path.length === 2 && path[0] === "a",
        )) {
            found.push(value);
        }
        expect(found).to.deep.equal([
            { path: ["a", "0"], value: { b: 1 } },
            { path: ["a", "1"], value: { b: "]" } },
        ]);
    });

    it("picks the figures of a price file: Linux instances with their size, EBS, NAT gateways, EKS, first paid tiers", async () => {
        const offer = await readOffer(pieces(offerText(), 7));
        expect(ec2Figures(offer, ["m6i.large"], ["gp3"])).to.deep.equal({
            ec2: { "m6i.large": { onDemandHourly: 0.107, vcpu: 2, memoryGiB: 8 } },
            ebs: { gp3: 0.088 },
            natGateway: { perHour: 0.048, perGb: 0.048 },
        });
        expect(eksFigures(offer)).to.deep.equal({ standardPerClusterHour: 0.1, extendedPerClusterHour: 0.6 });
        expect(s3Figures(offer)).to.deep.equal({ standardPerGbMonth: 0.023 });
    });

    it("fails naming the service and the figure when the offer lacks it, rather than writing a file without it", async () => {
        const offer = await readOffer([offerText()]);
        expect(() => ec2Figures(offer, ["m7i.large"], [])).to.throw("AmazonEC2: no on-demand price for instance m7i.large (Linux, shared)");
        expect(() => priceOf(offer, "AmazonECR", "TimedStorage-ByteHrs", () => false)).to.throw(
            "AmazonECR: no on-demand price for TimedStorage-ByteHrs",
        );
    });

    it("reads spot savings from the Spot Instance Advisor feed for the types asked for", () => {
        const advisor = {
            spot_advisor: { "eu-west-1": { Linux: { "m6i.large": { s: 54, r: 0 }, "m5.large": { s: 57, r: 1 } }, Windows: {} } },
        };
        expect(spotSavings(advisor, "eu-west-1", ["m6i.large", "r5.xlarge"])).to.deep.equal({ "m6i.large": 54 });
        expect(spotSavings(advisor, "us-east-1", ["m6i.large"])).to.deep.equal({});
    });
});
