import * as path from "path";
import type { PlanDocument } from "../../delivery/plan";
import type { Registration } from "../../delivery/monitor";
import { offThread } from "./offThread";

export const REPO = path.resolve(__dirname, "..", "..");

const PLANNER = require.resolve("../../delivery/plan");

const cache = new Map<string, Promise<PlanDocument>>();

/** The plan of one of the repository's own stacks, computed once per test run, on the other core (./offThread.ts). */
export function planOf(stack: "dev" | "prod"): Promise<PlanDocument> {
    let plan = cache.get(stack);
    if (!plan) {
        plan = offThread<PlanDocument>(PLANNER, "planStack", { stack, dir: REPO });
        cache.set(stack, plan);
    }
    return plan;
}

// Most test files read these plans: started as the first of them loads, they are under way while mocha loads the rest.
planOf("dev");
planOf("prod");

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
