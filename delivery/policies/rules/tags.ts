import type { Finding, ResourceView, Rule, RuleContext } from "../types";
import { isHidden, isMap, listed, structured, valueAt } from "../values";
import { TAGGABLE_AWS_TYPES } from "./taggableAwsTypes";

const TAGGABLE = new Set(TAGGABLE_AWS_TYPES.types);

/** A resource's own tags: a map, or (Auto Scaling groups) a list of {key, value}. Undefined when they cannot be told. */
function ownTags(tags: unknown): Record<string, unknown> | undefined {
    if (isHidden(tags)) {
        return undefined;
    }
    if (Array.isArray(tags)) {
        return Object.fromEntries(tags.filter(isMap).map((tag) => [String(tag.key), tag.value]));
    }
    return isMap(tags) ? tags : {};
}

/** The tags the resource's provider adds to everything it creates. Undefined when they cannot be told. */
function defaultTags(resource: ResourceView): Record<string, unknown> | undefined {
    const tags = valueAt(structured(resource.provider?.inputs.defaultTags), "tags");
    if (isHidden(tags)) {
        return undefined;
    }
    return isMap(tags) ? tags : {};
}

const carries = (tags: Record<string, unknown>, key: string) => {
    const value = tags[key];
    return isHidden(value) || (typeof value === "string" && value !== "");
};

export const awsRequiredTags: Rule = {
    id: "aws-required-tags",
    title: "Every taggable AWS resource carries the environment and cost-centre tags",
    description:
        "Every AWS resource that takes tags carries the required tags (platform:policies.requiredTags, by default " +
        "berth:environment and cost-centre), set on the resource or added by its provider's defaultTags, so that cost " +
        "reports and audits can group everything by environment and cost centre.",
    resources: {
        appliesTo: (type) => TAGGABLE.has(type),
        check(resource: ResourceView, { requiredTags }: RuleContext): Finding[] {
            const own = ownTags(resource.inputs.tags);
            const defaults = defaultTags(resource);
            if (own === undefined || defaults === undefined) {
                return [];
            }
            const tags = { ...defaults, ...own };
            const missing = requiredTags.filter((key) => !carries(tags, key));
            if (missing.length === 0) {
                return [];
            }
            const noun = missing.length === 1 ? "tag" : "tags";
            return [
                {
                    message: `lacks the ${noun} ${listed(missing)}: neither its tags nor its provider's defaultTags set ${missing.length === 1 ? "it" : "them"}`,
                },
            ];
        },
    },
};
