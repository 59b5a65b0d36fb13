import { stackKey, type ApplicationSpec, type EnvironmentName, type StackTarget } from "../delivery/operations/types";
import type { PortalContext } from "./app";
import { badInput, invalidSpec, lockHeld, notFound, PortalError } from "./errors";
import type { ApplicationRecord, RunKind, RunRecord } from "./store/types";

/** What the API and the forms do: each checks its input and the rules, then starts a run through the run manager. */
export class PortalActions {
    constructor(private readonly context: PortalContext) {}

    async requireEnvironment(environment: EnvironmentName): Promise<void> {
        if (!(await this.context.environments.exists(environment))) throw notFound(`environment ${environment}`);
    }

    async requireApplication(environment: EnvironmentName, name: string): Promise<ApplicationRecord> {
        await this.requireEnvironment(environment);
        const application = await this.context.store.getApplication(environment, name);
        if (!application) throw notFound(`application ${name} in ${environment}`);
        return application;
    }

    async platformTarget(environment: EnvironmentName): Promise<StackTarget> {
        await this.requireEnvironment(environment);
        return { kind: "platform", environment };
    }

    async applicationTarget(environment: EnvironmentName, name: string): Promise<StackTarget & { kind: "application" }> {
        const application = await this.requireApplication(environment, name);
        return { kind: "application", environment, application: name, spec: application.spec };
    }

    async preview(target: StackTarget, actor: string): Promise<RunRecord> {
        return this.launch(target, "preview", actor, await this.context.engine.revision(target));
    }

    /** In production only after a succeeded preview of the very revision being deployed. */
    async deploy(target: StackTarget, actor: string): Promise<RunRecord> {
        const revision = await this.context.engine.revision(target);
        if (await this.context.environments.isProd(target.environment)) {
            const preview = await this.context.store.lastRun(stackKey(target), "preview", "succeeded");
            if (!preview) {
                throw new PortalError(
                    409,
                    `a production deploy needs a succeeded preview of revision ${revision} first: run a preview of ${stackKey(target)}`,
                );
            }
            if (preview.revision !== revision) {
                throw new PortalError(
                    409,
                    `the last succeeded preview (run ${preview.id}) was of revision ${preview.revision}, but ${stackKey(target)} is now at revision ${revision}: preview it again before deploying`,
                );
            }
        }
        return this.launch(target, "deploy", actor, revision);
    }

    async remove(environment: EnvironmentName, name: string, actor: string): Promise<RunRecord> {
        const target = await this.applicationTarget(environment, name);
        return this.launch(target, "destroy", actor, await this.context.engine.revision(target));
    }

    /** Validates the spec, previews it and stores it: the first half of onboarding; applying it is a deploy. */
    async onboard(environment: EnvironmentName, spec: unknown, actor: string): Promise<{ application: ApplicationRecord; run: RunRecord }> {
        await this.requireEnvironment(environment);
        if (spec === null || typeof spec !== "object" || Array.isArray(spec))
            throw badInput("spec", "must be an object such as { name, clusters, image }");
        const name = (spec as Record<string, unknown>).name;
        if (typeof name !== "string" || name === "") throw badInput("name", "must be the application's name");
        if (await this.context.store.getApplication(environment, name)) {
            throw new PortalError(409, `application ${name} is onboarded in ${environment} already: change it instead`, { field: "name" });
        }
        return this.previewAndStore(environment, spec as ApplicationSpec, actor);
    }

    /** A new image or replica range for an onboarded application: validated, previewed, stored. */
    async change(
        environment: EnvironmentName,
        name: string,
        change: ApplicationChange,
        actor: string,
    ): Promise<{ application: ApplicationRecord; run: RunRecord }> {
        const existing = await this.requireApplication(environment, name);
        const spec: ApplicationSpec = structuredClone(existing.spec);
        if (change.image) spec.image = { ...(spec.image as Record<string, unknown> | undefined), ...change.image };
        if (change.replicas) spec.replicas = { ...(spec.replicas as Record<string, unknown> | undefined), ...change.replicas };
        return this.previewAndStore(environment, spec, actor);
    }

    /**
     * The spec is stored only once its preview has started (the preview runs the spec it is given, not the stored one):
     * a preview refused with 409 or failing to start leaves the application as it was, never half-applied.
     */
    private async previewAndStore(environment: EnvironmentName, spec: ApplicationSpec, actor: string) {
        const problems = await this.context.engine.validateApplication(environment, spec);
        if (problems.length > 0) throw invalidSpec(problems);
        const run = await this.preview({ kind: "application", environment, application: spec.name, spec }, actor);
        const application = await this.context.store.putApplication({ environment, name: spec.name, spec, updatedBy: actor });
        return { application, run };
    }

    private async launch(target: StackTarget, kind: RunKind, actor: string, revision: string): Promise<RunRecord> {
        const started = await this.context.runs.launch({ target, kind, actor, revision });
        if ("heldBy" in started) throw lockHeld(started.heldBy);
        return started.run;
    }
}

/** What "change an application" may change. */
export interface ApplicationChange {
    image?: { repository?: string; tag?: string; digest?: string };
    replicas?: { min?: number; max?: number };
}
