import * as path from "path";
import { planStack, PlanDocument, PlanOptions } from "../../delivery/plan";
import type { Registration } from "../../delivery/monitor";
import { FIXED_TODAY, onDay } from "./fixedToday";
import { offThread } from "./offThread";

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

/** A plan made in another thread: the program, if given, is the path of its entry module. */
export type OffThreadPlan = Omit<PlanOptions, "program"> & { program?: string };

/**
 * `planStack` in the worker thread (./offThread.ts), with the program's "today" set to `day`. A test file that asks
 * for its plan as it loads finds it made in the worker while this thread ran the tests before it.
 */
export function planOffThread(options: OffThreadPlan, day: string = FIXED_TODAY): Promise<PlanDocument> {
    return offThread(__filename, planOnDay.name, options, day);
}

/** What `planOffThread` runs in the worker, where each job has the thread's "today" to itself. */
export function planOnDay(options: OffThreadPlan, day: string): Promise<PlanDocument> {
    return onDay(day, () => planStack(options));
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
