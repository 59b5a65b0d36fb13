import * as path from "path";
import { planStack, PlanDocument } from "../../delivery/plan";
import type { Registration } from "../../delivery/monitor";

export const REPO = path.resolve(__dirname, "..", "..");

const cache = new Map<string, Promise<PlanDocument>>();

/** The plan of one of the repository's own stacks, computed once per test run. */
export function planOf(stack: "dev" | "prod"): Promise<PlanDocument> {
    let plan = cache.get(stack);
    if (!plan) {
        plan = planStack({ stack, dir: REPO });
        cache.set(stack, plan);
    }
    return plan;
}

export function ofType(plan: PlanDocument, type: string): Registration[] {
    return plan.resources.filter((resource) => resource.type === type);
}

/** The one resource of `type` named `name`; fails loudly when there is none or several. */
export function named(plan: PlanDocument, type: string, name: string): Registration {
    const found = plan.resources.filter((resource) => resource.type === type && resource.name === name);
    if (found.length !== 1) {
        throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    }
    return found[0];
}

export function byUrn(plan: PlanDocument, urn: string | null): Registration {
    const found = plan.resources.find((resource) => resource.urn === urn);
    if (!found) {
        throw new Error(`no resource with urn ${urn}`);
    }
    return found;
}

/** Whether `resource` sits, at any depth, under the component `ancestorUrn`. */
export function isUnder(plan: PlanDocument, resource: Registration, ancestorUrn: string): boolean {
    for (let parent = resource.parent; parent; parent = byUrn(plan, parent).parent) {
        if (parent === ancestorUrn) {
            return true;
        }
    }
    return false;
}
