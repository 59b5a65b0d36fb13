import type { CanarySummary } from "../canaries";
import type { StackChanges } from "../comment/changes";
import type { CostEstimate } from "../cost/types";
import type { Violation } from "../policies";
import type { Environment } from "../../stacks/config/defaults";
import type { Review } from "../review";

/** The environments Berth's platform stacks are named after (`Pulumi.<environment>.yaml`). */
export type EnvironmentName = string;

/**
 * One application as the portal onboards it: the keys of one `platform:workloads[]` entry (stacks/config/workloads.ts),
 * validated by the same rules, and run as its own stack by the standalone workload program.
 */
export type ApplicationSpec = Record<string, unknown> & { name: string; clusters: string[] };

/** What an operation runs: a platform stack, or one application's own stack beside it. */
export type StackTarget =
    | { kind: "platform"; environment: EnvironmentName }
    | { kind: "application"; environment: EnvironmentName; application: string; spec: ApplicationSpec };

/** A stable key for a target: "platform/<environment>" or "application/<environment>/<name>"; what locks and runs are keyed by. */
export type StackKey = string;

/** Progress an operation reports while it runs; the portal stores each and streams it to the browser. */
export interface OperationEvents {
    /** A line for the run's log. Never a secret value. */
    log(line: string): void;
    /** One resource's step, as soon as the engine knows it. */
    change?(change: StackChanges["resources"][number]): void;
}

export interface OperationOptions {
    events: OperationEvents;
    /** Aborting cancels the operation: Automation API cancels the update; offline, the planner stops at the next step. */
    signal: AbortSignal;
}

/** What a preview or a deploy found: the structured diff and what the cost and policy checks say of the result. */
export interface OperationResult {
    stack: StackKey;
    /** The revision of program and config the operation ran; a prod deploy needs a preview of the same one. */
    revision: string;
    /** From engine events (Automation API) or from the plan diff against the last deployed plan (offline). */
    changes: StackChanges;
    cost?: CostEstimate;
    violations?: Violation[];
    /** Stack outputs with secrets as "[secret]". */
    outputs: Record<string, unknown>;
    /**
     * The canary releases the stack has after the operation (Flagger Canary objects): from the plan (offline), from the
     * preview's steps or the exported state (Automation API); empty after a destroy. @default none: an engine that does not say
     */
    canaries?: CanarySummary[];
}

/** An environment as the portal shows it: from the last deployed state, else from a plan. */
export interface EnvironmentView {
    environment: EnvironmentName;
    /** Whether the view comes from what was deployed or from a plan of what would be. */
    source: "deployed" | "planned";
    review: Review;
    outputs: Record<string, unknown>;
}

/**
 * Runs stack operations. Two implementations: the Pulumi Automation API (a real preview and `pulumi up`) and the
 * offline planner (plans against Pulumi's mock engine; a "deploy" records the plan as the stack's deployed state).
 */
export interface StackEngine {
    readonly mode: "automation" | "offline";
    /** The platform stacks of the project (`Pulumi.<env>.yaml`). */
    environments(): Promise<EnvironmentName[]>;
    /** dev or prod: the environment's `platform:environment`, else its name, read from its stack file without running its program. */
    environmentKind(environment: EnvironmentName): Promise<Environment>;
    describe(environment: EnvironmentName): Promise<EnvironmentView>;
    /** Every problem with an application spec, as `<key path>: <reason>`; empty when it is valid in that environment. */
    validateApplication(environment: EnvironmentName, spec: unknown): Promise<string[]>;
    revision(target: StackTarget): Promise<string>;
    preview(target: StackTarget, options: OperationOptions): Promise<OperationResult>;
    deploy(target: StackTarget, options: OperationOptions): Promise<OperationResult>;
    /** Removes an application's resources and its stack. Refused for a platform target. */
    destroy(target: StackTarget & { kind: "application" }, options: OperationOptions): Promise<OperationResult>;
}

export function stackKey(target: StackTarget): StackKey {
    return target.kind === "platform" ? `platform/${target.environment}` : `application/${target.environment}/${target.application}`;
}
