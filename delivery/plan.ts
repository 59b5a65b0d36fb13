import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { codeUnitOrder } from "./codeUnitOrder";
import { estimateCost } from "./cost/estimate";
import type { CostEstimate } from "./cost/types";
import { LogMessage } from "./engine";
import { PlanError } from "./errors";
import { Registration } from "./monitor";
import { planViolations, Violation } from "./policies";
import { Program, runProgram } from "./runProgram";
import { readStackConfig } from "./stackConfig";
import type { StackReferences } from "./stackReferences";

/** Berth's offline view of a stack; `berth plan <stack> --json` writes exactly this. */
export interface PlanDocument {
    version: 1;
    project: string;
    stack: string;
    /** In registration order, the root `pulumi:pulumi:Stack` first. */
    resources: Registration[];
    /** Stack outputs; secrets as "[secret]". */
    outputs: Record<string, unknown>;
    summary: { resources: number; byType: Record<string, number> };
    /** What the program logged with pulumi.log.warn / error. */
    warnings: LogMessage[];
    /** The monthly cost estimate (delivery/cost); absent from a document made before it existed. */
    cost?: CostEstimate;
    /** What Berth's policy rules find (delivery/policies), as `berth check` judges it; absent from a document made before it existed. */
    violations?: Violation[];
}

export interface PlanOptions {
    stack: string;
    /** The project folder holding Pulumi.yaml and Pulumi.<stack>.yaml. */
    dir: string;
    /** The program to run. @default "<dir>/index.ts" */
    program?: Program;
    /**
     * The outputs of the stacks the program reads through `pulumi.StackReference`, by stack name, e.g.
     * `{ "organization/platform/dev": platformPlan.outputs }`. @default none: a program with a StackReference fails
     */
    stackReferences?: StackReferences;
    /** The stack's settings as a stack file's `config:` mapping, e.g. `{ "berth-app:environment": "dev" }`. @default read from `<dir>/Pulumi.<stack>.yaml` */
    config?: Record<string, unknown>;
}

/** A config mistake as the stack layer reports it: one line per problem, no stack trace for the user. */
interface BerthConfigError extends Error {
    name: "BerthConfigError";
    problems: string[];
}

/** Plans a stack offline: runs its program against the mock engine with the stack's config file. */
export async function planStack(options: PlanOptions): Promise<PlanDocument> {
    const dir = path.resolve(options.dir);
    const config = readStackConfig(dir, options.stack, options.config);
    let run;
    try {
        run = await runProgram(options.stack, dir, config, options.program ?? path.join(dir, "index.ts"), options.stackReferences);
    } catch (err) {
        throw asPlanError(options.stack, err);
    }
    const errors = run.messages.filter((m) => m.severity === "error");
    if (errors.length > 0) {
        // A real preview fails when the program logged an error, so the plan does too.
        throw new PlanError(
            `The program for stack "${options.stack}" logged ${errors.length} error(s)`,
            1,
            errors.map((m) => m.message),
        );
    }
    const byType: Record<string, number> = {};
    for (const r of run.registrations) byType[r.type] = (byType[r.type] ?? 0) + 1;
    const plan: PlanDocument = {
        version: 1,
        project: config.project,
        stack: options.stack,
        resources: run.registrations,
        outputs: run.outputs,
        summary: {
            resources: run.registrations.length,
            byType: Object.fromEntries(Object.entries(byType).sort(([a], [b]) => codeUnitOrder(a, b))),
        },
        warnings: run.messages,
    };
    return { ...plan, cost: estimateCost(plan), violations: planViolations(run.registrations, config.config, options.stack) };
}

function asPlanError(stack: string, err: unknown): PlanError {
    // The planner's own refusal (a stack reference it was given no outputs for) is already worded for the user.
    if (err instanceof PlanError) return err;
    if (isBerthConfigError(err)) {
        const count = err.problems.length;
        return new PlanError(`Stack "${stack}" has ${count} configuration problem${count === 1 ? "" : "s"}`, 2, err.problems);
    }
    // The SDK's own config errors (config.require of a missing key, a value of the wrong type) are the user's input too.
    if (pulumi.RunError.isInstance(err) && /^Config\w*Error$/.test(err.constructor.name)) {
        return new PlanError(`Stack "${stack}" has a configuration problem`, 2, [err.message]);
    }
    const message = err instanceof Error ? err.message : String(err);
    return new PlanError(`The program for stack "${stack}" failed: ${message}`, 1, [], err);
}

function isBerthConfigError(err: unknown): err is BerthConfigError {
    return err instanceof Error && err.name === "BerthConfigError" && Array.isArray((err as Partial<BerthConfigError>).problems);
}
