import type { Registration } from "./monitor";
import type { PlanDocument } from "./plan";

/** The type of a Flagger Canary in a plan. */
export const CANARY_TYPE = "kubernetes:flagger.app/v1beta1:Canary";

/** One check of a canary's analysis: a metric and the range it must stay in. */
export interface CanaryCheckSummary {
    name: string;
    /** The MetricTemplate it runs, "<namespace>/<name>". */
    template?: string;
    min?: number;
    max?: number;
    /** The range the query covers, e.g. "1m". */
    window?: string;
}

/** A canary release as configured in a plan: what a run page shows next to the analysis' live progress. */
export interface CanarySummary {
    /** The Canary's name in the plan, e.g. "prod-euw1-storefront-canary". */
    resource: string;
    /** The cluster it runs on: the name of its Cluster component, or in an application's own stack its provider's. */
    cluster?: string;
    namespace?: string;
    /** The Canary object's name in its namespace, which Flagger's status is read by. */
    name?: string;
    /** The Deployment whose new versions are released as canaries. */
    target?: string;
    /** Hosts routed through the gateway. */
    hosts: string[];
    /** The share of traffic (percent) the new version gets at each passing check, in order, before it is promoted. */
    weights: number[];
    /** Time between two checks, e.g. "1m". */
    interval?: string;
    /** Failed checks after which the release is rolled back. */
    failedChecks?: number;
    checks: CanaryCheckSummary[];
    /** Shortest time from the start of a release to its promotion, when every check passes: one interval per weight, one more to promote. */
    secondsToPromote?: number;
    /** Shortest time a failing release serves its share of traffic before it is rolled back: one interval per failed check. */
    secondsToRollback?: number;
}

/**
 * The canary releases a plan configures, one per Canary object, in plan order. Pure: reads the plan's resources
 * defensively (a missing or unknown input is left out) and never throws, so that a portal page can call it on any plan.
 */
export function canarySummaries(plan: PlanDocument): CanarySummary[] {
    const byUrn = new Map(plan.resources.map((resource) => [resource.urn, resource]));
    return plan.resources.filter((resource) => resource.type === CANARY_TYPE).map((canary) => summariseCanary(canary, byUrn));
}

/** One Canary of a plan; `byUrn` holds the plan's resources, to find the cluster above it. */
export function summariseCanary(canary: Registration, byUrn: Map<string, Registration>): CanarySummary {
    const spec = record(canary.inputs.spec);
    const analysis = record(spec.analysis);
    const service = record(spec.service);
    const interval = text(analysis.interval);
    const failedChecks = whole(analysis.threshold);
    const weights = stepsOf(whole(analysis.stepWeight), whole(analysis.maxWeight));
    const seconds = interval === undefined ? undefined : intervalSeconds(interval);
    return {
        resource: canary.name,
        cluster: clusterOf(canary, byUrn),
        namespace: text(record(canary.inputs.metadata).namespace),
        name: text(record(canary.inputs.metadata).name),
        target: text(record(spec.targetRef).name),
        hosts: list(service.hosts).filter((host): host is string => typeof host === "string"),
        weights,
        interval,
        failedChecks,
        checks: list(analysis.metrics).map((metric) => {
            const check = record(metric);
            const template = record(check.templateRef);
            const range = record(check.thresholdRange);
            const templateName = text(template.name);
            return {
                name: text(check.name) ?? "unnamed",
                template: templateName && (text(template.namespace) ? `${text(template.namespace)}/${templateName}` : templateName),
                min: number(range.min),
                max: number(range.max),
                window: text(check.interval),
            };
        }),
        secondsToPromote: seconds !== undefined && weights.length > 0 ? (weights.length + 1) * seconds : undefined,
        secondsToRollback: seconds !== undefined && failedChecks !== undefined ? failedChecks * seconds : undefined,
    };
}

/** Flagger's steps: stepWeight added after each passing check until the weight reaches maxWeight or more (at most 100). */
function stepsOf(step: number | undefined, max: number | undefined): number[] {
    if (step === undefined || max === undefined || step < 1 || max < 1) return [];
    const weights: number[] = [];
    let weight = 0;
    while (weight < max && weight < 100) {
        weight = Math.min(weight + step, 100);
        weights.push(weight);
    }
    return weights;
}

/** "30s" -> 30, "2m" -> 120; undefined for anything else. */
function intervalSeconds(interval: string): number | undefined {
    const match = /^(\d+)(s|m)$/.exec(interval);
    return match ? Number(match[1]) * (match[2] === "m" ? 60 : 1) : undefined;
}

function clusterOf(resource: Registration, byUrn: Map<string, Registration>): string | undefined {
    for (let parent = byUrn.get(resource.parent ?? ""); parent; parent = byUrn.get(parent.parent ?? "")) {
        if (parent.type === "berth:cluster:Cluster") return parent.name;
    }
    // An application's own stack (apps/workload) has no Cluster component: its Kubernetes provider is named after the cluster.
    const [, providerType, providerName] = (resource.provider ?? "").split("::").slice(-3);
    return providerType?.split("$").pop() === "pulumi:providers:kubernetes" ? providerName : undefined;
}

function record(value: unknown): Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
    return typeof value === "string" && value !== "[unknown]" ? value : undefined;
}

function number(value: unknown): number | undefined {
    return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function whole(value: unknown): number | undefined {
    return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}
