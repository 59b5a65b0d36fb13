import * as path from "path";
import { execFile } from "child_process";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { planInline } from "../helpers/inline";
import { planOf } from "../helpers/plans";
import {
    AUTOMATION_MODULE,
    CLOSURE_MODULES,
    GRPC_MODULES,
    mockMonitorClass,
    PROVIDER_PACKAGES,
    STRUCT_MODULE,
    UNREAD_EXPORTS,
    ZOD_LOCALES,
    deferUnusedModules,
    dropDebugMessages,
    inLocalStore,
    passStructsThrough,
    runtimeState,
    skipPromiseTracking,
    skipSourcePositions,
    useMockMonitor,
} from "../../delivery/pulumiInternals";

const REPO = path.join(__dirname, "..", "..");
const { ensureBuilt }: { ensureBuilt: () => number } = require(path.join(REPO, "bin", "build.js"));

interface PlanningProcess {
    deferred: boolean;
    loaded: {
        typescript: boolean;
        arborist: boolean;
        automation: boolean;
        grpc: boolean;
        tracing: boolean;
        awsS3: boolean;
        awsEc2: boolean;
        helmChart: boolean;
        zodLocales: boolean;
    };
    reachable: Record<string, string>;
    missing: string[];
}

/**
 * A fresh process that prepares the SDK as `berth plan` does (from the build: ts-node would load TypeScript itself),
 * loads the SDK and the providers, then reports which heavy modules it loaded and what the stand-ins give.
 */
async function planningProcess(): Promise<PlanningProcess> {
    ensureBuilt();
    const script = `
        const sdk = require(${JSON.stringify(path.join(REPO, "dist", "delivery", "pulumiInternals.js"))});
        const deferred = sdk.deferUnusedModules();
        const pulumi = require("@pulumi/pulumi");
        const aws = require("@pulumi/aws");
        const k8s = require("@pulumi/kubernetes");
        const { z } = require("zod");
        const vpc = aws.ec2.Vpc;
        const release = k8s.helm.v3.Release;
        const files = Object.keys(require.cache);
        const has = (part) => files.some((file) => file.includes(part));
        // A stand-in sits in the module cache under its module's own name: look for files only the real module loads.
        const loaded = {
            typescript: has("/typescript/lib/"), arborist: has("/@npmcli/arborist/"), automation: has("/pulumi/automation/stack.js"),
            grpc: has("/@grpc/grpc-js/build/src/server.js"), tracing: has("/@opentelemetry/api/build/src/api/trace.js"),
            awsS3: has("/@pulumi/aws/s3/s3Mixins.js"), awsEc2: has("/@pulumi/aws/ec2/vpc.js"),
            helmChart: has("/@pulumi/kubernetes/yaml/yaml.js"), zodLocales: has("/zod/v4/locales/fr.cjs"),
        };
        const fromSdk = (id) => require(require.resolve(id, { paths: [require("path").dirname(require.resolve("@pulumi/pulumi"))] }));
        const reachable = {
            serializeFunction: typeof pulumi.runtime.serializeFunction, computeCodePaths: typeof pulumi.runtime.computeCodePaths,
            vpc: typeof vpc, deployment: typeof k8s.apps.v1.Deployment, localWorkspace: typeof pulumi.automation.LocalWorkspace,
            release: typeof release, chart: typeof k8s.helm.v3.Chart,
            zodEnglish: z.string().safeParse(1).error.issues[0].message, zodFrench: typeof z.locales.fr,
            grpcStatus: typeof fromSdk("@grpc/grpc-js").status.UNAVAILABLE,
            monitorClient: typeof fromSdk("@pulumi/pulumi/proto/resource_grpc_pb").ResourceMonitorClient,
            // What skipSourcePositions stands in for: the declaring program's frames, as source positions.
            sourcePosition: Object.keys(pulumi.Resource.stackTrace(0)[0] ?? {}).join(","),
        };
        // runtime/index.js copies the closure serialiser's exports: a name the stand-in lacks would be undefined here.
        const missing = Object.keys(pulumi.runtime).filter((key) => pulumi.runtime[key] === undefined);
        process.stdout.write(JSON.stringify({ deferred, loaded, reachable, missing }));`;
    return new Promise((resolve, reject) =>
        execFile(process.execPath, ["-e", script], { cwd: REPO, encoding: "utf8" }, (error, stdout, stderr) =>
            error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
        ),
    );
}

/**
 * The dev stack's plan document from a fresh process of the build, set up as `berth plan` sets up its own, that
 * converts properties through real protobuf Structs.
 */
async function planThroughProtobuf(): Promise<string> {
    ensureBuilt();
    const script = `
        require(${JSON.stringify(path.join(REPO, "dist", "delivery", "pulumiInternals.js"))}).setUpForPlanning();
        require(${JSON.stringify(path.join(REPO, "dist", "delivery", "shortRun.js"))}).optimiseOnlyLongRunningCode();
        // Pinned: the planner's attempt to pass Structs through changes nothing in this process.
        const { Struct } = require(${JSON.stringify(STRUCT_MODULE)});
        const real = Struct.fromJavaScript;
        Object.defineProperty(Struct, "fromJavaScript", { get: () => real, set: () => undefined });
        const { planStack } = require(${JSON.stringify(path.join(REPO, "dist", "delivery", "plan.js"))});
        planStack({ stack: "dev", dir: ".", program: ${JSON.stringify(path.join(REPO, "dist", "index.js"))} })
            .then((plan) => process.stdout.write(JSON.stringify(plan, null, 2)));`;
    return new Promise((resolve, reject) =>
        execFile(process.execPath, ["-e", script], { cwd: REPO, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
            error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
        ),
    );
}

// If one of these fails after an upgrade of @pulumi/pulumi, the planner relies on something the SDK changed: fix
// delivery/pulumiInternals.ts, the one file that knows these internals, before trusting a plan.
describe("the Pulumi SDK internals the planner relies on", () => {
    // Started at once, to run beside the in-process tests; its test reports how it ended.
    const fresh = planningProcess();
    fresh.catch(() => undefined);

    it("gives each run a fresh runtime store whose settings the planner sets", () => {
        const outer = runtimeState.getStore();
        const inner = runtimeState.withLocalStorage(() => runtimeState.getStore());
        expect(inner).not.to.equal(outer);
        expect(inner.settings.options).to.be.an("object");
    });

    it("gives a plan a fresh local store without an AsyncLocalStorage, where the SDK looks for it, and only for the plan", async () => {
        const outside = runtimeState.getStore();
        let during: unknown;
        const fresh = await inLocalStore(async (store) => {
            await Promise.resolve();
            during = runtimeState.getStore();
            expect(() => runtimeState.withLocalStorage(() => undefined)).to.throw(/one Pulumi program at a time/);
            return store;
        });
        expect(during).to.equal(fresh);
        expect(fresh).to.be.an.instanceOf(runtimeState.LocalStore).and.not.equal(outside);
        expect(runtimeState.getStore()).to.equal(outside);
    });

    it("sets up the planner's mock engine as pulumi.runtime.setMocks sets up its own", async () => {
        const mocks = { newResource: () => ({ id: "", state: {} }), call: () => ({}) };
        const featuresAfter = (setUp: () => unknown) =>
            runtimeState.withLocalStorage(async () => {
                await setUp();
                const store = runtimeState.getStore() as unknown as Record<string, unknown>;
                const features = Object.keys(store).filter((key) => key.startsWith("supports"));
                return { features: Object.fromEntries(features.map((key) => [key, store[key]])), dryRun: pulumi.runtime.isDryRun() };
            });
        const planner = await featuresAfter(() => useMockMonitor(new (mockMonitorClass())(mocks), "project", "stack"));
        const sdk = await featuresAfter(() => pulumi.runtime.setMocks(mocks, "project", "stack", true));
        expect(planner).to.deep.equal(sdk);
    });

    it("has a mock monitor whose registration methods the recording monitor overrides", () => {
        expect(mockMonitorClass().prototype.registerResource).to.be.a("function");
        expect(mockMonitorClass().prototype.registerResourceOutputs).to.be.a("function");
    });

    it("has the modules and exports the planner stands in for, under the names it stands in for them", () => {
        for (const [id, names] of Object.entries(CLOSURE_MODULES)) {
            const real = require(id);
            for (const name of names) expect(real[name], `${id} ${name}`).to.be.a("function");
        }
        expect(require(AUTOMATION_MODULE).LocalWorkspace).to.be.a("function");
        const sdk = path.dirname(require.resolve("@pulumi/pulumi"));
        for (const id of GRPC_MODULES) expect(require.resolve(id, { paths: [sdk] }), id).to.be.a("string");
        for (const pkg of PROVIDER_PACKAGES) expect(require(pkg).__esModule, pkg).to.equal(true);
        for (const [id, names] of Object.entries(UNREAD_EXPORTS)) expect(Object.keys(require(id)), id).to.have.members([...names]);
        expect(require(ZOD_LOCALES).en, ZOD_LOCALES).to.be.a("function");
    });

    it("changes nothing once the SDK is loaded: deferring comes too late", () => {
        expect(deferUnusedModules()).to.equal(false);
    });

    it("plans without loading TypeScript, npm's arborist, the Automation API, gRPC, unused provider namespaces and exports, or zod's other languages", async () => {
        const { deferred, loaded, reachable, missing } = await fresh;
        expect(deferred).to.equal(true);
        expect(missing).to.deep.equal([]);
        expect(loaded).to.deep.equal({
            typescript: false,
            arborist: false,
            automation: false,
            grpc: false,
            tracing: false,
            awsS3: false,
            awsEc2: true,
            helmChart: false,
            zodLocales: false,
        });
        expect(reachable).to.deep.equal({
            serializeFunction: "function",
            computeCodePaths: "function",
            vpc: "function",
            deployment: "function",
            localWorkspace: "function",
            release: "function",
            chart: "function",
            zodEnglish: "Invalid input: expected string, received number",
            zodFrench: "function",
            grpcStatus: "number",
            monitorClient: "function",
            sourcePosition: "uri,line,column",
        });
    });

    describe("protobuf Structs", () => {
        const { Struct } = require(STRUCT_MODULE);
        // Started at once, to run beside the in-process tests.
        const throughProtobuf = planThroughProtobuf();
        throughProtobuf.catch(() => undefined);

        it("are the ones the SDK converts resource properties with", () => {
            for (const part of ["resource", "rpc", "mocks"]) {
                const from = path.dirname(require.resolve(`@pulumi/pulumi/runtime/${part}`));
                expect(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [from] }), part).to.equal(STRUCT_MODULE);
            }
        });

        it("pass the object itself through while a plan runs, and its fields for Resource.get", () => {
            const end = passStructsThrough();
            try {
                const properties = { urn: "urn:pulumi:dev::platform::x:y:Z::a", state: { tags: { Name: "a" }, ports: [443] } };
                const struct = Struct.fromJavaScript(properties);
                expect(struct).to.be.an.instanceOf(Struct);
                expect(struct.toJavaScript()).to.equal(properties);
                const fields = struct.getFieldsMap();
                expect(fields.get("urn").toJavaScript()).to.equal(properties.urn);
                expect(fields.get("state").getStructValue().toJavaScript()).to.deep.equal(properties.state);
            } finally {
                end();
            }
        });

        it("are real again, for gRPC, once no plan runs: overlapping plans keep them passing until the last ends", () => {
            const real = Struct.fromJavaScript;
            const first = passStructsThrough();
            const second = passStructsThrough();
            const passing = Struct.fromJavaScript;
            expect(passing).not.to.equal(real);
            first();
            first();
            expect(Struct.fromJavaScript).to.equal(passing);
            second();
            expect(Struct.fromJavaScript).to.equal(real);
            expect(Struct.fromJavaScript({ a: 1 }).serializeBinary()).to.be.an.instanceOf(Uint8Array);
        });

        it("leave the plan byte for byte as real protobuf Structs give it", async () => {
            expect(await throughProtobuf).to.equal(JSON.stringify(await planOf("dev"), null, 2));
        });
    });

    describe("debug messages", () => {
        const log: { debug: (message: string) => Promise<void> } = require("@pulumi/pulumi/log");

        it("are what the SDK logs, through the log module's debug, for every resource a plan registers", async () => {
            // Taken first, so the plan below leaves log.debug as this test sets it: what it calls reaches `logged`.
            const end = dropDebugMessages();
            const dropping = log.debug;
            const logged: string[] = [];
            log.debug = async (message) => void logged.push(message);
            try {
                const plan = await planInline(() => new pulumi.ComponentResource("test:index:Thing", "thing"));
                expect(plan.resources.map((resource) => resource.name)).to.include("thing");
                expect(logged.filter((message) => message.includes("name=thing"))).to.have.length.greaterThan(1);
            } finally {
                log.debug = dropping;
                end();
            }
        });

        it("are dropped while a plan runs, and reach the engine again once no plan runs: overlapping plans drop until the last ends", async () => {
            const real = log.debug;
            const first = dropDebugMessages();
            const second = dropDebugMessages();
            const dropping = log.debug;
            expect(dropping).not.to.equal(real);
            expect(await dropping("a message")).to.equal(undefined);
            first();
            first();
            expect(log.debug).to.equal(dropping);
            second();
            expect(log.debug).to.equal(real);
        });
    });

    describe("source positions", () => {
        const { Resource } = require("@pulumi/pulumi/resource");

        it("are skipped while planning, once however often asked (the plan through protobuf, above, keeps them: same plan)", () => {
            const installed = Resource.stackTrace;
            expect(installed()).to.deep.equal([]);
            const undo = skipSourcePositions();
            expect(Resource.stackTrace).to.equal(installed);
            undo();
            expect(Resource.stackTrace).to.equal(installed);
        });
    });

    describe("promise tracking", () => {
        const debuggable = require("@pulumi/pulumi/runtime/debuggable");
        let restore: () => void;
        before(() => (restore = skipPromiseTracking()));
        after(() => restore());

        const traceOf = (promise: Promise<unknown>) => (promise as Promise<unknown> & { _debugStackTrace?: string })._debugStackTrace;
        const leakCandidates = (store: unknown) => (store as { leakCandidates: Set<Promise<unknown>> }).leakCandidates;

        it("reads the leak report's candidates from the store current at exit, never a plan's own: so it tracks none", async () => {
            const inPlan = await inLocalStore(async () => {
                const tracked = Promise.resolve(1);
                expect(await debuggable.debuggablePromise(tracked, "a test promise")).to.equal(1);
                expect(traceOf(tracked)).to.equal(undefined);
                return runtimeState.getStore();
            });
            expect(leakCandidates(inPlan).size).to.equal(0);
            expect(runtimeState.getStore()).not.to.equal(inPlan);
        });

        it("adds nothing when a second plan in the same process asks again", () => {
            const installed = debuggable.debuggablePromise;
            const undo = skipPromiseTracking();
            expect(debuggable.debuggablePromise).to.equal(installed);
            undo();
            expect(debuggable.debuggablePromise).to.equal(installed);
        });

        it("keeps the full stack of every error", () => {
            expect(new Error("real").stack!.split("\n").length).to.be.greaterThan(2);
        });

        it("tracks promises, with their traces, as the SDK does when PULUMI_DEBUG_PROMISE_LEAKS asks for them", async () => {
            debuggable.debugPromiseLeaks = true;
            try {
                const tracked = new Promise(() => undefined);
                debuggable.debuggablePromise(tracked, "a test promise");
                expect(traceOf(tracked)).to.contain("\n    at ");
                expect(leakCandidates(runtimeState.getStore()).has(tracked)).to.equal(true);
                leakCandidates(runtimeState.getStore()).delete(tracked);
            } finally {
                debuggable.debugPromiseLeaks = false;
            }
        });
    });
});
