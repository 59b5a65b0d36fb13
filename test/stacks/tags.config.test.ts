import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import * as YAML from "yaml";
import type { PlanDocument } from "../../delivery/plan";
import { parsePlatformConfig } from "../../stacks/config";
import { BERTH_TAGS_PER_RESOURCE } from "../../stacks/config/tags";
import { cluster, problemsOf, today } from "../helpers/config";
import { planOf, REPO } from "../helpers/plans";

const tagProblems = (tags: unknown) => problemsOf({ tags, clusters: [cluster()] });

/** Provider inputs reach the plan as JSON text. */
const parsed = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : value);

const isTagMap = (value: unknown): value is Record<string, string> =>
    typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string");

/** Tag maps inside a resource's inputs, such as a launch template's tags for the instances it starts. */
function nestedTagMaps(value: unknown): Record<string, string>[] {
    if (typeof value !== "object" || value === null) {
        return [];
    }
    return Object.entries(value).flatMap(([key, child]) =>
        (key === "tags" || key === "resourceTags") && isTagMap(child) ? [child] : nestedTagMaps(child),
    );
}

/** Every set of tags an AWS resource of the plan carries: its own merged with its provider's defaultTags, and nested ones. */
function tagSets(plan: PlanDocument): { urn: string; keys: string[] }[] {
    const byUrn = new Map(plan.resources.map((resource) => [resource.urn, resource]));
    return plan.resources
        .filter((resource) => resource.custom && resource.type.startsWith("aws:"))
        .flatMap((resource) => {
            const { tags, ...rest } = resource.inputs;
            const provider = resource.provider ? byUrn.get(resource.provider) : undefined;
            const defaults = (parsed(provider?.inputs.defaultTags) as { tags?: Record<string, string> } | undefined)?.tags ?? {};
            const own = { ...defaults, ...(isTagMap(tags) ? tags : {}) };
            return [own, ...nestedTagMaps(rest)].map((set) => ({ urn: resource.urn, keys: Object.keys(set) }));
        });
}

describe("stack config: tags", () => {
    it("accepts tags within AWS's limits", () => {
        const { config } = parsePlatformConfig(
            { tags: { "cost-centre": "platform", "team:owner": "a@example.com", empty: "" }, clusters: [cluster()] },
            { stack: "dev", today },
        );
        expect(config.tags).to.deep.equal({ "cost-centre": "platform", "team:owner": "a@example.com", empty: "" });
    });

    it("refuses keys and values longer than AWS allows, and the aws: prefix in any case", () => {
        const long = "k".repeat(129);
        expect(tagProblems({ [long]: "v", owner: "x".repeat(257), "AWS:team": "a", team: "aws:x" })).to.deep.equal([
            `platform:tags.${long}: must be at most 128 characters, AWS's limit for a tag key (got 129)`,
            "platform:tags.owner: must be at most 256 characters, AWS's limit for a tag value (got 257)",
            'platform:tags.AWS:team: must not start with aws:, which AWS reserves for its own tags (got "AWS:team")',
            'platform:tags.team: must not start with aws:, which AWS reserves (got "aws:x")',
        ]);
    });

    it("refuses characters some AWS services refuse, and the keys Berth sets itself", () => {
        expect(tagProblems({ "team#1": "a", owner: "a,b", Name: "x", "berth:cluster": "x", "managed-by": "me" })).to.deep.equal([
            'platform:tags.team#1: must use only letters, digits, spaces and _ . : / = + - @ (the characters every AWS service accepts in tags) (got "team#1")',
            'platform:tags.owner: must use only letters, digits, spaces and _ . : / = + - @ (the characters every AWS service accepts in tags) (got "a,b")',
            'platform:tags.Name: is a tag Berth sets itself on its resources; choose another key (got "Name")',
            'platform:tags.berth:cluster: is a tag Berth sets itself on its resources; choose another key (got "berth:cluster")',
            'platform:tags.managed-by: is a tag Berth sets itself on its resources; choose another key (got "managed-by")',
        ]);
    });

    it("leaves room on every resource for the tags Berth adds", () => {
        const tags = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`tag-${index}`, "x"]));
        expect(parsePlatformConfig({ tags: tags(44), clusters: [cluster()] }, { stack: "dev", today }).config.tags).to.have.keys(
            Object.keys(tags(44)),
        );
        expect(tagProblems(tags(45))).to.deep.equal([
            "platform:tags: must have at most 44 tags (got 45): AWS allows 50 per resource and Berth adds up to 6 of its own to one",
        ]);
    });

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: Berth puts at most ${BERTH_TAGS_PER_RESOURCE} tags of its own on any resource, the figure the limit above assumes`, async () => {
            const file = YAML.parse(fs.readFileSync(path.join(REPO, `Pulumi.${stack}.yaml`), "utf8")) as {
                config: Record<string, unknown>;
            };
            const userTags = Object.keys((file.config["platform:tags"] ?? {}) as Record<string, string>);
            const sets = tagSets(await planOf(stack)).map(({ urn, keys }) => ({
                urn,
                berth: keys.filter((key) => !userTags.includes(key)),
            }));
            const most = Math.max(...sets.map((set) => set.berth.length));
            expect(most, JSON.stringify(sets.find((set) => set.berth.length === most))).to.equal(BERTH_TAGS_PER_RESOURCE);
        });
    }
});
