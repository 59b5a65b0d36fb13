import { z } from "zod";
import { everyMap } from "./partial";

/** AWS's tag limits ("Tag naming limits and requirements" in the AWS tagging docs), refused at plan time, not at deploy. */
export const AWS_TAG_LIMITS = { perResource: 50, keyLength: 128, valueLength: 256 } as const;

/**
 * The most tags Berth itself puts on one resource, which count against the same 50: a node group carries
 * berth:environment, managed-by, berth:cluster, berth:pool and the two cluster-autoscaler discovery tags (a subnet
 * as many: the two environment tags, berth:cluster, Name and two Kubernetes discovery tags).
 * test/stacks/tags.config.test.ts holds this against the shipped plans.
 */
export const BERTH_TAGS_PER_RESOURCE = 6;

/** The characters every AWS service accepts in tags; some (EC2) take more, but IAM roles and KMS keys do not. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const CHARACTER_RULE = "must use only letters, digits, spaces and _ . : / = + - @ (the characters every AWS service accepts in tags)";

/** AWS reserves the prefix, in any case, for its own tags. */
const reservedForAws = (text: string) => text.toLowerCase().startsWith("aws:");

/** Keys Berth writes itself: a user tag with one of them would be overwritten on some resources and not others. */
const BERTH_KEYS = ["managed-by", "Name"];
const BERTH_PREFIXES = ["berth:", "kubernetes.io/", "k8s.io/"];

function keyProblem(key: string): string | undefined {
    if (key.length === 0) {
        return "must not be empty";
    }
    if (key.length > AWS_TAG_LIMITS.keyLength) {
        return `must be at most ${AWS_TAG_LIMITS.keyLength} characters, AWS's limit for a tag key (got ${key.length})`;
    }
    if (reservedForAws(key)) {
        return "must not start with aws:, which AWS reserves for its own tags";
    }
    if (BERTH_KEYS.includes(key) || BERTH_PREFIXES.some((prefix) => key.startsWith(prefix))) {
        return "is a tag Berth sets itself on its resources; choose another key";
    }
    return TAG_CHARACTERS.test(key) ? undefined : CHARACTER_RULE;
}

function valueProblem(value: string): string | undefined {
    if (value.length > AWS_TAG_LIMITS.valueLength) {
        return `must be at most ${AWS_TAG_LIMITS.valueLength} characters, AWS's limit for a tag value (got ${value.length})`;
    }
    if (reservedForAws(value)) {
        return "must not start with aws:, which AWS reserves";
    }
    return TAG_CHARACTERS.test(value) ? undefined : CHARACTER_RULE;
}

const checked = (problemOf: (text: string) => string | undefined) =>
    z.string().superRefine((text, ctx) => {
        const problem = problemOf(text);
        if (problem !== undefined) {
            ctx.addIssue({ code: "custom", input: text, message: problem });
        }
    });

const MAX_USER_TAGS = AWS_TAG_LIMITS.perResource - BERTH_TAGS_PER_RESOURCE;

/** `platform:tags`: extra tags on every AWS resource, within what AWS accepts once Berth's own are added. */
export const tagsSchema = z
    .record(checked(keyProblem), checked(valueProblem))
    .superRefine((tags, ctx) => {
        const count = Object.keys(tags).length;
        if (count > MAX_USER_TAGS) {
            ctx.addIssue({
                code: "custom",
                input: tags,
                message: `must have at most ${MAX_USER_TAGS} tags (got ${count}): AWS allows ${AWS_TAG_LIMITS.perResource} per resource and Berth adds up to ${BERTH_TAGS_PER_RESOURCE} of its own to one`,
            });
        }
    }, everyMap)
    .default({});
