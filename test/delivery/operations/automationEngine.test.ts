import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import type { ConfigMap, Deployment, EngineEvent } from "@pulumi/pulumi/automation";
import type { ResourceChange } from "../../../delivery/comment/changes";
import { PlanError } from "../../../delivery/errors";
import type { PlanDocument } from "../../../delivery/plan";
import {
    AutomationEngine,
    AutomationStack,
    AutomationStacks,
    localWorkspaceStacks,
    OfflineAnswers,
    OperationRunOptions,
} from "../../../delivery/operations/automationEngine";
import { OperationCancelledError } from "../../../delivery/operations/errors";
import { berthProject } from "../../../delivery/operations/project";
import { findOnPath } from "../../../delivery/operations/select";
import type { ApplicationSpec, EnvironmentView, OperationOptions, StackTarget } from "../../../delivery/operations/types";
import { REPO } from "../../helpers/plans";

const FIXTURES = path.join(REPO, "test", "fixtures", "automation");
/** A recorded-shape engine event stream of an application's preview: same, update, replace, create, a warning, a policy finding. */
const PREVIEW_EVENTS: EngineEvent[] = fs
    .readFileSync(path.join(FIXTURES, "preview-catalog.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
/** `pulumi stack export` of a deployed dev platform: one cluster, one node pool, secrets encrypted. */
const PLATFORM_EXPORT: Deployment = JSON.parse(fs.readFileSync(path.join(FIXTURES, "export-platform-dev.json"), "utf8"));
const APPLICATION_EXPORT: Deployment = {
    version: 3,
    deployment: {
        resources: [
            {
                urn: "urn:pulumi:dev-catalog::berth-app::pulumi:pulumi:Stack::berth-app-dev-catalog",
                type: "pulumi:pulumi:Stack",
                custom: false,
                outputs: { namespace: "catalog", hosts: ["catalog.dev.example.com"] },
            },
        ],
    },
};
const NOTHING_DEPLOYED: Deployment = { version: 3, deployment: { manifest: {}, resources: [] } };

const catalog: ApplicationSpec = { name: "catalog", clusters: ["dev-euw1"], image: { repository: "storefront", tag: "v2.1.0" } };
const CATALOG = { kind: "application", environment: "dev", application: "catalog", spec: catalog } as const;
const DEV: StackTarget = { kind: "platform", environment: "dev" };

/** A stack that replays `events` to each operation, and, told to hang, runs until its operation is aborted. */
class FakeStack implements AutomationStack {
    readonly calls: string[] = [];
    config?: ConfigMap;
    removed?: boolean;

    constructor(
        readonly name: string,
        private readonly exported: Deployment,
        private readonly events: EngineEvent[] = PREVIEW_EVENTS,
        private readonly hang = false,
    ) {}

    preview(options: OperationRunOptions) {
        return this.operate("preview", options);
    }
    up(options: OperationRunOptions) {
        return this.operate("up", options);
    }
    destroy(options: OperationRunOptions & { remove?: boolean }) {
        this.removed = options.remove;
        return this.operate("destroy", options);
    }
    async cancel() {
        this.calls.push("cancel");
    }
    async exportStack() {
        return this.exported;
    }
    async setAllConfig(config: ConfigMap) {
        this.config = config;
    }

    private async operate(kind: string, { onEvent, signal }: OperationRunOptions): Promise<void> {
        this.calls.push(kind);
        for (const event of this.events) onEvent(event);
        if (!this.hang) return;
        // As the SDK does on abort: the CLI is interrupted and the command fails.
        await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
        throw new Error("CommandError: code: -2\n stderr: error: update canceled");
    }
}

function fakeStacks(stacks: { platform?: FakeStack; application?: FakeStack }): AutomationStacks & { opened: string[] } {
    const opened: string[] = [];
    return {
        opened,
        async platform(environment) {
            opened.push(`platform ${environment}`);
            return stacks.platform ?? new FakeStack(environment, NOTHING_DEPLOYED);
        },
        async existingPlatform(environment) {
            opened.push(`existing platform ${environment}`);
            return stacks.platform;
        },
        async application(environment, application) {
            opened.push(`application ${environment} ${application}`);
            return stacks.application ?? new FakeStack(`${environment}-${application}`, NOTHING_DEPLOYED);
        },
    };
}

const PLANNED_VIEW = { environment: "dev", source: "planned" } as EnvironmentView;
const ASSESSED = { cost: { monthly: 12.5 }, violations: [] } as unknown as PlanDocument;

function offline(problems: string[] = []): OfflineAnswers & { asked: string[] } {
    const asked: string[] = [];
    return {
        asked,
        describe: async (environment) => (asked.push(`describe ${environment}`), PLANNED_VIEW),
        validateApplication: async (environment) => (asked.push(`validate ${environment}`), problems),
        planTarget: async () => (asked.push("plan"), ASSESSED),
    };
}

function recorder(signal: AbortSignal = new AbortController().signal) {
    const logs: string[] = [];
    const changes: ResourceChange[] = [];
    const options: OperationOptions = { events: { log: (line) => logs.push(line), change: (change) => changes.push(change) }, signal };
    return { logs, changes, options };
}

describe("the Automation API engine (delivery/operations/automationEngine.ts), through its seams", () => {
    describe("a preview", () => {
        const stack = new FakeStack("dev-catalog", APPLICATION_EXPORT);
        const answers = offline();
        const engine = new AutomationEngine({ offline: answers, stacks: fakeStacks({ application: stack }) });
        const run = recorder();
        let result: Awaited<ReturnType<AutomationEngine["preview"]>>;
        before(async () => (result = await engine.preview(CATALOG, run.options)));

        it("runs the application's own stack with its spec, environment and platform stack as the stack's config", () => {
            expect(stack.calls).to.deep.equal(["preview"]);
            expect(stack.config).to.deep.equal({
                "berth-app:platformStack": { value: "organization/platform/dev" },
                "berth-app:environment": { value: "dev" },
                "berth-app:application": {
                    value: '{"clusters":["dev-euw1"],"image":{"repository":"storefront","tag":"v2.1.0"},"name":"catalog"}',
                },
            });
            expect(answers.asked).to.include("validate dev");
        });

        it("turns the engine's events into the structured diff: one change per resource, steps of a replacement merged", () => {
            expect(result.changes.source).to.equal("preview");
            expect(result.changes.resources.map((change) => [change.name, change.op])).to.deep.equal([
                ["dev-euw1-catalog-deployment", "update"],
                ["dev-euw1-catalog-disruption-budget", "replace"],
                ["dev-euw1-catalog-service", "create"],
            ]);
            expect(result.changes.counts).to.include({ same: 3, update: 1, replace: 1, create: 1 });
            const image = result.changes.resources[0].properties;
            expect(image).to.have.length(1);
            expect(image[0]).to.include({ path: "spec.template.spec.containers[0].image", kind: "update" });
            expect(image[0].after).to.contain("storefront:v2.1.0");
            expect(result.changes.resources[1].replaceReasons).to.deep.equal(["spec.selector"]);
        });

        it("reports each resource's step as the engine announces it", () => {
            expect(run.changes.map((change) => `${change.op} ${change.name}`)).to.deep.equal([
                "update dev-euw1-catalog-deployment",
                // Each step of a replacement (create-replacement, replace, delete-replaced) is part of the one replacement.
                "replace dev-euw1-catalog-disruption-budget",
                "replace dev-euw1-catalog-disruption-budget",
                "create dev-euw1-catalog-service",
                "replace dev-euw1-catalog-disruption-budget",
            ]);
        });

        it("logs the engine's diagnostics and policy findings as plain lines, without color codes or ephemeral noise", () => {
            expect(run.logs).to.include("warning: dev-euw1-catalog-deployment: warning: image tag v2.1.0 of a mutable repository");
            expect(run.logs).to.include("policy advisory: berth/named-ports: Services should name their ports (dev-euw1-catalog-service)");
            expect(run.logs.join("\n")).to.not.match(/<\{%|waiting for rollout/);
            expect(result.changes.policy).to.deep.equal({
                mandatory: [],
                advisory: ["berth/named-ports: Services should name their ports (dev-euw1-catalog-service)"],
            });
        });

        it("puts the offline plan's cost and policy beside it, and the stack's outputs", () => {
            expect(result.cost).to.deep.equal({ monthly: 12.5 });
            expect(result.violations).to.deep.equal([]);
            expect(result.outputs).to.deep.equal({ namespace: "catalog", hosts: ["catalog.dev.example.com"] });
            expect(result.stack).to.equal("application/dev/catalog");
        });
    });

    it("deploys with `up` and destroys an application with `destroy`, removing its stack", async () => {
        const stack = new FakeStack("dev-catalog", APPLICATION_EXPORT, []);
        const engine = new AutomationEngine({ offline: offline(), stacks: fakeStacks({ application: stack }) });
        await engine.deploy(CATALOG, recorder().options);
        const destroyed = await engine.destroy(CATALOG, recorder().options);
        expect(stack.calls).to.deep.equal(["up", "destroy"]);
        expect(stack.removed).to.equal(true);
        expect(destroyed.outputs).to.deep.equal({});
    });

    it("refuses an invalid spec before running the CLI", async () => {
        const stacks = fakeStacks({});
        const engine = new AutomationEngine({ offline: offline(["image.tag: must be an image tag"]), stacks });
        const error = await engine.preview(CATALOG, recorder().options).catch((err: Error) => err);
        expect(error).to.be.instanceOf(PlanError);
        expect((error as PlanError).problems).to.deep.equal(["image.tag: must be an image tag"]);
        expect(stacks.opened).to.deep.equal([]);
    });

    it("refuses to destroy a platform stack", async () => {
        const engine = new AutomationEngine({ offline: offline(), stacks: fakeStacks({}) });
        const error = await engine.destroy(DEV as unknown as typeof CATALOG, recorder().options).catch((err: Error) => err);
        expect((error as Error).message).to.match(/never a platform stack/);
    });

    it("cancels through stack.cancel() and the signal, and rejects with a cancellation error", async () => {
        const stack = new FakeStack("dev", PLATFORM_EXPORT, [], true);
        const engine = new AutomationEngine({ offline: offline(), stacks: fakeStacks({ platform: stack }) });
        const controller = new AbortController();
        const { logs, options } = recorder(controller.signal);
        const deploy = engine.deploy(DEV, options);
        while (!stack.calls.includes("up")) await new Promise((resolve) => setImmediate(resolve));
        controller.abort();
        const error = await deploy.catch((err: Error) => err);
        expect(error).to.be.instanceOf(OperationCancelledError);
        expect((error as Error).message).to.equal("The deploy of platform/dev was cancelled");
        expect(stack.calls).to.deep.equal(["up", "cancel"]);
        expect(logs).to.include("Cancelling the deploy of dev");
    });

    describe("describe", () => {
        it("reads a deployed environment from the stack's exported state, in the plan's shape, secrets masked", async () => {
            const engine = new AutomationEngine({
                offline: offline(),
                stacks: fakeStacks({ platform: new FakeStack("dev", PLATFORM_EXPORT) }),
            });
            const view = await engine.describe("dev");
            expect(view.source).to.equal("deployed");
            const [cluster] = view.review.clusters;
            expect(cluster).to.include({ name: "dev-euw1", region: "eu-west-1", kubernetesVersion: "1.35" });
            expect(cluster.endpoint).to.include({ privateAccess: true, publicAccess: false });
            expect(cluster.nodePools.map((pool) => [pool.name, pool.capacityType, pool.architecture, pool.maxSize])).to.deep.equal([
                ["general", "SPOT", "arm64", 3],
            ]);
            expect(view.outputs).to.deep.equal({
                environment: "dev",
                clusters: "[secret]",
                monitoring: { grafanaUrl: "http://grafana.dev.example.com", grafanaAdminPassword: "[secret]" },
            });
            expect(JSON.stringify(view)).to.not.contain("ciphertext");
        });

        it("describes an environment never deployed from its offline plan", async () => {
            const answers = offline();
            const stacks = fakeStacks({});
            const engine = new AutomationEngine({ offline: answers, stacks });
            expect(await engine.describe("dev")).to.equal(PLANNED_VIEW);
            expect(answers.asked).to.deep.equal(["describe dev"]);
            expect(stacks.opened).to.deep.equal(["existing platform dev"]);
        });
    });

    const pulumi = findOnPath("pulumi");
    (pulumi ? describe : describe.skip)(
        `against the real Pulumi CLI${pulumi ? "" : " (skipped: the pulumi CLI is not on PATH; install it from https://www.pulumi.com/docs/install/)"}`,
        () => {
            let home: string;
            before(() => {
                // A copy of the project's stack files in a file backend of its own: the real Pulumi.dev.yaml stays untouched.
                home = fs.mkdtempSync(path.join(os.tmpdir(), "berth-automation-"));
                for (const file of ["Pulumi.yaml", "Pulumi.dev.yaml"]) fs.copyFileSync(path.join(REPO, file), path.join(home, file));
                fs.mkdirSync(path.join(home, "state"));
            });
            after(() => fs.rmSync(home, { recursive: true, force: true }));

            it("opens a platform stack through LocalWorkspace and describes it from its plan until it is deployed", async () => {
                const project = { ...berthProject(), dir: home };
                const stacks = localWorkspaceStacks(project, {
                    PULUMI_BACKEND_URL: `file://${path.join(home, "state")}`,
                    PULUMI_CONFIG_PASSPHRASE: "berth-test",
                });
                const answers = offline();
                const engine = new AutomationEngine({ offline: answers, stacks, project });
                expect(await stacks.existingPlatform("dev")).to.equal(undefined);
                expect((await engine.describe("dev")).source).to.equal("planned");
                const stack = await stacks.platform("dev");
                expect(stack.name).to.equal("dev");
                expect((await stacks.existingPlatform("dev"))?.name).to.equal("dev");
                expect((await engine.describe("dev")).source).to.equal("planned");
            });
        },
    );
});
