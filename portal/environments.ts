import type { EnvironmentName, EnvironmentView, StackEngine } from "../delivery/operations/types";

/**
 * Which environments exist and which is production. "prod" is an environment whose platform config says
 * `platform:environment: prod` (the stack's `environment` output), or, when the engine cannot describe it, one named prod.
 * The answer is kept per process: an environment does not stop or start being production while the portal runs.
 */
export class EnvironmentFacts {
    private readonly prod = new Map<EnvironmentName, boolean>();

    constructor(private readonly engine: StackEngine) {}

    async exists(environment: EnvironmentName): Promise<boolean> {
        return (await this.engine.environments()).includes(environment);
    }

    async describe(environment: EnvironmentName): Promise<EnvironmentView> {
        const view = await this.engine.describe(environment);
        this.prod.set(environment, isProdView(environment, view));
        return view;
    }

    async isProd(environment: EnvironmentName): Promise<boolean> {
        const known = this.prod.get(environment);
        if (known !== undefined) return known;
        if (!(await this.exists(environment))) return environment === "prod";
        try {
            return isProdView(environment, await this.describe(environment));
        } catch {
            return environment === "prod";
        }
    }
}

function isProdView(environment: EnvironmentName, view: EnvironmentView): boolean {
    return environment === "prod" || view.outputs.environment === "prod";
}
