import * as fs from "fs";
import Module = require("module");
import * as path from "path";
import type { MockMonitor as MockMonitorClass } from "@pulumi/pulumi/runtime/mocks";

// Everything the planner relies on that the Pulumi SDK does not offer as public API, in one file:
// test/delivery/pulumiInternals.test.ts fails, naming the part, when an SDK upgrade changes any of it. Loading this
// file loads none of the SDK's runtime (only its small state module): `deferUnusedModules` must come first.

/** The part of the SDK's runtime store the planner sets (@pulumi/pulumi/runtime/state.js `LocalStore`). */
export interface RuntimeStore {
    settings: { engine?: unknown; options: { rootDirectory?: string } };
}

/**
 * The SDK's runtime store, a module outside its typings. Each plan runs in a local store of its own (`inLocalStore`,
 * as the Automation API runs inline programs in one of `withLocalStorage`), so two plans in one process share no
 * config, stack or monitor; and only inside a local store does the SDK read the engine client from the store, which
 * is how logs reach the planner.
 */
export const runtimeState: {
    withLocalStorage<T>(callback: () => T): T;
    getStore(): RuntimeStore;
    LocalStore: new () => RuntimeStore;
} = require("@pulumi/pulumi/runtime/state");

/** Where the SDK finds the current local store on every call (runtime/state.js `getLocalStore`): an AsyncLocalStorage. */
interface StoreHolder {
    asyncLocalStorage?: {
        getStore(): unknown;
        run(store: unknown, callback: (...args: unknown[]) => unknown, ...args: unknown[]): unknown;
    };
}

/**
 * Runs `callback` with a fresh local store of its own, as `withLocalStorage` does, without an AsyncLocalStorage: for
 * as long as the callback runs, the holder the SDK reads the store from answers this store. An AsyncLocalStorage
 * makes node track every promise through async hooks, and a plan makes hundreds of thousands of them: a tenth of its
 * memory and more of its time. The caller runs one plan at a time in its thread (runProgram), and nothing else may
 * ask for a local store of its own meanwhile.
 */
export async function inLocalStore<T>(callback: (store: RuntimeStore) => Promise<T>): Promise<T> {
    const holder = globalThis as StoreHolder;
    const previous = holder.asyncLocalStorage;
    const store = new runtimeState.LocalStore();
    holder.asyncLocalStorage = {
        getStore: () => store,
        run: () => {
            throw new Error("Berth's planner runs one Pulumi program at a time: no other may start a local store while it plans");
        },
    };
    try {
        return await callback(store);
    } finally {
        holder.asyncLocalStorage = previous;
    }
}

/** The mock engine's resource monitor, which the planner subclasses to see whole registration requests. */
export function mockMonitorClass(): typeof MockMonitorClass {
    return require("@pulumi/pulumi/runtime/mocks").MockMonitor;
}

/** The SDK's wire encodings (runtime/rpc.ts): the key that marks a special value, the kinds the planner reads, an unknown. */
export interface WireEncodings {
    sigKey: string;
    secretSig: string;
    resourceSig: string;
    unknown: string;
}

export function wireEncodings(): WireEncodings {
    const rpc: typeof import("@pulumi/pulumi/runtime/rpc") = require("@pulumi/pulumi/runtime/rpc");
    return { sigKey: rpc.specialSigKey, secretSig: rpc.specialSecretSig, resourceSig: rpc.specialResourceSig, unknown: rpc.unknownValue };
}

/** The features `pulumi.runtime.setMocks` turns on in the runtime store; `setMockOptions`, which takes our own monitor, does not. */
const MOCK_FEATURES = {
    supportsSecrets: true,
    supportsResourceReferences: true,
    supportsOutputValues: false,
    supportsDeletedWith: true,
    supportsReplaceWith: true,
    supportsAliasSpecs: true,
    supportsTransforms: false,
    supportsParameterization: true,
    supportsResourceHooks: true,
    supportsErrorHooks: true,
};

/**
 * Makes the current runtime store a mock engine's, as `pulumi.runtime.setMocks` does, but with the planner's own
 * monitor: `setMocks` builds a plain MockMonitor around a Mocks, which never sees a whole registration request.
 */
export function useMockMonitor(monitor: MockMonitorClass, project: string, stack: string): void {
    const settings: typeof import("@pulumi/pulumi/runtime/settings") = require("@pulumi/pulumi/runtime/settings");
    settings.setMockOptions(monitor, project, stack, true, "organization");
    Object.assign(runtimeState.getStore(), MOCK_FEATURES);
}

/**
 * The modules of the SDK's closure serialiser (`pulumi.runtime.serializeFunction`, dynamic providers, code paths for
 * lambdas) and the exports that @pulumi/pulumi/runtime/index.js copies from them when it loads. They load the
 * TypeScript compiler and npm's arborist, about 850 files, which no plan uses.
 */
export const CLOSURE_MODULES: Record<string, readonly string[]> = {
    "@pulumi/pulumi/runtime/closure/serializeClosure": ["serializeFunctionAsync", "serializeFunction"],
    "@pulumi/pulumi/runtime/closure/codePaths": ["computeCodePaths"],
};

/**
 * gRPC and the OpenTelemetry API its calls are traced with, and the clients and servers generated from Pulumi's
 * protocol (which call gRPC as they load): the SDK talks to a real engine through them, a plan never does.
 */
export const GRPC_MODULES = [
    "@grpc/grpc-js",
    "@opentelemetry/api",
    "@pulumi/pulumi/proto/analyzer_grpc_pb",
    "@pulumi/pulumi/proto/callback_grpc_pb",
    "@pulumi/pulumi/proto/converter_grpc_pb",
    "@pulumi/pulumi/proto/engine_grpc_pb",
    "@pulumi/pulumi/proto/language_grpc_pb",
    "@pulumi/pulumi/proto/provider_grpc_pb",
    "@pulumi/pulumi/proto/resource_grpc_pb",
] as const;

/** The Automation API, which @pulumi/pulumi/index.js loads as the namespace `pulumi.automation`. */
export const AUTOMATION_MODULE = "@pulumi/pulumi/automation";

/**
 * Provider packages whose index loads every namespace of the package (`aws.ec2`, `k8s.apps`, ... each a folder with
 * an index.js): @pulumi/aws has about 240, of which a program uses a handful. A namespace registers its resource
 * types (to turn resource references from the engine back into resources) when it loads, and the only references a
 * plan meets are to resources the program created, from namespaces it has loaded.
 */
export const PROVIDER_PACKAGES = ["@pulumi/aws", "@pulumi/kubernetes"] as const;

/**
 * Modules that a namespace loads whole for exports a plan never reads, with the names they export. The `helm.v3`
 * namespace of @pulumi/kubernetes re-exports the v3 Chart, whose module loads the YAML namespace, and glob with it,
 * when it loads: Berth installs charts with `helm.v3.Release`.
 */
export const UNREAD_EXPORTS: Record<string, readonly string[]> = {
    "@pulumi/kubernetes/helm/v3/helm": ["Chart"],
};

/**
 * zod's `locales` namespace: the error messages of some fifty languages, which zod loads whole when it loads. Berth's
 * config errors are in English, and zod loads that language by itself.
 */
export const ZOD_LOCALES = "zod/v4/locales";

/**
 * Leaves out of a planning process what the SDK, the provider packages and zod load but a plan never uses: the closure
 * serialiser, the Automation API, gRPC with its tracing, the providers' unused namespaces and unread exports, and
 * zod's other languages. Each such module is stood in for by one that loads the real module when first used (see
 * `standIn`). Must run before anything loads @pulumi/pulumi's runtime; returns false, and changes nothing, when that
 * has already happened.
 */
export function deferUnusedModules(): boolean {
    if (require.cache[require.resolve("@pulumi/pulumi/runtime")]) return false;
    for (const [id, names] of Object.entries(CLOSURE_MODULES)) {
        // runtime/index.js copies these functions when it loads: stand in with functions that load the module when called.
        standIn(require.resolve(id), (load) =>
            Object.fromEntries(names.map((name) => [name, (...args: unknown[]) => load()[name](...args)])),
        );
    }
    standIn(require.resolve(AUTOMATION_MODULE), lazyNamespace);
    // As the SDK resolves them: gRPC and OpenTelemetry are its own dependencies.
    const sdk = path.dirname(require.resolve("@pulumi/pulumi"));
    for (const id of GRPC_MODULES) standIn(require.resolve(id, { paths: [sdk] }), lazyNamespace);
    for (const folder of PROVIDER_PACKAGES.flatMap(namespaceFolders)) standIn(path.join(folder, "index.js"), lazyNamespace);
    for (const [id, names] of Object.entries(UNREAD_EXPORTS)) {
        // Read through getters, so that a namespace re-exporting them (`__exportStar`) reads them only when used.
        standIn(require.resolve(id), (load) =>
            Object.defineProperties({}, Object.fromEntries(names.map((name) => [name, { enumerable: true, get: () => load()[name] }]))),
        );
    }
    standIn(require.resolve(ZOD_LOCALES), lazyNamespace);
    return true;
}

type Exports = Record<string | symbol, any>;

/**
 * Puts a stand-in for `filename` in the module cache, with the exports that `exportsOf` makes from a loader of the real
 * module: the first call of the loader takes the stand-in out of the cache and loads the real module in its place.
 */
function standIn(filename: string, exportsOf: (load: () => Exports) => object): void {
    if (require.cache[filename]) return;
    let real: Exports | undefined;
    const load = (): Exports => {
        if (!real) {
            delete require.cache[filename];
            real = require(filename) as Exports;
        }
        return real;
    };
    const stand = new Module(filename);
    stand.filename = filename;
    stand.loaded = true;
    stand.exports = exportsOf(load);
    require.cache[filename] = stand;
}

/**
 * A namespace that loads its module when first read. It says it is an ES module without loading: TypeScript's
 * `__importStar`, which the packages use to import each namespace, then takes it as it is instead of copying its keys.
 */
function lazyNamespace(load: () => Exports): object {
    return new Proxy(
        {},
        {
            get: (_, key) => (key === "__esModule" ? true : load()[key]),
            has: (_, key) => key in load(),
            ownKeys: () => Reflect.ownKeys(load()),
            getOwnPropertyDescriptor: (_, key) => {
                const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
                // A proxy may not report a property the empty target lacks as non-configurable.
                return descriptor && { ...descriptor, configurable: true };
            },
        },
    );
}

/** The folders of a package that hold a namespace: each with an index.js. */
function namespaceFolders(pkg: string): string[] {
    const root = path.dirname(require.resolve(pkg));
    return fs
        .readdirSync(root, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(root, entry.name, "index.js")))
        .map((entry) => path.join(root, entry.name));
}

interface Debuggable {
    debugPromiseLeaks: boolean;
    debuggablePromise: ((promise: Promise<unknown>, context: unknown) => Promise<unknown>) & { [SKIPS_TRACKING]?: true };
}

/** Marks the stand-in `skipPromiseTracking` installs, so that a second call (a second plan in one process) adds nothing. */
const SKIPS_TRACKING = Symbol("berth.skipsPromiseTracking");

/**
 * The SDK tracks every promise it makes (runtime/debuggable.js), hundreds of thousands in a plan: it records a stack
 * trace for each and keeps each in the current runtime store until it settles, for a report of the promises still
 * pending when the process exits. That report reads the store current at exit, outside any plan, and a plan's own
 * store (`inLocalStore`) is gone by then: it can never name a plan's promise. So a planning process tracks none, a
 * tenth of a plan's time and memory; with PULUMI_DEBUG_PROMISE_LEAKS set, the SDK tracks them as it would. Errors
 * keep their full stack. Returns a function that puts back the tracker it replaced.
 */
export function skipPromiseTracking(): () => void {
    const debuggable: Debuggable = require("@pulumi/pulumi/runtime/debuggable");
    const track = debuggable.debuggablePromise;
    if (track[SKIPS_TRACKING]) return () => undefined;
    const untracked = (promise: Promise<unknown>, context: unknown) => (debuggable.debugPromiseLeaks ? track(promise, context) : promise);
    debuggable.debuggablePromise = Object.assign(untracked, { [SKIPS_TRACKING]: true as const });
    return () => {
        debuggable.debuggablePromise = track;
    };
}

interface ResourceClass {
    stackTrace: ((skip?: number) => unknown[]) & { [SKIPS_POSITIONS]?: true };
}

/** Marks the stand-in `skipSourcePositions` installs, so that a second call adds nothing. */
const SKIPS_POSITIONS = Symbol("berth.skipsSourcePositions");

/**
 * For every resource it registers, the SDK formats and parses the whole stack (`Resource.stackTrace`, with no depth
 * limit) to tell the engine where in the program the resource was declared, for the CLI's diagnostics. A mock
 * monitor never reads it, nor does the plan: a planning process skips it (about a tenth of a plan's time). Returns a
 * function that puts back the SDK's own.
 */
export function skipSourcePositions(): () => void {
    const { Resource }: { Resource: ResourceClass } = require("@pulumi/pulumi/resource");
    const locate = Resource.stackTrace;
    if (locate[SKIPS_POSITIONS]) return () => undefined;
    Resource.stackTrace = Object.assign(() => [], { [SKIPS_POSITIONS]: true as const });
    return () => {
        Resource.stackTrace = locate;
    };
}

/**
 * Sets this process or thread up to plan as `berth plan` does: it leaves out the modules a plan never uses, the SDK's
 * tracking of every promise and the source position of every resource. Call it before anything loads the SDK's runtime.
 */
export function setUpForPlanning(): void {
    deferUnusedModules();
    skipPromiseTracking();
    skipSourcePositions();
}

/** What a plan replaces in the SDK while it runs: how many runs want it replaced now, and what was there before. */
interface Replacement<V> {
    runs: number;
    original?: V;
}

/**
 * Puts `replacement()` in `owner[key]`, unless a run that still goes on already has, and returns the end of this run:
 * once every run that wanted it has ended, the original is back. Ending a run twice counts once.
 */
function replaceWhilePlanning<O, K extends keyof O>(state: Replacement<O[K]>, owner: O, key: K, replacement: () => O[K]): () => void {
    if (state.runs++ === 0) {
        state.original = owner[key];
        owner[key] = replacement();
    }
    let ended = false;
    return () => {
        if (ended) return;
        ended = true;
        if (--state.runs === 0) owner[key] = state.original!;
    };
}

/** The SDK's log module, as its own modules call it (`log.debug(...)` through the module object). */
interface LogModule {
    debug(message: string, ...rest: unknown[]): Promise<void>;
}

const debugDropping: Replacement<LogModule["debug"]> = { runs: 0 };

/**
 * The SDK logs some three debug messages for every resource it registers (about 1,100 in a prod plan), each a protobuf
 * LogRequest handed to the engine behind the one before, and the planner's engine drops them (delivery/engine.ts), as a
 * real preview shows them only at high verbosity. While a plan runs, `log.debug` drops them itself; warnings and errors
 * still reach the engine, in the order the program logged them. The returned function, called when that plan ends,
 * puts `log.debug` back once no plan needs it.
 */
export function dropDebugMessages(): () => void {
    const log: LogModule = require("@pulumi/pulumi/log");
    return replaceWhilePlanning(debugDropping, log, "debug", () => () => Promise.resolve());
}

/** The copy of protobuf's Struct module that @pulumi/pulumi loads (runtime/resource.js, rpc.js, mocks.js). */
export const STRUCT_MODULE = require.resolve("google-protobuf/google/protobuf/struct_pb", {
    paths: [path.dirname(require.resolve("@pulumi/pulumi"))],
});

interface StructModule {
    Struct: { new (): object; fromJavaScript(value: Record<string, unknown>): object };
    Value: { fromJavaScript(value: unknown): object };
}

const structPassing: Replacement<StructModule["Struct"]["fromJavaScript"]> = { runs: 0 };

/**
 * Between the SDK and a mock monitor, resource inputs and outputs go through protobuf Structs only to be turned back
 * into the same plain objects on the other side, in the same process: a tenth of a plan's time. While a plan runs,
 * this makes `Struct.fromJavaScript` wrap the object instead, handing it back as is from `toJavaScript` (the monitor
 * and the SDK read Structs through that, and through `getFieldsMap` for `Resource.get`). Such a Struct cannot be
 * serialised for gRPC, so it is in place only while some plan runs (runProgram), and the returned function, called
 * when that plan ends, puts back the real converter once no plan needs it.
 */
export function passStructsThrough(): () => void {
    const { Struct, Value }: StructModule = require(STRUCT_MODULE);
    return replaceWhilePlanning(structPassing, Struct, "fromJavaScript", () => {
        class PlainStruct extends Struct {
            constructor(private readonly value: Record<string, unknown>) {
                super();
            }
            toJavaScript(): Record<string, unknown> {
                return this.value;
            }
            getFieldsMap(): Map<string, object> {
                return new Map(Object.entries(this.value).map(([key, field]) => [key, Value.fromJavaScript(field)]));
            }
        }
        return (value: Record<string, unknown>) => new PlainStruct(value);
    });
}
