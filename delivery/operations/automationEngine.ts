import type { ConfigMap, Deployment, EngineEvent } from "@pulumi/pulumi/automation";
import type { PlanDocument } from "../plan";
import { reviewPlan } from "../review";
import type { Environment } from "../../stacks/config/defaults";
import { EngineEventReader } from "./engineEvents";
import { invalidSpecError, OperationCancelledError } from "./errors";
import { outputsFromDeployment, planFromDeployment } from "./exportedState";
import { canariesFromDeployment, canariesFromSteps } from "./resultCanaries";
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
import { EnvironmentName, EnvironmentView, OperationOptions, OperationResult, StackEngine, stackKey, StackTarget } from "./types";

type ApplicationTarget = StackTarget & { kind: "application" };

/** What the engine does with a stack: the part of the Automation API's `Stack` it uses, so tests can hand it a fake. */
export interface AutomationStack {
    readonly name: string;
    preview(options: OperationRunOptions): Promise<unknown>;
    up(options: OperationRunOptions): Promise<unknown>;
    /** With `remove`, the stack and its config go too once its resources are deleted. */
    destroy(options: OperationRunOptions & { remove?: boolean }): Promise<unknown>;
    /** Asks the backend to stop the update in progress. */
    cancel(): Promise<void>;
    exportStack(): Promise<Deployment>;
    setAllConfig(config: ConfigMap): Promise<void>;
}

export interface OperationRunOptions {
    onEvent: (event: EngineEvent) => void;
    /** The SDK interrupts the CLI (SIGINT) when it aborts. */
    signal: AbortSignal;
}

/** Where stacks come from: LocalWorkspace in real use (`localWorkspaceStacks`), fakes in tests. */
export interface AutomationStacks {
    /** A platform stack: the project's own program over its folder, stack `<environment>`; created when missing. */
    platform(environment: EnvironmentName): Promise<AutomationStack>;
    /** The platform stack if the backend has it: looking must not create a stack. */
    existingPlatform(environment: EnvironmentName): Promise<AutomationStack | undefined>;
    /** An application's stack: the standalone program in apps/workload, stack `<environment>-<application>`. */
    application(environment: EnvironmentName, application: string): Promise<AutomationStack>;
}

/**
 * Stacks through the Pulumi CLI: `LocalWorkspace.createOrSelectStack` over the project's folders.
 * @param envVars Added to the CLI's environment, e.g. PULUMI_BACKEND_URL. @default none: the CLI's own login
 */
export function localWorkspaceStacks(project: BerthProject, envVars?: Record<string, string>): AutomationStacks {
    const options = envVars ? { envVars } : {};
    // Loaded only here: the Automation API is not needed (nor loaded) in offline mode.
    const automation = () => import("@pulumi/pulumi/automation");
    const open = async (stackName: string, workDir: string): Promise<AutomationStack> =>
        (await automation()).LocalWorkspace.createOrSelectStack({ stackName, workDir }, options);
    return {
        platform: (environment) => open(environment, project.dir),
        existingPlatform: async (environment) => {
            const { LocalWorkspace, StackNotFoundError } = await automation();
            try {
                return await LocalWorkspace.selectStack({ stackName: environment, workDir: project.dir }, options);
            } catch (err) {
                if (err instanceof StackNotFoundError) return undefined;
                throw err;
            }
        },
        application: (environment, application) => open(applicationStackName(environment, application), project.applicationDir),
    };
}

/** What the Automation API engine takes from the offline engine: what it can answer without running the Pulumi CLI. */
export interface OfflineAnswers {
    describe(environment: EnvironmentName): Promise<EnvironmentView>;
    validateApplication(environment: EnvironmentName, spec: unknown): Promise<string[]>;
    /** The target's offline plan, for its cost estimate and policy findings. */
    planTarget(target: StackTarget, signal: AbortSignal): Promise<PlanDocument>;
}

export interface AutomationEngineOptions {
    /** Answers that need no CLI run: spec checks, cost and policy, and an environment never deployed. */
    offline: OfflineAnswers;
    /** @default this repository */
    project?: BerthProject;
    /** @default LocalWorkspace stacks over `project` */
    stacks?: AutomationStacks;
    /** The organisation that owns the platform stacks, for an application's StackReference. @default "organization" (a file or S3 backend's) */
    organization?: string;
}

/**
 * Runs stack operations through the Pulumi Automation API: a real `pulumi preview`, `up` and `destroy` against the
 * backend the user is logged in to, with the changes read from the engine's events. Cost and policy come from the
 * offline plan of the same revision (the engine cannot estimate either).
 */
export class AutomationEngine implements StackEngine {
    readonly mode = "automation" as const;
    readonly project: BerthProject;
    private readonly stacks: AutomationStacks;
    private readonly offline: OfflineAnswers;
    private readonly organization: string;

    constructor(options: AutomationEngineOptions) {
        this.project = options.project ?? berthProject();
        this.stacks = options.stacks ?? localWorkspaceStacks(this.project);
        this.offline = options.offline;
        this.organization = options.organization ?? "organization";
    }

    async environments(): Promise<EnvironmentName[]> {
        return environmentsOf(this.project);
    }

    async environmentKind(environment: EnvironmentName): Promise<Environment> {
        requireEnvironment(this.project, environment);
        return environmentKind(this.project, environment);
    }

    /** From the stack's exported state; an environment that was never deployed is described from its plan. */
    async describe(environment: EnvironmentName): Promise<EnvironmentView> {
        requireEnvironment(this.project, environment);
        const stack = await this.stacks.existingPlatform(environment);
        const deployed = stack && planFromDeployment(await stack.exportStack(), environment);
        if (!deployed) return this.offline.describe(environment);
        return { environment, source: "deployed", review: reviewPlan(deployed), outputs: deployed.outputs };
    }

    validateApplication(environment: EnvironmentName, spec: unknown): Promise<string[]> {
        return this.offline.validateApplication(environment, spec);
    }

    revision(target: StackTarget): Promise<string> {
        requireEnvironment(this.project, target.environment);
        return revisionOf(this.project, target);
    }

    preview(target: StackTarget, options: OperationOptions): Promise<OperationResult> {
        return this.run("preview", target, options);
    }

    deploy(target: StackTarget, options: OperationOptions): Promise<OperationResult> {
        return this.run("up", target, options);
    }

    async destroy(target: ApplicationTarget, options: OperationOptions): Promise<OperationResult> {
        if (target.kind !== "application")
            throw new Error("Only an application's stack can be destroyed from the portal, never a platform stack");
        return this.run("destroy", target, options);
    }

    private async run(
        kind: "preview" | "up" | "destroy",
        target: StackTarget,
        { events, signal }: OperationOptions,
    ): Promise<OperationResult> {
        const key = stackKey(target);
        const revision = await this.revision(target);
        const operation = kind === "up" ? "deploy" : kind;
        const cancelled = () => new OperationCancelledError(`The ${operation} of ${key} was cancelled`);
        if (signal.aborted) throw cancelled();
        const stack =
            target.kind === "platform" ? await this.stacks.platform(target.environment) : await this.applicationStack(target, kind);
        events.log(`Running pulumi ${kind} of stack ${stack.name} (${key}) at revision ${revision} through the Automation API`);
        // The plan of the same revision, alongside: a preview shows cost and policy too. A destroy leaves nothing to price.
        const assessment = kind === "destroy" ? undefined : this.offline.planTarget(target, signal).catch(() => undefined);
        const reader = new EngineEventReader(stack.name, events);
        const onAbort = () => {
            events.log(`Cancelling the ${operation} of ${stack.name}`);
            stack
                .cancel()
                .catch((err: unknown) => events.log(`pulumi cancel: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`));
        };
        signal.addEventListener("abort", onAbort, { once: true });
        try {
            const runOptions = { onEvent: reader.onEvent, signal };
            if (kind === "preview") await stack.preview(runOptions);
            else if (kind === "up") await stack.up(runOptions);
            else await stack.destroy({ ...runOptions, remove: true });
        } catch (err) {
            if (signal.aborted) throw cancelled();
            throw err;
        } finally {
            signal.removeEventListener("abort", onAbort);
        }
        const changes = reader.changes();
        events.log(summaryLine(changes));
        const plan = await assessment;
        const exported = kind === "destroy" ? undefined : await stack.exportStack();
        return {
            stack: key,
            revision,
            changes,
            ...(plan ? { cost: plan.cost, violations: plan.violations } : {}),
            outputs: exported ? outputsFromDeployment(exported) : {},
            // A preview changes no state: the canaries it would leave are in its steps; after an update, in the state.
            canaries: !exported
                ? []
                : kind === "preview"
                  ? canariesFromSteps(reader.recordedSteps)
                  : canariesFromDeployment(exported, stack.name),
        };
    }

    /** The application's stack with its spec and its platform stack set as the stack's config. */
    private async applicationStack(target: ApplicationTarget, kind: string) {
        const { environment, application, spec } = target;
        if (kind !== "destroy") {
            const problems = await this.offline.validateApplication(environment, spec);
            if (problems.length > 0) throw invalidSpecError(application, problems);
        }
        const stack = await this.stacks.application(environment, application);
        await stack.setAllConfig({
            "berth-app:platformStack": { value: platformStackName(this.project, environment, this.organization) },
            "berth-app:environment": { value: environmentKind(this.project, environment) },
            "berth-app:application": { value: canonicalJson(spec) },
        });
        return stack;
    }
}
