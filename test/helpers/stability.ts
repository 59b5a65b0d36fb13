import { isDeepStrictEqual } from "util";
import type { PlanDocument } from "../../delivery/plan";

/** What an edit does to the resources a stack already had, judged by URN. */
export interface EditEffect {
    /** URNs the first plan had and the second has not: a deploy would delete (or rename-replace) them. */
    disappeared: string[];
    /** `<type> <name>` of resources in both plans whose inputs differ: a deploy would update or replace them. */
    changed: string[];
}

/** Compares two plans of one stack, before and after an edit of its config. */
export function editEffect(before: PlanDocument, after: PlanDocument): EditEffect {
    const afterByUrn = new Map(after.resources.map((resource) => [resource.urn, resource]));
    const disappeared: string[] = [];
    const changed: string[] = [];
    for (const resource of before.resources) {
        const now = afterByUrn.get(resource.urn);
        if (!now) {
            disappeared.push(resource.urn);
        } else if (!isDeepStrictEqual(resource.inputs, now.inputs)) {
            changed.push(`${resource.type} ${resource.name}`);
        }
    }
    return { disappeared, changed };
}
