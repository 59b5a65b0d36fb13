import type { Offer, OfferProduct } from "./offerFile";
import type { RegionPrices } from "./prices";

/**
 * The figures a price file holds, picked out of the Price List offers of one region. Each picker names the products
 * it wants by their attributes as the Price List spells them, and fails with that name when the offer has none, so a
 * refresh never writes a file with a figure missing.
 */

/** A usage type without its region prefix: us-east-1 has none ("NatGateway-Hours"), other regions do ("EU-NatGateway-Hours"). */
const usage = (name: string) => (product: OfferProduct) =>
    product.attributes.usagetype === name || (product.attributes.usagetype ?? "").endsWith(`-${name}`);

/** The first paid tier's price of the first product that matches: free tiers (price 0) and higher tiers are skipped. */
export function priceOf(offer: Offer, service: string, what: string, match: (product: OfferProduct) => boolean): number {
    for (const product of offer.products.filter(match)) {
        const paid = (offer.onDemand.get(product.sku) ?? [])
            .filter((d) => Number.isFinite(d.usd) && d.usd > 0)
            .sort((a, b) => Number(a.beginRange ?? 0) - Number(b.beginRange ?? 0));
        if (paid.length > 0) return paid[0].usd;
    }
    throw new Error(`${service}: no on-demand price for ${what}`);
}

/** EC2 offer: Linux on-demand instances (with their size), EBS storage per volume type, NAT gateways. */
export function ec2Figures(offer: Offer, instanceTypes: string[], volumeTypes: string[]): Pick<RegionPrices, "ec2" | "ebs" | "natGateway"> {
    const ec2: RegionPrices["ec2"] = {};
    for (const type of instanceTypes) {
        const isInstance = (p: OfferProduct) =>
            p.productFamily === "Compute Instance" &&
            p.attributes.instanceType === type &&
            p.attributes.operatingSystem === "Linux" &&
            p.attributes.tenancy === "Shared" &&
            p.attributes.preInstalledSw === "NA" &&
            p.attributes.capacitystatus === "Used" &&
            p.attributes.licenseModel === "No License required";
        const product = offer.products.find(isInstance);
        ec2[type] = {
            onDemandHourly: priceOf(offer, "AmazonEC2", `instance ${type} (Linux, shared)`, isInstance),
            vcpu: Number(product?.attributes.vcpu),
            memoryGiB: Number.parseFloat((product?.attributes.memory ?? "").replace(/,/g, "")),
        };
    }
    const ebs: RegionPrices["ebs"] = {};
    for (const volumeType of volumeTypes) {
        ebs[volumeType] = priceOf(
            offer,
            "AmazonEC2",
            `EBS ${volumeType} storage`,
            (p) => p.productFamily === "Storage" && p.attributes.volumeApiName === volumeType,
        );
    }
    return {
        ec2,
        ebs,
        natGateway: {
            perHour: priceOf(offer, "AmazonEC2", "NatGateway-Hours", usage("NatGateway-Hours")),
            perGb: priceOf(offer, "AmazonEC2", "NatGateway-Bytes", usage("NatGateway-Bytes")),
        },
    };
}

export const eksFigures = (offer: Offer): RegionPrices["eks"] => ({
    standardPerClusterHour: priceOf(offer, "AmazonEKS", "AmazonEKS-Hours:perCluster", usage("AmazonEKS-Hours:perCluster")),
    extendedPerClusterHour: priceOf(offer, "AmazonEKS", "AmazonEKS-Hours:extendedSupport", usage("AmazonEKS-Hours:extendedSupport")),
});

export const loadBalancerFigures = (offer: Offer): RegionPrices["networkLoadBalancer"] => {
    const network = (name: string) => (p: OfferProduct) => p.productFamily === "Load Balancer-Network" && usage(name)(p);
    return {
        perHour: priceOf(offer, "AWSELB", "Network Load Balancer hours", network("LoadBalancerUsage")),
        perNlcuHour: priceOf(offer, "AWSELB", "Network Load Balancer NLCU-hours", network("LCUUsage")),
    };
};

export const publicIpv4Figures = (offer: Offer): RegionPrices["publicIpv4"] => ({
    perHour: priceOf(offer, "AmazonVPC", "PublicIPv4:InUseAddress", usage("PublicIPv4:InUseAddress")),
});

/** EKS control-plane logs are vended logs, billed in tiers: the first paid tier is what a cluster's logs pay. */
export const cloudwatchLogsFigures = (offer: Offer): RegionPrices["cloudwatchLogs"] => ({
    ingestionPerGb: priceOf(offer, "AmazonCloudWatch", "VendedLog-Bytes", usage("VendedLog-Bytes")),
    storagePerGbMonth: priceOf(offer, "AmazonCloudWatch", "TimedStorage-ByteHrs", usage("TimedStorage-ByteHrs")),
});

export const s3Figures = (offer: Offer): RegionPrices["s3"] => ({
    standardPerGbMonth: priceOf(offer, "AmazonS3", "S3 Standard TimedStorage-ByteHrs", usage("TimedStorage-ByteHrs")),
});

export const ecrFigures = (offer: Offer): RegionPrices["ecr"] => ({
    perGbMonth: priceOf(offer, "AmazonECR", "TimedStorage-ByteHrs", usage("TimedStorage-ByteHrs")),
});

export const kmsFigures = (offer: Offer): RegionPrices["kms"] => ({
    perKeyMonth: priceOf(offer, "awskms", "KMS-Keys", usage("KMS-Keys")),
});

/** The Spot Instance Advisor feed: `spot_advisor.<region>.Linux.<type>.s` is the saving against on-demand, in percent. */
export function spotSavings(advisor: unknown, region: string, instanceTypes: string[]): Record<string, number> {
    const linux =
        (advisor as { spot_advisor?: Record<string, { Linux?: Record<string, { s?: number }> }> }).spot_advisor?.[region]?.Linux ?? {};
    return Object.fromEntries(
        instanceTypes.flatMap((type) => (typeof linux[type]?.s === "number" ? [[type, linux[type]!.s as number]] : [])),
    );
}
