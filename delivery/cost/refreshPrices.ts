/**
 * Refreshes the price files from AWS's public price lists: `npm run refresh-prices` (every file in
 * delivery/cost/prices) or `npm run refresh-prices -- eu-west-1` (one region). Needs internet access, no AWS
 * credentials: the Price List bulk API and the Spot Instance Advisor feed are public. The instance and volume types
 * refreshed are those the file already lists; to price another, add it to the file with any figure and refresh.
 * A new region: copy a file to <region>.json, set `region` and `location` (the Price List's name, e.g.
 * "EU (Frankfurt)"), and refresh it.
 */
import * as fs from "fs";
import * as path from "path";
import { Readable } from "stream";
import { Offer, readOffer } from "./offerFile";
import {
    cloudwatchLogsFigures,
    ec2Figures,
    ecrFigures,
    eksFigures,
    kmsFigures,
    loadBalancerFigures,
    publicIpv4Figures,
    s3Figures,
    spotSavings,
} from "./offerPrices";
import { PRICES_DIR, pricedRegions, readRegionPrices, RegionPrices, regionPricesSchema } from "./prices";

const PRICE_LIST = "https://pricing.us-east-1.amazonaws.com";
const SPOT_ADVISOR = "https://spot-bid-advisor.s3.amazonaws.com/spot-advisor-data.json";

/** One service's current offer file for a region, streamed: the EC2 one is hundreds of megabytes. */
async function offerFor(service: string, region: string): Promise<Offer> {
    const index = (await getJson(`${PRICE_LIST}/offers/v1.0/aws/${service}/current/region_index.json`)) as {
        regions?: Record<string, { currentVersionUrl?: string }>;
    };
    const url = index.regions?.[region]?.currentVersionUrl;
    if (!url) throw new Error(`${service} has no price list for ${region}`);
    const response = await fetch(`${PRICE_LIST}${url}`);
    if (!response.ok || !response.body) throw new Error(`${PRICE_LIST}${url}: HTTP ${response.status}`);
    const text = Readable.fromWeb(response.body as import("stream/web").ReadableStream<Uint8Array>).setEncoding("utf8");
    return readOffer(text);
}

async function getJson(url: string): Promise<unknown> {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
}

/** The new contents of one price file, from the current offers; the old file gives the region's name and the types. */
export async function refreshedPrices(old: RegionPrices, today: string): Promise<RegionPrices> {
    const { region } = old;
    const instanceTypes = Object.keys(old.ec2);
    const volumeTypes = Object.keys(old.ebs);
    const [ec2, eks, elb, vpc, logs, s3, ecr, kms, advisor] = await Promise.all([
        offerFor("AmazonEC2", region),
        offerFor("AmazonEKS", region),
        offerFor("AWSELB", region),
        offerFor("AmazonVPC", region),
        offerFor("AmazonCloudWatch", region),
        offerFor("AmazonS3", region),
        offerFor("AmazonECR", region),
        offerFor("awskms", region),
        getJson(SPOT_ADVISOR),
    ]);
    return regionPricesSchema.parse({
        region,
        location: old.location,
        currency: "USD",
        source: `AWS Price List bulk API (${PRICE_LIST}/offers/v1.0/aws/<service>/current/${region}), on-demand; spot savings from the Spot Instance Advisor feed. Written by npm run refresh-prices.`,
        checked: today,
        notes: [
            "EC2: Linux, shared tenancy, no pre-installed software, capacity status Used. EBS, S3, CloudWatch: the first paid tier.",
            "Spot prices change every few minutes and differ by zone: the savings are the advisor's long-run figure, not a quote.",
        ],
        ...ec2Figures(ec2, instanceTypes, volumeTypes),
        eks: eksFigures(eks),
        spot: {
            source: `AWS Spot Instance Advisor feed (${SPOT_ADVISOR}), Linux`,
            checked: today,
            defaultSavingsPercent: old.spot.defaultSavingsPercent,
            savingsPercent: spotSavings(advisor, region, instanceTypes),
        },
        networkLoadBalancer: loadBalancerFigures(elb),
        publicIpv4: publicIpv4Figures(vpc),
        kms: kmsFigures(kms),
        s3: s3Figures(s3),
        ecr: ecrFigures(ecr),
        cloudwatchLogs: cloudwatchLogsFigures(logs),
    });
}

async function main(regions: string[]): Promise<void> {
    const today = new Date().toISOString().slice(0, 10);
    for (const region of regions.length > 0 ? regions : pricedRegions()) {
        const file = path.join(PRICES_DIR, `${region}.json`);
        if (!fs.existsSync(file)) throw new Error(`no ${file}: copy another region's file to it first (see this script's header)`);
        const prices = await refreshedPrices(readRegionPrices(file), today);
        fs.writeFileSync(file, JSON.stringify(prices, null, 2) + "\n");
        process.stdout.write(`refreshed ${file}\n`);
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).catch((err: unknown) => {
        process.stderr.write(`refresh-prices: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
    });
}
