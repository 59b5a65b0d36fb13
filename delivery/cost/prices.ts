import * as fs from "fs";
import * as path from "path";
import { z } from "zod";

const perUnit = z.number().nonnegative();

const instanceSchema = z.strictObject({
    /** Linux, shared tenancy, no pre-installed software. */
    onDemandHourly: perUnit,
    vcpu: z.number().positive(),
    memoryGiB: z.number().positive(),
});

const spotSchema = z.strictObject({
    source: z.string(),
    checked: z.string(),
    /** Savings against on-demand for an instance type the table lacks. */
    defaultSavingsPercent: z.number().min(0).max(100),
    /** Per instance type: how much less than on-demand spot cost when the table was read (the Spot Instance Advisor's figure). */
    savingsPercent: z.record(z.string(), z.number().min(0).max(100)),
});

/** One region's unit prices in USD: `delivery/cost/prices/<region>.json`, written by `npm run refresh-prices`. */
export const regionPricesSchema = z.strictObject({
    region: z.string(),
    /** The Price List API's name for the region, e.g. "EU (Ireland)". */
    location: z.string(),
    currency: z.literal("USD"),
    source: z.string(),
    /** The day the figures were read (ISO date). */
    checked: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** Which figures are not verified, and anything else a reader of the file should know. */
    notes: z.array(z.string()),
    eks: z.strictObject({ standardPerClusterHour: perUnit, extendedPerClusterHour: perUnit }),
    ec2: z.record(z.string(), instanceSchema),
    spot: spotSchema,
    /** Per GB-month of provisioned storage, by volume type. */
    ebs: z.record(z.string(), perUnit),
    natGateway: z.strictObject({ perHour: perUnit, perGb: perUnit }),
    networkLoadBalancer: z.strictObject({ perHour: perUnit, perNlcuHour: perUnit }),
    publicIpv4: z.strictObject({ perHour: perUnit }),
    kms: z.strictObject({ perKeyMonth: perUnit }),
    s3: z.strictObject({ standardPerGbMonth: perUnit }),
    ecr: z.strictObject({ perGbMonth: perUnit }),
    cloudwatchLogs: z.strictObject({ ingestionPerGb: perUnit, storagePerGbMonth: perUnit }),
});

export type RegionPrices = z.output<typeof regionPricesSchema>;

/** Finds a region's prices, or undefined for a region without a price file. */
export type PriceBook = (region: string) => RegionPrices | undefined;

/**
 * The price files live beside the sources, not in dist/: the build transpiles TypeScript only. From either place the
 * repository root is the nearest folder above with a package.json.
 */
export const PRICES_DIR = path.join(packageRoot(__dirname), "delivery", "cost", "prices");

function packageRoot(start: string): string {
    for (let dir = start; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "package.json"))) return dir;
        if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
    }
}

/** Regions that have a price file. */
export function pricedRegions(dir: string = PRICES_DIR): string[] {
    return fs
        .readdirSync(dir)
        .filter((file) => file.endsWith(".json"))
        .map((file) => file.slice(0, -".json".length))
        .sort();
}

/** Reads and checks one price file; a malformed file is an error naming the file and its first problem. */
export function readRegionPrices(file: string): RegionPrices {
    // Read once per process: compiling zod's fast path for the schema would cost more than it saves.
    const result = regionPricesSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")), { jitless: true });
    if (!result.success) {
        const issue = result.error.issues[0];
        throw new Error(`${file}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
    }
    if (result.data.region !== path.basename(file, ".json")) {
        throw new Error(`${file}: holds the prices of ${result.data.region}, not of the region its name says`);
    }
    return result.data;
}

/** The shipped price files, each read once when first asked for. */
export function priceFiles(dir: string = PRICES_DIR): PriceBook {
    const cache = new Map<string, RegionPrices | undefined>();
    return (region) => {
        if (!cache.has(region)) {
            const file = path.join(dir, `${region}.json`);
            cache.set(region, /^[a-z0-9-]+$/.test(region) && fs.existsSync(file) ? readRegionPrices(file) : undefined);
        }
        return cache.get(region);
    };
}
