import { z } from "zod";
import { REGION } from "./patterns";
import { didYouMean } from "./suggest";

/**
 * The AWS commercial-partition regions, every one of which offers EKS. Source: the commercial regions of the
 * `Region` enum of @pulumi/aws 7.48 (node_modules/@pulumi/aws/types/enums/index.d.ts), checked against the
 * service endpoints of "Amazon Elastic Kubernetes Service endpoints and quotas"
 * (https://docs.aws.amazon.com/general/latest/gr/eks.html). A region AWS opens later is added here.
 */
export const COMMERCIAL_REGIONS: readonly string[] = [
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/** Regions of the other partitions, by the prefix of their names (most specific first). */
const OTHER_PARTITIONS: readonly { prefix: string; partition: string }[] = [
    { prefix: "cn-", partition: "aws-cn (AWS China)" },
    { prefix: "us-gov-", partition: "aws-us-gov (AWS GovCloud)" },
    { prefix: "us-isob-", partition: "aws-iso-b" },
    { prefix: "us-isof-", partition: "aws-iso-f" },
    { prefix: "us-iso-", partition: "aws-iso" },
    { prefix: "eu-isoe-", partition: "aws-iso-e" },
    { prefix: "eusc-", partition: "aws-eusc (AWS European Sovereign Cloud)" },
];

/** Why `text` is not a region Berth can deploy to, or undefined when it is one. */
export function regionProblem(text: string): string | undefined {
    if (COMMERCIAL_REGIONS.includes(text)) {
        return undefined;
    }
    const other = OTHER_PARTITIONS.find(({ prefix }) => text.startsWith(prefix));
    if (other) {
        return `is a region of the ${other.partition} partition: Berth deploys only to the AWS commercial partition, whose ARNs (arn:aws:...) its components write`;
    }
    if (!REGION.test(text)) {
        return "must be an AWS region such as eu-west-1";
    }
    const area = text.slice(0, text.lastIndexOf("-") + 1);
    const neighbours = COMMERCIAL_REGIONS.filter((region) => region.startsWith(area));
    return neighbours.length > 0
        ? `is not an AWS region (the ${area.slice(0, -1)} regions are ${neighbours.join(", ")})`
        : `is not an AWS region${didYouMean(text, COMMERCIAL_REGIONS)}`;
}

/** A commercial-partition AWS region, refused with the reason and the nearest real region. */
export const region = z.string().superRefine((text, ctx) => {
    const problem = regionProblem(text);
    if (problem !== undefined) {
        ctx.addIssue({ code: "custom", input: text, message: problem });
    }
});
