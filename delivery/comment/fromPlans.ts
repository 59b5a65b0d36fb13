import type { PlanDocument } from "../plan";
import { emptyCounts, ResourceChange, StackChanges } from "./changes";
import { CommentError } from "./errors";
import { placeIn } from "./grouping";
import { inputDiff } from "./inputDiff";

type PlannedResource = PlanDocument["resources"][number];
type Violation = NonNullable<PlanDocument["violations"]>[number];

/** Reads a plan document (`berth plan <stack> --json`), refusing anything else with a message naming the file. */
export function parsePlan(text: string, file: string): PlanDocument {
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch (err) {
        throw new CommentError(`${file} is not JSON (${(err as Error).message}): it should hold a plan from \`berth plan <stack> --json\``);
    }
    const plan = data as Partial<PlanDocument> | null;
    if (
        typeof plan !== "object" ||
        plan === null ||
        plan.version !== 1 ||
        typeof plan.stack !== "string" ||
        !Array.isArray(plan.resources)
    ) {
        const hint = typeof plan === "object" && plan !== null && "steps" in plan ? " (it looks like a pulumi preview: use --stack)" : "";
        throw new CommentError(`${file} is not a Berth plan document (version 1, stack, resources)${hint}`);
    }
    return plan as PlanDocument;
}

/**
 * One stack's changes between the offline plans of the pull request's base and head: resources by URN created,
 * deleted or with changed inputs (the mock engine cannot tell which input changes a provider would replace for), the
 * change in the monthly cost estimate, and the policy findings the head adds.
 */
export function changesFromPlans(base: PlanDocument, head: PlanDocument): StackChanges {
    const before = new Map(base.resources.map((resource) => [resource.urn, resource]));
    const after = new Map(head.resources.map((resource) => [resource.urn, resource]));
    const parents = new Map<string, string>();
    for (const resource of [...base.resources, ...head.resources]) if (resource.parent) parents.set(resource.urn, resource.parent);
    const counts = emptyCounts();
    const resources: ResourceChange[] = [];
    const change = (resource: PlannedResource, op: ResourceChange["op"], old?: PlannedResource) => {
        counts[op]++;
        if (op === "same") return;
        const properties = old ? inputDiff(old.inputs, resource.inputs) : [];
        resources.push({
            urn: resource.urn,
            type: resource.type,
            name: resource.name,
            op,
            ...placeIn(resource.urn, parents),
            protect: resource.protect || (old?.protect ?? false),
            properties,
            changedWithoutDetail: [],
            replaceReasons: [],
        });
    };
    for (const resource of head.resources) {
        const old = before.get(resource.urn);
        if (!old) change(resource, "create");
        else change(resource, JSON.stringify(old.inputs) === JSON.stringify(resource.inputs) ? "same" : "update", old);
    }
    for (const resource of base.resources) if (!after.has(resource.urn)) change(resource, "delete");

    const added = newFindings(base.violations ?? [], head.violations ?? []);
    const finding = (violation: Violation) => `${violation.rule}: ${violation.message} (${violation.type} ${violation.name})`;
    return {
        stack: head.stack,
        source: "offline plan",
        resources,
        counts,
        costDelta: base.cost && head.cost ? { before: base.cost.monthly, after: head.cost.monthly } : undefined,
        policy:
            head.violations === undefined
                ? undefined
                : {
                      mandatory: added.filter((violation) => violation.severity === "mandatory").map(finding),
                      advisory: added.filter((violation) => violation.severity !== "mandatory").map(finding),
                  },
    };
}

/** Findings of the head that the base did not have, leaving out those an exception accepts. */
function newFindings(base: Violation[], head: Violation[]): Violation[] {
    const key = (violation: Violation) => `${violation.rule}\u0000${violation.urn}\u0000${violation.message}`;
    const known = new Set(base.map(key));
    return head.filter((violation) => violation.exception === undefined && !known.has(key(violation)));
}
