import { expect } from "chai";
import type { ResourceChange } from "../../../delivery/comment/changes";
import { PlanError } from "../../../delivery/errors";
import type { PlanDocument } from "../../../delivery/plan";
import { deployedPlansInMemory } from "../../../delivery/operations/deployedPlans";
import { OperationCancelledError } from "../../../delivery/operations/errors";
import { OfflineEngine } from "../../../delivery/operations/offlineEngine";
import type { ApplicationSpec, OperationOptions, StackTarget } from "../../../delivery/operations/types";

/** An application of the dev platform that its own config does not have: on the dev cluster, from the platform's registry. */
const catalog: ApplicationSpec = {
    name: "catalog",
    clusters: ["dev-euw1"],
    image: { repository: "storefront", tag: "v2.0.0" },
    routing: { hosts: ["catalog.dev.example.com"] },
};
const application = (spec: ApplicationSpec): StackTarget => ({ kind: "application", environment: "dev", application: spec.name, spec });
const DEV: StackTarget = { kind: "platform", environment: "dev" };
const PROD: StackTarget = { kind: "platform", environment: "prod" };

/** What an operation reported as it ran. */
function recorder(signal: AbortSignal = new AbortController().signal) {
    const logs: string[] = [];
    const changes: ResourceChange[] = [];
    const options: OperationOptions = { events: { log: (line) => logs.push(line), change: (change) => changes.push(change) }, signal };
    return { logs, changes, options };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (err) {
        return err as Error;
    }
    throw new Error("expected the operation to fail");
}

// One engine for the whole file: plans are made once per revision and reused, as the portal reuses them.
describe("the offline engine (delivery/operations/offlineEngine.ts)", () => {
    const state = deployedPlansInMemory();
    let engine: OfflineEngine;
    before(() => (engine = new OfflineEngine({ state, poolSize: 2 })));
    after(() => engine.close());

    it("lists the environments the project has a Pulumi.<environment>.yaml for", async () => {
        expect(await engine.environments()).to.deep.equal(["dev", "prod"]);
    });

    it("describes an environment never deployed from a fresh plan, secrets masked", async () => {
        const view = await engine.describe("dev");
        expect(view.source).to.equal("planned");
        expect(view.review.clusters.map((cluster) => [cluster.name, cluster.region])).to.deep.equal([["dev-euw1", "eu-west-1"]]);
        expect((view.outputs.clusters as Record<string, { kubeconfig: unknown }>)["dev-euw1"].kubeconfig).to.equal("[secret]");
    });

    it("refuses an environment the project has no stack file for", async () => {
        const error = await rejection(engine.describe("staging"));
        expect(error.name).to.equal("UnknownStackError");
        expect(error.message).to.contain("Pulumi.staging.yaml");
    });

    it("previews a platform stack never deployed as every resource created, each reported as it is found, with cost and policy", async () => {
        const { logs, changes, options } = recorder();
        const result = await engine.preview(DEV, options);
        expect(result.stack).to.equal("platform/dev");
        expect(result.revision).to.equal(await engine.revision(DEV));
        expect(result.changes.resources.length).to.be.greaterThan(100);
        expect(result.changes.resources.every((change) => change.op === "create")).to.equal(true);
        expect(changes.map((change) => change.urn)).to.deep.equal(result.changes.resources.map((change) => change.urn));
        expect(result.cost?.monthly).to.be.greaterThan(0);
        expect(result.violations).to.be.an("array");
        expect(logs.join("\n"))
            .to.match(/nothing deployed yet/)
            .and.match(/offline/);
        expect(await state.loadDeployedPlan("platform/dev")).to.equal(undefined);
    });

    it("records a deploy as the stack's deployed plan: the next preview finds no changes, and describe reads it", async () => {
        const deployed = recorder();
        await engine.deploy(DEV, deployed.options);
        expect(deployed.logs.join("\n")).to.match(/no cloud resource was changed/);
        const stored = (await state.loadDeployedPlan("platform/dev")) as PlanDocument;
        expect(stored.stack).to.equal("dev");

        const again = recorder();
        const result = await engine.preview(DEV, again.options);
        expect(result.changes.resources).to.deep.equal([]);
        expect(result.changes.counts.same).to.equal(stored.resources.length);
        expect(again.changes).to.deep.equal([]);
        expect(again.logs.join("\n")).to.match(/No changes/);
        expect((await engine.describe("dev")).source).to.equal("deployed");
    });

    it("plans an application's own stack against the deployed platform's outputs", async () => {
        const { logs, options } = recorder();
        const result = await engine.preview(application(catalog), options);
        expect(result.stack).to.equal("application/dev/catalog");
        expect(logs.join("\n")).to.contain("from the plan deployed to platform/dev");
        const created = result.changes.resources
            .filter((change) => change.op === "create")
            .map((change) => `${change.type} ${change.name}`);
        expect(created).to.include.members([
            "berth:workload:Workload dev-euw1-catalog",
            "kubernetes:apps/v1:Deployment dev-euw1-catalog-deployment",
            "kubernetes:networking.istio.io/v1:VirtualService dev-euw1-catalog-virtual-service",
        ]);
        expect(result.outputs).to.deep.include({ namespace: "catalog", hosts: ["catalog.dev.example.com"] });
    });

    it("shows a changed application spec as an update of the objects it changes", async () => {
        await engine.deploy(application(catalog), recorder().options);
        const bumped = { ...catalog, image: { repository: "storefront", tag: "v2.1.0" } };
        expect(await engine.revision(application(bumped))).to.not.equal(await engine.revision(application(catalog)));
        const result = await engine.preview(application(bumped), recorder().options);
        expect(result.changes.counts.create).to.equal(0);
        const deployment = result.changes.resources.find((change) => change.name === "dev-euw1-catalog-deployment");
        expect(deployment?.op).to.equal("update");
        const image = deployment?.properties.find((property) => property.path.endsWith(".image"));
        expect(image?.after).to.contain("v2.1.0");
    });

    it("destroys an application: every resource deleted and its deployed plan removed", async () => {
        const deployed = (await state.loadDeployedPlan("application/dev/catalog")) as PlanDocument;
        const { changes, options } = recorder();
        const result = await engine.destroy(application(catalog) as StackTarget & { kind: "application" }, options);
        expect(result.changes.counts.delete).to.equal(deployed.resources.length);
        expect(changes).to.have.length(deployed.resources.length);
        expect(await state.loadDeployedPlan("application/dev/catalog")).to.equal(undefined);
        const again = await engine.preview(application(catalog), recorder().options);
        expect(again.changes.counts.create).to.equal(deployed.resources.length);
    });

    it("refuses to destroy a platform stack", async () => {
        const error = await rejection(engine.destroy(DEV as unknown as StackTarget & { kind: "application" }, recorder().options));
        expect(error.message).to.match(/never a platform stack/);
    });

    it("refuses an invalid application spec before planning, naming every problem by its key path", async () => {
        const spec = { ...catalog, image: { repository: "storefront" }, replicas: { min: 0 } };
        const { logs, options } = recorder();
        const error = await rejection(engine.preview(application(spec), options));
        expect(error).to.be.instanceOf(PlanError);
        expect((error as PlanError).problems.map((problem) => problem.split(":")[0])).to.have.members(["image", "replicas.min"]);
        expect(logs.join("\n")).to.contain("replicas.min");
    });

    describe("validateApplication: the stack config's own workload rules", () => {
        it("accepts a spec that fits the environment", async () => {
            expect(await engine.validateApplication("dev", catalog)).to.deep.equal([]);
        });

        it("refuses the name of an application the platform's own config already runs", async () => {
            const problems = await engine.validateApplication("dev", { ...catalog, name: "storefront", routing: undefined });
            expect(problems).to.deep.equal([
                "name: storefront is already an application of the dev platform stack (platform:workloads[0]): choose another name",
            ]);
        });

        it("names a problem by its key path in the spec, with the reason the platform's rules give", async () => {
            const problems = await engine.validateApplication("dev", { ...catalog, clusters: ["dev-euw9"], extra: true });
            expect(problems).to.have.length(2);
            expect(problems.find((problem) => problem.startsWith("extra: "))).to.match(/^extra: unknown key/);
            expect(problems.find((problem) => problem.startsWith("clusters[0]: "))).to.contain(
                "names no cluster of this stack (platform:clusters: dev-euw1)",
            );
        });

        it("checks the spec against the platform's own applications: a host they route is taken", async () => {
            const problems = await engine.validateApplication("dev", { ...catalog, routing: { hosts: ["storefront.dev.example.com"] } });
            expect(problems).to.deep.equal([
                'routing.hosts[0]: is already routed to platform:workloads[0] (storefront) on cluster dev-euw1: one host belongs to one application per cluster (got "storefront.dev.example.com")',
            ]);
        });

        it("applies the environment's own rules: prod refuses an image tagged latest", async () => {
            const spec = { name: "catalog", clusters: ["prod-euw1"], image: { repository: "storefront", tag: "latest" } };
            const problems = await engine.validateApplication("prod", spec);
            expect(problems.some((problem) => problem.startsWith('image.tag: must not be "latest" in prod'))).to.equal(
                true,
                problems.join("\n"),
            );
        });

        it("refuses what is not a map", async () => {
            expect(await engine.validateApplication("dev", "catalog")).to.deep.equal([
                'application: must be a map of the keys of one platform:workloads entry, such as { name, clusters, image } (got "catalog")',
            ]);
        });
    });

    describe("revisions", () => {
        it("give an application the same revision whatever the order of its spec's keys", async () => {
            const reordered = { image: catalog.image, routing: catalog.routing, clusters: catalog.clusters, name: catalog.name };
            expect(await engine.revision(application(reordered))).to.equal(await engine.revision(application(catalog)));
        });

        it("give each environment's platform stack its own: its config file is part of it", async () => {
            expect(await engine.revision(DEV)).to.not.equal(await engine.revision(PROD));
            expect(await engine.revision(DEV)).to.match(/^[0-9a-f]{16}$/);
        });
    });

    describe("in worker threads", () => {
        it("rejects a cancelled preview at once, with a cancellation error, by stopping the worker that plans it", async () => {
            const controller = new AbortController();
            const { logs, options } = recorder(controller.signal);
            const preview = engine.preview(PROD, options);
            // Once the plan runs (the first log line comes just before it starts), cancel it.
            while (logs.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
            await new Promise((resolve) => setTimeout(resolve, 200));
            const aborted = Date.now();
            controller.abort();
            const error = await rejection(preview);
            expect(Date.now() - aborted).to.be.lessThan(500);
            expect(error).to.be.instanceOf(OperationCancelledError);
            expect(error.message).to.equal("The preview of platform/prod was cancelled");
        });

        it("runs two previews of different stacks at once, both to completion, after a cancelled one", async () => {
            const search: ApplicationSpec = {
                name: "search",
                clusters: ["dev-euw1"],
                image: { repository: "payments/api", tag: "v1.0.0" },
            };
            const [prod, app] = await Promise.all([
                engine.preview(PROD, recorder().options),
                engine.preview(application(search), recorder().options),
            ]);
            expect(prod.stack).to.equal("platform/prod");
            expect(prod.changes.counts.create).to.be.greaterThan(100);
            expect(app.stack).to.equal("application/dev/search");
            expect(app.changes.resources.map((change) => change.name)).to.include("dev-euw1-search-deployment");
        });

        it("places an application on every cluster its spec names, each pulling from the registry's copy in its own region", async () => {
            const spec: ApplicationSpec = {
                name: "search",
                clusters: ["prod-euw1", "prod-use1"],
                image: { repository: "payments/api", tag: "v1.0.0" },
                routing: { hosts: ["search.apps.example.com"] },
            };
            const target: StackTarget = { kind: "application", environment: "prod", application: "search", spec };
            const { logs, options } = recorder();
            const result = await engine.preview(target, options);
            expect(logs.join("\n")).to.contain(
                "platform/prod has nothing deployed: reading the platform's outputs from a fresh plan of it",
            );
            const plan = await engine.planTarget(target, new AbortController().signal);
            const images = plan.resources
                .filter((resource) => resource.type === "kubernetes:apps/v1:Deployment")
                .map((deployment) => [deployment.name, (deployment.inputs as any).spec.template.spec.containers[0].image]);
            expect(images).to.deep.equal([
                ["prod-euw1-search-deployment", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/apps/payments/api:v1.0.0"],
                ["prod-use1-search-deployment", "123456789012.dkr.ecr.us-east-1.amazonaws.com/apps/payments/api:v1.0.0"],
            ]);
            // prod's defaults, as platform:workloads gives them: three replicas at least.
            const autoscaler = plan.resources.find((resource) => resource.name === "prod-euw1-search-autoscaler");
            expect((autoscaler?.inputs as any).spec.minReplicas).to.equal(3);
            expect(result.changes.counts.create).to.equal(plan.resources.length);
        });

        it("syncs an application's secret references through the cluster's store, within the environment's prefix", async () => {
            const spec: ApplicationSpec = {
                ...catalog,
                name: "ledger",
                routing: { hosts: ["ledger.dev.example.com"] },
                secrets: [{ env: "DATABASE_URL", secret: "berth/dev/ledger/database", key: "url" }],
            };
            const target: StackTarget = { kind: "application", environment: "dev", application: "ledger", spec };
            const plan = await engine.planTarget(target, new AbortController().signal);
            const externalSecret = plan.resources.find((resource) => resource.type === "kubernetes:external-secrets.io/v1:ExternalSecret");
            expect((externalSecret?.inputs as any).spec.secretStoreRef).to.deep.equal({
                kind: "ClusterSecretStore",
                name: "aws-secrets-manager",
            });
            expect((externalSecret?.inputs as any).spec.data).to.deep.equal([
                { secretKey: "DATABASE_URL", remoteRef: { key: "berth/dev/ledger/database", property: "url" } },
            ]);
            const outside = { ...spec, secrets: [{ env: "DATABASE_URL", secret: "berth/prod/ledger/database" }] };
            expect(await engine.validateApplication("dev", outside)).to.have.lengthOf(1);
        });
    });
});
