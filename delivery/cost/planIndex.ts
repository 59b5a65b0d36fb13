import type { Registration } from "../monitor";
import type { PlanDocument } from "../plan";

const CLUSTER_COMPONENT = "berth:cluster:Cluster";
const AWS_PROVIDER = "pulumi:providers:aws";

/** Where resources outside any cluster (the registry, its keys and caches) are counted. */
export const ENVIRONMENT = "(environment)";

/**
 * A plan's resources with what the estimate asks of each: which cluster it belongs to and which region it runs in.
 * Read defensively, as delivery/review.ts does: a resource whose parent or provider is missing is counted under the
 * environment, or left without a region, never an error.
 */
export interface PlanIndex {
    plan: PlanDocument;
    byUrn: Map<string, Registration>;
    ofType(type: string | RegExp): Registration[];
    /** The nearest enclosing cluster component's name, or ENVIRONMENT. */
    scopeOf(resource: Registration): string;
    /** The region of the nearest AWS provider: the resource's own, else one a parent component was given. */
    regionOf(resource: Registration): string | undefined;
}

export function indexPlan(plan: PlanDocument): PlanIndex {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    // The estimate asks for some twenty types, each of a plan's hundreds of resources: grouped once, in plan order.
    const byType = new Map<string, Registration[]>();
    for (const r of plan.resources) {
        const group = byType.get(r.type);
        if (group) group.push(r);
        else byType.set(r.type, [r]);
    }
    const ancestry = (r: Registration): Registration[] => {
        const chain: Registration[] = [];
        const seen = new Set<string>();
        for (let at: Registration | undefined = r; at && !seen.has(at.urn); at = at.parent ? byUrn.get(at.parent) : undefined) {
            chain.push(at);
            seen.add(at.urn);
        }
        return chain;
    };
    const awsRegion = (urn: string | null | undefined): string | undefined => {
        const provider = urn ? byUrn.get(urn) : undefined;
        const region = provider?.type === AWS_PROVIDER ? provider.inputs.region : undefined;
        return typeof region === "string" ? region : undefined;
    };
    // Each priced item asks for its resource's scope and region, some resources many times: each answered once.
    const scopes = new Map<Registration, string>();
    const regions = new Map<Registration, string | undefined>();
    return {
        plan,
        byUrn,
        ofType: (type) => (typeof type === "string" ? [...(byType.get(type) ?? [])] : plan.resources.filter((r) => type.test(r.type))),
        scopeOf: (r) => remembered(scopes, r, () => ancestry(r).find((at) => at.type === CLUSTER_COMPONENT)?.name ?? ENVIRONMENT),
        regionOf: (r) =>
            remembered(regions, r, () =>
                ancestry(r)
                    .map((at) => awsRegion(at.provider) ?? awsRegion(at.providers?.aws))
                    .find((region) => region !== undefined),
            ),
    };
}

function remembered<V>(answers: Map<Registration, V>, resource: Registration, answer: () => V): V {
    if (answers.has(resource)) return answers.get(resource)!;
    const value = answer();
    answers.set(resource, value);
    return value;
}
