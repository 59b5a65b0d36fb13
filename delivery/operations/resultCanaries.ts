import type { Deployment } from "@pulumi/pulumi/automation";
import { CANARY_TYPE, canarySummaries, CanarySummary, summariseCanary } from "../canaries";
import type { PreviewStep } from "../comment/previewJson";
import { readable, Registration } from "../monitor";
import { planFromDeployment } from "./exportedState";

/** Steps that take a resource out of the stack, leaving no state behind it. */
const REMOVING = new Set(["delete", "discard"]);

/**
 * The canary releases a stack would have after a real preview: each resource's last new state in the preview's
 * steps (a replacement's steps end on the new resource), without the resources the preview deletes. Unknown values
 * ("known after apply") are left out of the summaries, as a plan's are.
 */
export function canariesFromSteps(steps: readonly PreviewStep[]): CanarySummary[] {
    const resources = new Map<string, Registration>();
    for (const step of steps) {
        if (REMOVING.has(step.op)) resources.delete(step.urn);
        else if (step.newState?.type) resources.set(step.urn, registrationOf(step));
    }
    return [...resources.values()].filter((resource) => resource.type === CANARY_TYPE).map((canary) => summariseCanary(canary, resources));
}

/** The canary releases of a deployed stack, from its exported state; none when nothing is deployed. */
export function canariesFromDeployment(deployment: Deployment, stack: string): CanarySummary[] {
    const deployed = planFromDeployment(deployment, stack);
    return deployed ? canarySummaries(deployed) : [];
}

function registrationOf(step: PreviewStep): Registration {
    const state = step.newState!;
    return {
        urn: step.urn,
        type: state.type!,
        name: step.urn.split("::").pop() ?? step.urn,
        custom: state.custom ?? false,
        parent: state.parent || null,
        // A step's provider reference is "<urn>::<id>".
        provider: step.provider ? step.provider.slice(0, step.provider.lastIndexOf("::")) : null,
        dependencies: [],
        protect: state.protect ?? false,
        inputs: readable(state.inputs ?? {}) as Record<string, unknown>,
    };
}
