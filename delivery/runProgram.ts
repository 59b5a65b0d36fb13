import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { LogMessage, RecordingEngine } from "./engine";
import { RecordingMonitor, Registration } from "./monitor";
import { dropDebugMessages, inLocalStore, passStructsThrough, useMockMonitor } from "./pulumiInternals";
import { BerthMocks } from "./mocks";
import { StackConfig } from "./stackConfig";
import type { StackReferences } from "./stackReferences";

/** A program: the path of its entry module, or (for tests) a function that builds the resources inline. */
export type Program = string | (() => unknown);

export interface ProgramRun {
    registrations: Registration[];
    outputs: Record<string, unknown>;
    messages: LogMessage[];
}

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/**
 * Berth's own components and stack code, from the sources or the build beside this file. They keep nothing of a run at
 * module scope (the program's entry module reads the stack and its config, and runs afresh every time), so plans in one
 * thread load them once: each plan after the first takes a fifth to a third less time. A test plans one stack after
 * others in one thread and finds it as the thread planned it first.
 */
export const SHARED_FOLDERS = ["components", "stacks"].map((folder) => path.join(__dirname, "..", folder) + path.sep);

/** The run in progress in this thread, if any: the next one starts when it has ended. */
let previousRun: Promise<unknown> = Promise.resolve();

/**
 * Runs a Pulumi program against the mock engine as a preview would, and returns what it registered.
 * Throws whatever the program threw (also from inside an apply, which surfaces as an unhandled rejection).
 * Runs in the same thread run one after another: each has the SDK's runtime store, and the process's handlers of
 * unhandled rejections, to itself.
 */
export function runProgram(
    stack: string,
    dir: string,
    config: StackConfig,
    program: Program,
    stackReferences: StackReferences = {},
): Promise<ProgramRun> {
    const run = previousRun.then(() => runAlone(stack, dir, config, program, stackReferences));
    previousRun = run.catch(() => undefined);
    return run;
}

async function runAlone(
    stack: string,
    dir: string,
    config: StackConfig,
    program: Program,
    stackReferences: StackReferences,
): Promise<ProgramRun> {
    const mocks = new BerthMocks(stackReferences);
    const monitor = new RecordingMonitor(mocks);
    const engine = new RecordingEngine();
    const failures: unknown[] = [];
    // A failed registration never resolves its outputs, so resources that use them wait for ever: a real engine
    // ends the program at the first error, and so does the planner.
    let failed: () => void = () => undefined;
    const firstFailure = new Promise<void>((resolve) => (failed = resolve));
    const onFailure = (err: unknown) => {
        failures.push(err);
        failed();
    };
    const modulesBefore = new Set(Object.keys(require.cache));
    const endStructPassing = passStructsThrough();
    const endDebugDropping = dropDebugMessages();
    process.on("unhandledRejection", onFailure);
    process.on("uncaughtException", onFailure);
    try {
        await inLocalStore(async (store) => {
            useMockMonitor(monitor, config.project, stack);
            store.settings.engine = engine;
            store.settings.options.rootDirectory = dir;
            pulumi.runtime.setAllConfig(config.config, config.secretKeys);
            try {
                // The program's own exception is caught inside the stack so the stack still completes: rethrown from
                // runInPulumiStack it would also reject every output derived from the stack, unhandled, after we return.
                await pulumi.runtime.runInPulumiStack(async () => {
                    try {
                        return await load(program);
                    } catch (err) {
                        onFailure(err);
                        return {};
                    }
                });
            } finally {
                // After a failure the RPC queue never drains (see firstFailure): stop waiting for it.
                await Promise.race([pulumi.runtime.disconnect(), firstFailure]);
                if (failures.length > 0) {
                    pulumi.runtime.disconnectSync();
                }
            }
        });
    } catch (err) {
        failures.unshift(err);
    } finally {
        // A failed apply's derived outputs reject a turn after the stack completes: collect them here so they are not
        // reported as unhandled in whatever runs next.
        await new Promise((resolve) => setImmediate(resolve));
        process.off("unhandledRejection", onFailure);
        process.off("uncaughtException", onFailure);
        endStructPassing();
        endDebugDropping();
        forgetModulesSince(modulesBefore);
    }
    if (failures.length > 0) throw mocks.missingStackReference ?? failures[0];
    return {
        registrations: monitor.registrations.filter((r) => r.urn !== ""),
        outputs: monitor.stackOutputs,
        messages: engine.messages,
    };
}

/**
 * As the Node language host does: the module's exports are the stack outputs; an exported function is run first.
 * The entry module is always executed afresh, even when the plan before has just loaded it.
 */
function load(program: Program): unknown {
    if (typeof program === "string") {
        if (program.endsWith(".ts")) ensureTypeScriptLoader(program);
        delete require.cache[require.resolve(program)];
    }
    const exported = typeof program === "string" ? require(program) : program();
    return typeof exported === "function" ? exported() : exported;
}

/**
 * Built, the planner itself runs as JavaScript; a TypeScript program (a project's own, `berth plan --dir`) is loaded as
 * Pulumi's Node.js language host loads it: through ts-node, with the tsconfig.json found from the program's folder.
 */
function ensureTypeScriptLoader(program: string): void {
    if (require.extensions[".ts"]) return;
    require("ts-node").register({ transpileOnly: true, swc: true, projectSearchDir: path.dirname(program) });
}

/**
 * Drops the program's own modules (not node_modules, nor Berth's SHARED_FOLDERS) loaded by this run, so the next run
 * re-executes them against its own store instead of reusing resources and config captured at module scope.
 */
function forgetModulesSince(before: Set<string>): void {
    for (const id of Object.keys(require.cache)) {
        if (before.has(id) || id.includes(NODE_MODULES) || SHARED_FOLDERS.some((folder) => id.startsWith(folder))) continue;
        delete require.cache[id];
    }
}
