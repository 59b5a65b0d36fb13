import { createHash } from "crypto";
import { canarySummaries } from "../canaries";
import { changesFromPlans } from "../comment/fromPlans";
import { PlanError } from "../errors";
import type { PlanDocument } from "../plan";
import { reviewPlan } from "../review";
import type { Environment } from "../../stacks/config/defaults";
import type { DeployedPlans } from "./deployedPlans";
import { invalidSpecError, OperationCancelledError } from "./errors";
import { summaryLine } from "./logLines";
import {
    applicationStackName,
    BerthProject,
    berthProject,
    environmentKind,
    environmentsOf,
    platformStackName,
    requireEnvironment,
} from "./project";
import { canonicalJson, revisionOf } from "./revision";
import { EnvironmentName, EnvironmentView, OperationOptions, OperationResult, StackEngine, StackKey, stackKey, StackTarget } from "./types";
import { WorkerPool } from "./workerPool";
import type { WorkerJob } from "./planWorker";

type ApplicationTarget = StackTarget & { kind: "application" };
type PlanJob = Extract<WorkerJob, { kind: "plan" }>["options"];

export interface OfflineEngineOptions {
    /** Where "deployed" plans are kept: the portal's Store. */
    state: DeployedPlans;
    /** The project whose stacks it runs. @default this repository */
    project?: BerthProject;
    /** Worker threads that run plans at once. @default min(2, available cores) */
    poolSize?: number;
}

/** How many finished plans are kept for reuse: a describe, then a preview, then a deploy of the same revision plan once. */
const CACHED_PLANS = 8;

/**
 * The offline engine: plans each stack against Pulumi's mock engine, in worker threads. A preview is the diff between
 * the plan and the stack's deployed plan; a deploy records the plan as deployed. No cloud is touched, ever: "deployed"
 * means "recorded in the portal's store as what is running".
 */
export class OfflineEngine implements StackEngine {
    readonly mode = "offline" as const;
    readonly project: BerthProject;
    private readonly state: DeployedPlans;
    private readonly pool: WorkerPool;
    private readonly plans = new Map<string, PlanDocument>();

    constructor(options: OfflineEngineOptions) {
        this.state = options.state;
        this.project = options.project ?? berthProject();
        this.pool = new WorkerPool(options.poolSize);
    }

    async environments(): Promise<EnvironmentName[]> {
        return environmentsOf(this.project);
    }

    async environmentKind(environment: EnvironmentName): Promise<Environment> {
        requireEnvironment(this.project, environment);
        return environmentKind(this.project, environment);
    }

    async describe(environment: EnvironmentName): Promise<EnvironmentView> {
        requireEnvironment(this.project, environment);
        const deployed = await this.state.loadDeployedPlan(stackKey({ kind: "platform", environment }));
        const plan = deployed ?? (await this.platformPlan(environment, new AbortController().signal));
        return { environment, source: deployed ? "deployed" : "planned", review: reviewPlan(plan), outputs: plan.outputs };
    }

    async validateApplication(environment: EnvironmentName, spec: unknown): Promise<string[]> {
        requireEnvironment(this.project, environment);
        // A form waits for this answer: it goes before the plans waiting for a worker.
        return this.pool.run<string[]>({ kind: "validate", project: this.project, environment, spec }, { urgent: true });
    }

    revision(target: StackTarget): Promise<string> {
        requireEnvironment(this.project, target.environment);
        return revisionOf(this.project, target);
    }

    async preview(target: StackTarget, options: OperationOptions): Promise<OperationResult> {
        return (await this.planAndCompare("preview", target, options)).result;
    }

    async deploy(target: StackTarget, options: OperationOptions): Promise<OperationResult> {
        const { result, plan } = await this.planAndCompare("deploy", target, options);
        throwIfCancelled(options.signal, "deploy", result.stack);
        await this.state.saveDeployedPlan(result.stack, plan);
        options.events.log(`Recorded this plan as ${result.stack}'s deployed state (offline mode: no cloud resource was changed)`);
        return result;
    }

    async destroy(target: ApplicationTarget, options: OperationOptions): Promise<OperationResult> {
        if (target.kind !== "application")
            throw new Error("Only an application's stack can be destroyed from the portal, never a platform stack");
        const key = stackKey(target);
        const { events, signal } = options;
        const revision = await this.revision(target);
        const deployed = await this.state.loadDeployedPlan(key);
        throwIfCancelled(signal, "destroy", key);
        events.log(`Destroying ${key} offline: its deployed plan is removed from the store; no cloud resource is touched`);
        const stack = applicationStackName(target.environment, target.application);
        const base = deployed ?? emptyPlan({ project: "berth-app", stack });
        if (!deployed) events.log(`${key} has nothing deployed: nothing to remove`);
        const changes = changesFromPlans(base, emptyPlan(base));
        for (const change of changes.resources) events.change?.(change);
        events.log(summaryLine(changes));
        await this.state.deleteDeployedPlan(key);
        return { stack: key, revision, changes, outputs: {}, canaries: [] };
    }

    /** Stops the worker threads; operations still running reject. */
    close(): Promise<void> {
        return this.pool.close();
    }

    private async planAndCompare(
        kind: "preview" | "deploy",
        target: StackTarget,
        { events, signal }: OperationOptions,
    ): Promise<{ result: OperationResult; plan: PlanDocument }> {
        const key = stackKey(target);
        throwIfCancelled(signal, kind, key);
        const revision = await this.revision(target);
        events.log(
            `${kind === "preview" ? "Previewing" : "Deploying"} ${key} at revision ${revision}, offline: the program runs against Pulumi's mock engine`,
        );
        let plan: PlanDocument;
        try {
            plan = await this.planTarget(target, signal, events.log, revision);
        } catch (err) {
            if (signal.aborted) throw new OperationCancelledError(`The ${kind} of ${key} was cancelled`);
            if (err instanceof PlanError) for (const problem of err.problems) events.log(`  ${problem}`);
            throw err;
        }
        throwIfCancelled(signal, kind, key);
        for (const warning of plan.warnings) events.log(`${warning.severity}: ${warning.message}`);
        const deployed = await this.state.loadDeployedPlan(key);
        events.log(deployed ? `Compared with the plan deployed to ${key}` : `${key} has nothing deployed yet: every resource is new`);
        const changes = changesFromPlans(deployed ?? emptyPlan(plan), plan);
        for (const change of changes.resources) events.change?.(change);
        events.log(summaryLine(changes));
        if (plan.cost) events.log(`Estimated cost: ${plan.cost.monthly.toFixed(2)} USD a month`);
        const violations = (plan.violations ?? []).filter((violation) => violation.exception === undefined);
        if (violations.length > 0) events.log(`Policy: ${violations.length} finding${violations.length === 1 ? "" : "s"}`);
        return {
            plan,
            result: {
                stack: key,
                revision,
                changes,
                cost: plan.cost,
                violations: plan.violations,
                outputs: plan.outputs,
                canaries: canarySummaries(plan),
            },
        };
    }

    /**
     * The target's plan (made once per revision, then reused): what the offline engine diffs, and where the Automation
     * API engine takes the cost estimate and the policy findings that a real preview cannot give.
     */
    async planTarget(
        target: StackTarget,
        signal: AbortSignal,
        log: (line: string) => void = () => undefined,
        revision?: string,
    ): Promise<PlanDocument> {
        requireEnvironment(this.project, target.environment);
        // One revision per operation: the one its result reports is the one it planned, even while files change.
        const sources = revision ?? (await this.revision(target));
        return target.kind === "platform"
            ? this.platformPlan(target.environment, signal, sources)
            : this.applicationPlan(target, signal, log, sources);
    }

    private async platformPlan(environment: EnvironmentName, signal: AbortSignal, revision?: string): Promise<PlanDocument> {
        revision ??= await revisionOf(this.project, { kind: "platform", environment });
        return this.cachedPlan({ stack: environment, dir: this.project.dir, program: this.project.platformProgram }, revision, signal);
    }

    private async applicationPlan(
        target: ApplicationTarget,
        signal: AbortSignal,
        log: (line: string) => void,
        revision: string,
    ): Promise<PlanDocument> {
        const { environment, application, spec } = target;
        if (spec.name !== application) {
            throw new PlanError(`The application is ${application}, but its spec names ${JSON.stringify(spec.name)}`, 2, [
                `name: must be ${application}`,
            ]);
        }
        const problems = await this.pool.run<string[]>(
            { kind: "validate", project: this.project, environment, spec },
            { signal, urgent: true },
        );
        if (problems.length > 0) throw invalidSpecError(application, problems);
        const platformKey = stackKey({ kind: "platform", environment });
        const deployed = await this.state.loadDeployedPlan(platformKey);
        log(
            deployed
                ? `Reading the platform's outputs from the plan deployed to ${platformKey}`
                : `${platformKey} has nothing deployed: reading the platform's outputs from a fresh plan of it`,
        );
        const platform = deployed ?? (await this.platformPlan(environment, signal));
        const reference = platformStackName(this.project, environment);
        return this.cachedPlan(
            {
                stack: applicationStackName(environment, application),
                dir: this.project.applicationDir,
                program: this.project.applicationProgram,
                config: {
                    "berth-app:platformStack": reference,
                    "berth-app:environment": environmentKind(this.project, environment),
                    "berth-app:application": spec,
                },
                stackReferences: { [reference]: platform.outputs },
            },
            revision,
            signal,
        );
    }

    /** A plan in a worker, or the same plan made before: same options, same revision of the sources, same "today". */
    private async cachedPlan(options: PlanJob, revision: string, signal: AbortSignal): Promise<PlanDocument> {
        const today = process.env.BERTH_TODAY ?? new Date().toISOString().slice(0, 10);
        const cacheKey = createHash("sha256").update(canonicalJson({ options, revision, today })).digest("hex");
        const cached = this.plans.get(cacheKey);
        if (cached) return cached;
        const plan = await this.pool.run<PlanDocument>({ kind: "plan", options }, { signal });
        this.plans.set(cacheKey, plan);
        for (const stale of [...this.plans.keys()].slice(0, Math.max(0, this.plans.size - CACHED_PLANS))) this.plans.delete(stale);
        return plan;
    }
}

function throwIfCancelled(signal: AbortSignal, kind: string, key: StackKey): void {
    if (signal.aborted) throw new OperationCancelledError(`The ${kind} of ${key} was cancelled`);
}

/** A stack with nothing in it: the base of a first preview, and the head of a destroy. */
function emptyPlan(like: Pick<PlanDocument, "project" | "stack">): PlanDocument {
    return {
        version: 1,
        project: like.project,
        stack: like.stack,
        resources: [],
        outputs: {},
        summary: { resources: 0, byType: {} },
        warnings: [],
        violations: [],
    };
}
