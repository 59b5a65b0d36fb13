import { emptyCounts } from "../../../delivery/comment/changes";
import type { CostEstimate } from "../../../delivery/cost/types";
import {
    stackKey,
    type EnvironmentView,
    type OperationOptions,
    type OperationResult,
    type StackEngine,
    type StackTarget,
} from "../../../delivery/operations/types";

export interface FakeEngineOptions {
    /** Operations wait for `release()` (or their cancellation) before they finish. @default false */
    hold?: boolean;
    /** The revision every target reports. @default "rev-1" */
    revision?: string;
    /** Operations of these kinds fail. */
    failing?: ("preview" | "deploy" | "destroy")[];
}

/** A StackEngine with two environments, dev and prod (prod by its platform config), answering at once or when released. */
export class FakeEngine implements StackEngine {
    readonly mode = "offline" as const;
    readonly calls: { operation: string; stack: string }[] = [];
    /** The environments `describe` was asked for, in order: a describe is a plan in the real offline engine. */
    readonly described: string[] = [];
    revisionNow: string;
    private waiting: (() => void)[] = [];

    constructor(private readonly options: FakeEngineOptions = {}) {
        this.revisionNow = options.revision ?? "rev-1";
    }

    /** Lets every held operation finish. */
    release(): void {
        for (const resolve of this.waiting.splice(0)) resolve();
    }

    async environments() {
        return ["dev", "prod"];
    }

    async environmentKind(environment: string) {
        if (!["dev", "prod"].includes(environment)) throw new Error(`no stack ${environment}`);
        return environment === "prod" ? ("prod" as const) : ("dev" as const);
    }

    async describe(environment: string): Promise<EnvironmentView> {
        this.described.push(environment);
        if (!["dev", "prod"].includes(environment)) throw new Error(`no stack ${environment}`);
        const cluster = `${environment}-euw1`;
        return {
            environment,
            source: "planned",
            review: {
                clusters: [
                    {
                        name: cluster,
                        region: "eu-west-1",
                        kubernetesVersion: "1.35",
                        network: { vpcCidr: "10.10.0.0/16", zones: ["eu-west-1a", "eu-west-1b"], subnets: 4, natGateways: 1 },
                        endpoint: { privateAccess: true, publicAccess: false },
                        nodePools: [{ name: "general", capacityType: "SPOT", instanceTypes: ["m6i.large"], minSize: 1, maxSize: 3 }],
                        addons: [{ name: "istiod", source: "helm", chart: "istiod", version: "1.27.0" }],
                        ingress: { scheme: "internet-facing", domains: [`${environment}.example.com`], tls: { terminatesAt: "NLB" } },
                        applications: [],
                    },
                ],
                registries: [],
                peerings: [],
                counts: { byType: {}, byCluster: {} },
            },
            outputs: {
                environment,
                clusters: {
                    [cluster]: { endpoint: `https://${cluster}.eks.example.com`, dashboard: `https://grafana.${environment}.example.com/` },
                },
                kubeconfig: "[secret]",
            },
        };
    }

    async validateApplication(environment: string, spec: unknown): Promise<string[]> {
        const problems: string[] = [];
        const app = spec as Record<string, unknown>;
        if (typeof app.name !== "string" || !/^[a-z][a-z0-9-]{0,40}$/.test(app.name)) problems.push("name: must be a lowercase DNS label");
        const clusters = app.clusters;
        if (!Array.isArray(clusters) || clusters.length === 0) problems.push("clusters: must name at least one cluster");
        else
            for (const [i, c] of clusters.entries())
                if (c !== `${environment}-euw1`) problems.push(`clusters[${i}]: no cluster ${String(c)} in ${environment}`);
        const image = app.image as Record<string, unknown> | undefined;
        if (typeof image?.repository !== "string") problems.push("image.repository: must be a repository name");
        if (image?.tag === undefined && image?.digest === undefined) problems.push("image: must give a tag or a digest");
        return problems;
    }

    async revision(_target: StackTarget) {
        return this.revisionNow;
    }

    preview(target: StackTarget, options: OperationOptions) {
        return this.operate("preview", target, options);
    }

    deploy(target: StackTarget, options: OperationOptions) {
        return this.operate("deploy", target, options);
    }

    destroy(target: StackTarget & { kind: "application" }, options: OperationOptions) {
        return this.operate("destroy", target, options);
    }

    private async operate(
        operation: "preview" | "deploy" | "destroy",
        target: StackTarget,
        options: OperationOptions,
    ): Promise<OperationResult> {
        const stack = stackKey(target);
        this.calls.push({ operation, stack });
        options.events.log(`${operation} of ${stack} started`);
        const name = target.kind === "application" ? target.application : "platform";
        const change = {
            urn: `urn:pulumi:${target.environment}::berth::berth:workload:Workload::${name}`,
            type: "berth:workload:Workload",
            name,
            op: operation === "destroy" ? ("delete" as const) : ("create" as const),
            protect: false,
            properties: [{ path: "replicas", kind: "add" as const, replaces: false, after: "2" }],
            changedWithoutDetail: [],
            replaceReasons: [],
        };
        options.events.change?.(change);
        if (this.options.hold) {
            await new Promise<void>((resolve, reject) => {
                this.waiting.push(resolve);
                options.signal.addEventListener("abort", () => reject(new Error("operation cancelled")), { once: true });
            });
        }
        if (this.options.failing?.includes(operation)) throw new Error(`${operation} failed: the engine said no`);
        options.events.log(`${operation} of ${stack} done`);
        const counts = emptyCounts();
        counts[change.op] = 1;
        return {
            stack,
            revision: this.revisionNow,
            changes: {
                stack,
                source: "offline plan",
                resources: [change],
                counts,
                policy: { mandatory: [], advisory: ["replicas: one replica in dev"] },
            },
            cost: fakeCost(),
            violations: [
                {
                    rule: "workload-replicas" as never,
                    severity: "advisory",
                    urn: change.urn,
                    type: change.type,
                    name,
                    message: "runs a single replica",
                },
            ],
            outputs: { url: `https://${name}.example.com`, databasePassword: "[secret]" },
        };
    }
}

function fakeCost(): CostEstimate {
    return {
        currency: "USD",
        monthly: 123.45,
        min: 100,
        max: 200,
        items: [],
        byScope: {},
        spot: { spotMonthly: 0, onDemandMonthly: 0, saving: 0, allOnDemandMonthly: 123.45, ratio: 1 },
        budget: {
            baselineMonthlyUsd: 420,
            maxIncreasePercent: 10,
            limitMonthlyUsd: 462,
            estimateMonthlyUsd: 123.45,
            withinBudget: true,
            headroomUsd: 338.55,
            increasePercent: -70.6,
            maxWithinBudget: true,
        },
        assumptions: [],
        prices: [],
        notes: [],
        excluded: [],
    };
}
