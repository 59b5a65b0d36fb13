import type { PreviewStep } from "./previewJson";
import { parseUrn } from "./urn";

/** Where a resource sits in Berth's composition: its cluster and its innermost component. */
export interface Placement {
    cluster?: string;
    component?: string;
}

const CLUSTER_TYPE = "berth:cluster:Cluster";
/** The whole environment: every resource is inside it, so it says nothing about where one sits. */
const PLATFORM_TYPE = "berth:stack:Platform";

/**
 * Places a resource by its parent chain (`parents`: a resource's URN to its parent's). Without a known parent (a
 * preview filtered with --target) only the URN's type chain is left, which names component types but not names.
 */
export function placeIn(urn: string, parents: ReadonlyMap<string, string>): Placement {
    const placement: Placement = {};
    const seen = new Set<string>();
    for (let parent = parents.get(urn); parent !== undefined && !seen.has(parent); parent = parents.get(parent)) {
        seen.add(parent);
        const { type, name } = parseUrn(parent);
        if (!type.startsWith("berth:") || type === PLATFORM_TYPE) continue;
        placement.component ??= `${name} (${type})`;
        if (type === CLUSTER_TYPE) placement.cluster ??= name;
    }
    if (placement.component === undefined) {
        const component = [...parseUrn(urn).parentTypes].reverse().find((type) => type.startsWith("berth:") && type !== PLATFORM_TYPE);
        if (component) placement.component = component;
    }
    return placement;
}

/** Places the resources of a preview by the parents its steps' states record. */
export function placer(steps: PreviewStep[]): (urn: string) => Placement {
    const parents = new Map<string, string>();
    for (const step of steps) {
        const parent = step.newState?.parent ?? step.oldState?.parent;
        if (parent) parents.set(step.urn, parent);
    }
    return (urn) => placeIn(urn, parents);
}
