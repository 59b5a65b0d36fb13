import { expect } from "chai";
import type { Deployment, EngineEvent } from "@pulumi/pulumi/automation";
import type { CanarySummary } from "../../../delivery/canaries";
import type { PlanDocument } from "../../../delivery/plan";
import { AutomationEngine, AutomationStack, OperationRunOptions } from "../../../delivery/operations/automationEngine";
import { deployedPlansInMemory } from "../../../delivery/operations/deployedPlans";
import { OfflineEngine } from "../../../delivery/operations/offlineEngine";
import { canariesFromSteps } from "../../../delivery/operations/resultCanaries";
import type { ApplicationSpec, OperationOptions, StackTarget } from "../../../delivery/operations/types";

/** An application of the dev platform with canary releases at the environment's defaults. */
const catalog: ApplicationSpec = {
    name: "catalog",
    clusters: ["dev-euw1"],
    image: { repository: "storefront", tag: "v2.0.0" },
    routing: { hosts: ["catalog.dev.example.com"] },
    canary: {},
};
const CATALOG = { kind: "application", environment: "dev", application: "catalog", spec: catalog } as const;
const DEV: StackTarget = { kind: "platform", environment: "dev" };

/** The dev canary defaults (stacks/config/canary.ts): 25% steps to 50%, a check every 30s, rolled back after 3 failures. */
const CATALOG_CANARY: CanarySummary = {
    resource: "dev-euw1-catalog-canary",
    cluster: "dev-euw1",
    namespace: "catalog",
    name: "catalog",
    target: "catalog",
    hosts: ["catalog.dev.example.com"],
    weights: [25, 50],
    interval: "30s",
    failedChecks: 3,
    checks: [
        { name: "success-rate", template: "istio-system/berth-request-success-rate", min: 99, max: undefined, window: "60s" },
        { name: "latency-p99", template: "istio-system/berth-request-duration-p99", min: undefined, max: 500, window: "60s" },
    ],
    secondsToPromote: 90,
    secondsToRollback: 90,
};

const options = (): OperationOptions => ({ events: { log: () => undefined }, signal: new AbortController().signal });

/** A plan's resources as the engine reports them in a first preview: every one created. */
function previewEvents(plan: PlanDocument): EngineEvent[] {
    return plan.resources.map((resource, sequence) => ({
        sequence,
        timestamp: 0,
        resourcePreEvent: {
            metadata: {
                op: "create",
                urn: resource.urn,
                type: resource.type,
                provider: resource.provider ? `${resource.provider}::0123` : "",
                new: {
                    type: resource.type,
                    urn: resource.urn,
                    custom: resource.custom,
                    id: "",
                    parent: resource.parent ?? "",
                    provider: resource.provider ? `${resource.provider}::0123` : "",
                    inputs: resource.inputs,
                    outputs: {},
                },
            },
        },
    })) as unknown as EngineEvent[];
}

/** A plan's resources as `pulumi stack export` writes them once deployed. */
function exported(plan: PlanDocument): Deployment {
    return {
        version: 3,
        deployment: {
            resources: plan.resources.map((resource) => ({
                urn: resource.urn,
                type: resource.type,
                custom: resource.custom,
                parent: resource.parent ?? undefined,
                provider: resource.provider ? `${resource.provider}::0123` : undefined,
                inputs: resource.inputs,
            })),
        },
    };
}

/** A stack whose operations replay `events`, and whose export is `state`. */
function fakeStack(events: EngineEvent[], state: Deployment): AutomationStack {
    const operate = async ({ onEvent }: OperationRunOptions) => events.forEach(onEvent);
    return {
        name: "dev-catalog",
        preview: operate,
        up: operate,
        destroy: operate,
        cancel: async () => undefined,
        exportStack: async () => state,
        setAllConfig: async () => undefined,
    };
}

/** The Automation API engine over one fake stack; the offline answers only validate (cost and policy are not asked). */
function automationOver(stack: AutomationStack): AutomationEngine {
    return new AutomationEngine({
        offline: { describe: () => Promise.reject(), validateApplication: async () => [], planTarget: () => Promise.reject() },
        stacks: { platform: async () => stack, existingPlatform: async () => stack, application: async () => stack },
    });
}

describe("the canaries of an operation's result (delivery/operations)", () => {
    const state = deployedPlansInMemory();
    let engine: OfflineEngine;
    before(() => (engine = new OfflineEngine({ state, poolSize: 1 })));
    after(() => engine.close());

    it("the offline engine: an application with canary set has its Canary, placed on its cluster, with the environment's analysis", async () => {
        const preview = await engine.preview(CATALOG, options());
        expect(preview.canaries).to.deep.equal([CATALOG_CANARY]);
        const deploy = await engine.deploy(CATALOG, options());
        expect(deploy.canaries).to.deep.equal([CATALOG_CANARY]);
        const destroy = await engine.destroy(CATALOG, options());
        expect(destroy.canaries).to.deep.equal([]);
    });

    it("the offline engine: a platform without canary-enabled applications has none", async () => {
        expect((await engine.preview(DEV, options())).canaries).to.deep.equal([]);
    });

    it("the Automation API engine: the same canaries from a preview's steps, and from the state a deploy leaves", async () => {
        const plan = await engine.planTarget(CATALOG, new AbortController().signal);
        const automation = automationOver(fakeStack(previewEvents(plan), exported(plan)));
        expect((await automation.preview(CATALOG, options())).canaries).to.deep.equal([CATALOG_CANARY]);
        expect((await automation.deploy(CATALOG, options())).canaries).to.deep.equal([CATALOG_CANARY]);
        expect((await automation.destroy(CATALOG, options())).canaries).to.deep.equal([]);
        // A deploy reads the state it leaves, whatever the steps said.
        const nothingDeployed = automationOver(fakeStack(previewEvents(plan), { version: 3, deployment: { resources: [] } }));
        expect((await nothingDeployed.deploy(CATALOG, options())).canaries).to.deep.equal([]);
    });

    it("a preview's steps: a deleted Canary is gone, a replaced one counts once, unknown values are left out", () => {
        const provider = "urn:pulumi:dev-catalog::berth-app::pulumi:providers:kubernetes::dev-euw1::0123";
        const canary = (name: string, hosts: unknown) => ({
            type: "kubernetes:flagger.app/v1beta1:Canary",
            urn: `urn:pulumi:dev-catalog::berth-app::berth:workload:Workload$kubernetes:flagger.app/v1beta1:Canary::${name}`,
            inputs: { metadata: { name, namespace: name }, spec: { service: { hosts } } },
        });
        const step = (op: string, state: ReturnType<typeof canary>) => ({
            op,
            urn: state.urn,
            provider,
            oldState: op === "create" ? null : state,
            newState: op === "delete" ? null : state,
        });
        const summaries = canariesFromSteps([
            step("create-replacement", canary("shop", ["shop.example.com"])),
            step("replace", canary("shop", ["shop.example.com"])),
            step("delete-replaced", canary("shop", ["shop.example.com"])),
            step("delete", canary("old", [])),
            step("create", canary("new", "04da6b54-80e4-46f7-96ec-b56ff0331ba9")),
        ]);
        expect(summaries.map((summary) => [summary.name, summary.cluster, summary.hosts])).to.deep.equal([
            ["shop", "dev-euw1", ["shop.example.com"]],
            ["new", "dev-euw1", []],
        ]);
    });
});
