import { stackKey, type EnvironmentName, type EnvironmentView, type StackEngine, type StackTarget } from "../delivery/operations/types";
import type { Store } from "./store/types";

/**
 * In Automation API mode a stack can also be deployed from outside the portal (CI's deploy-on-merge): a view of it is
 * reused for this long at most. Offline, only the portal deploys, and a view lasts until its revision or deploy changes.
 */
export const AUTOMATION_VIEW_MAX_AGE_MS = 60_000;

interface KnownView {
    /** The platform stack's revision and its last deploy when the view was asked for: a new one of either is a new view. */
    key: string;
    madeAt: number;
    view: Promise<EnvironmentView>;
}

/** Which environments exist, which is production, and what each looks like. */
export class EnvironmentFacts {
    private readonly views = new Map<EnvironmentName, KnownView>();

    constructor(
        private readonly engine: StackEngine,
        private readonly store: Store,
        private readonly now: () => Date,
    ) {}

    /** Every environment, and whether it is production. */
    async list(): Promise<{ environment: EnvironmentName; prod: boolean }[]> {
        const environments = await this.engine.environments();
        return Promise.all(environments.map(async (environment) => ({ environment, prod: await this.isProd(environment) })));
    }

    async exists(environment: EnvironmentName): Promise<boolean> {
        return (await this.engine.environments()).includes(environment);
    }

    /**
     * Production is an environment whose stack file says `platform:environment: prod` (the engine reads it by the
     * platform config's own rule, without running the program), and always one named prod: of two answers, the stricter.
     */
    async isProd(environment: EnvironmentName): Promise<boolean> {
        if (environment === "prod") return true;
        if (!(await this.exists(environment))) return false;
        try {
            return (await this.engine.environmentKind(environment)) === "prod";
        } catch {
            // A stack file that cannot be read cannot be planned or deployed either: nothing to guard.
            return false;
        }
    }

    /**
     * The environment's clusters and outputs. Describing may mean planning the stack (offline, until it is deployed), and a
     * plan waits in the worker pool behind the previews, so the view is made once per revision and deploy of the platform
     * stack, and readers asking at the same time share one.
     */
    async describe(environment: EnvironmentName): Promise<EnvironmentView> {
        const target: StackTarget = { kind: "platform", environment };
        const [revision, deploy] = await Promise.all([this.engine.revision(target), this.store.lastRun(stackKey(target), "deploy")]);
        const key = `${revision} ${deploy ? `${deploy.id} ${deploy.status}` : "never deployed"}`;
        const now = this.now().getTime();
        const known = this.views.get(environment);
        if (known?.key === key && (this.engine.mode === "offline" || now - known.madeAt < AUTOMATION_VIEW_MAX_AGE_MS)) return known.view;
        const view = this.engine.describe(environment);
        this.views.set(environment, { key, madeAt: now, view });
        // A failure is not kept: the next reader tries again.
        view.catch(() => {
            if (this.views.get(environment)?.view === view) this.views.delete(environment);
        });
        return view;
    }
}
