import type { Registration } from "../monitor";
import { num, quantity, record, records, text } from "./inputs";
import type { PlanIndex } from "./planIndex";

/**
 * Pods that only run on some nodes (a nodeSelector) and say what they request: the Elasticsearch tiers on on-demand
 * capacity, Prometheus on the system pool. A pool that starts smaller than they need is scaled up by the
 * cluster-autoscaler as soon as they are created, so the estimate counts the nodes they need, not the starting size.
 */
export interface PinnedPods {
    scope: string;
    /** The resource and, for a multi-tier object, the tier: "prod-euw1-logging-elasticsearch hot". */
    name: string;
    replicas: number;
    /** Per pod. */
    cpu: number;
    memoryGiB: number;
    nodeSelector: Record<string, string>;
    tolerations: Toleration[];
}

export interface Toleration {
    key?: string;
    operator?: string;
    value?: string;
    effect?: string;
}

/** A pod template as the objects Berth writes carry it, with how many pods run from it. */
interface PodSource {
    name: string;
    replicas: number;
    /** The pod spec, or (prometheus-operator) the object's spec holding nodeSelector, tolerations and resources. */
    spec: Record<string, unknown>;
}

const WORKLOADS = /^kubernetes:apps\/v1:(Deployment|StatefulSet)$/;
const ELASTICSEARCH = /^kubernetes:elasticsearch\.k8s\.elastic\.co\/v\w+:Elasticsearch$/;
const KIBANA = /^kubernetes:kibana\.k8s\.elastic\.co\/v\w+:Kibana$/;
const PROMETHEUS_OPERATOR = /^kubernetes:monitoring\.coreos\.com\/v\w+:(Prometheus|Alertmanager)$/;

function podSources(resource: Registration): PodSource[] {
    const spec = record(resource.inputs.spec);
    if (WORKLOADS.test(resource.type)) {
        return [{ name: resource.name, replicas: num(spec.replicas) ?? 1, spec: record(record(spec.template).spec) }];
    }
    if (ELASTICSEARCH.test(resource.type)) {
        return records(spec.nodeSets).map((set) => ({
            name: `${resource.name} ${text(set.name) ?? ""}`.trim(),
            replicas: num(set.count) ?? 1,
            spec: record(record(set.podTemplate).spec),
        }));
    }
    if (KIBANA.test(resource.type)) {
        return [{ name: resource.name, replicas: num(spec.count) ?? 1, spec: record(record(spec.podTemplate).spec) }];
    }
    if (PROMETHEUS_OPERATOR.test(resource.type)) {
        const shards = resource.type.endsWith(":Prometheus") ? (num(spec.shards) ?? 1) : 1;
        return [{ name: resource.name, replicas: (num(spec.replicas) ?? 1) * shards, spec }];
    }
    return [];
}

/** What one pod requests: its containers' requests summed; prometheus-operator objects give the main container's. */
function requests(spec: Record<string, unknown>): { cpu: number; memoryGiB: number } {
    const containers = Array.isArray(spec.containers) ? records(spec.containers) : [];
    // prometheus-operator lists only overrides in `containers`; the main container's requests are spec.resources.
    const all = spec.resources === undefined ? containers : [{ resources: spec.resources }];
    const sum = (key: "cpu" | "memory") => all.reduce((total, c) => total + (quantity(record(record(c.resources).requests)[key]) ?? 0), 0);
    return { cpu: sum("cpu"), memoryGiB: sum("memory") / 2 ** 30 };
}

/** Every group of pods in the plan that is pinned to some nodes by a nodeSelector. */
export function pinnedPods(index: PlanIndex): PinnedPods[] {
    return index.plan.resources.flatMap((resource) =>
        podSources(resource)
            .filter((source) => source.replicas > 0 && Object.keys(record(source.spec.nodeSelector)).length > 0)
            .map((source) => ({
                scope: index.scopeOf(resource),
                name: source.name,
                replicas: source.replicas,
                ...requests(source.spec),
                nodeSelector: Object.fromEntries(
                    Object.entries(record(source.spec.nodeSelector)).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])),
                ),
                tolerations: records(source.spec.tolerations).map((t) => ({
                    key: text(t.key),
                    operator: text(t.operator),
                    value: text(t.value),
                    effect: text(t.effect),
                })),
            })),
    );
}
