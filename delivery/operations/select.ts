import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { DeployedPlans } from "./deployedPlans";
import { EngineSelectionError } from "./errors";
import { OfflineEngine } from "./offlineEngine";
import { berthProject, BerthProject } from "./project";
import type { StackEngine } from "./types";

export type EngineMode = StackEngine["mode"];

/** An engine the portal owns: `close()` stops its worker threads when the portal stops. */
export type ClosableEngine = StackEngine & { close(): Promise<void> };

export interface EngineChoice {
    mode: EngineMode;
    /** Why, in a line the portal prints at start. */
    reason: string;
}

const INSTALL = "install the Pulumi CLI (https://www.pulumi.com/docs/install/) and log in with `pulumi login`";
const OFFLINE_HINT = "or run offline with BERTH_ENGINE=offline";

/**
 * Which engine to run: BERTH_ENGINE=offline|automation when set; else the Automation API only when the `pulumi` CLI is
 * on PATH and logged in to a backend, since anything else would fail at the first preview; else offline. Throws an
 * EngineSelectionError (one line) for an engine that cannot run as asked.
 */
export function chooseEngine(
    env: NodeJS.ProcessEnv = process.env,
    cli: { onPath: boolean; loggedIn: boolean } = pulumiCli(env),
): EngineChoice {
    const asked = env.BERTH_ENGINE?.trim();
    if (asked === "offline") return { mode: "offline", reason: "BERTH_ENGINE=offline" };
    if (asked === "automation") {
        if (!cli.onPath) {
            throw new EngineSelectionError(
                `BERTH_ENGINE=automation needs the pulumi CLI, which is not on PATH: ${INSTALL}, ${OFFLINE_HINT}`,
            );
        }
        return { mode: "automation", reason: "BERTH_ENGINE=automation" };
    }
    if (asked) throw new EngineSelectionError(`BERTH_ENGINE must be offline or automation (got ${JSON.stringify(asked)})`);
    if (!cli.onPath) return { mode: "offline", reason: "no pulumi CLI on PATH (set BERTH_ENGINE=automation once it is installed)" };
    if (!cli.loggedIn)
        return { mode: "offline", reason: "the pulumi CLI is not logged in to a backend (pulumi login; or set BERTH_ENGINE=automation)" };
    return { mode: "automation", reason: "the pulumi CLI is on PATH and logged in" };
}

export interface EngineOptions {
    /** The offline engine's deployed plans: the portal's Store. */
    state: DeployedPlans;
    env?: NodeJS.ProcessEnv;
    project?: BerthProject;
    /** Worker threads for plans. @default min(2, available cores) */
    poolSize?: number;
}

/** The engine `chooseEngine` picks, ready to run; the Automation API engine asks the offline one what needs no CLI. */
export async function createEngine(options: EngineOptions): Promise<{ engine: ClosableEngine; choice: EngineChoice }> {
    const env = options.env ?? process.env;
    const choice = chooseEngine(env);
    const project = options.project ?? berthProject();
    const offline = new OfflineEngine({ state: options.state, project, poolSize: options.poolSize });
    if (choice.mode === "offline") return { engine: offline, choice };
    const { AutomationEngine } = await import("./automationEngine");
    const automation = new AutomationEngine({ offline, project, organization: env.BERTH_PULUMI_ORGANIZATION });
    return { engine: Object.assign(automation, { close: () => offline.close() }), choice };
}

/** Whether `pulumi` is on PATH, and whether it has a backend to talk to (a token, a backend URL, or a `pulumi login`). */
export function pulumiCli(env: NodeJS.ProcessEnv = process.env): { onPath: boolean; loggedIn: boolean } {
    const onPath = findOnPath("pulumi", env) !== undefined;
    if (!onPath) return { onPath, loggedIn: false };
    if (env.PULUMI_ACCESS_TOKEN || env.PULUMI_BACKEND_URL) return { onPath, loggedIn: true };
    const credentials = path.join(env.PULUMI_HOME || path.join(os.homedir(), ".pulumi"), "credentials.json");
    try {
        const { current } = JSON.parse(fs.readFileSync(credentials, "utf8")) as { current?: string };
        return { onPath, loggedIn: typeof current === "string" && current !== "" };
    } catch {
        return { onPath, loggedIn: false };
    }
}

/** The executable `command` as the shell would find it on PATH (with PATHEXT's extensions on Windows). */
export function findOnPath(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
    const extensions = process.platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
    for (const folder of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
        for (const extension of extensions) {
            const candidate = path.join(folder, command + extension);
            try {
                fs.accessSync(candidate, fs.constants.X_OK);
                if (fs.statSync(candidate).isFile()) return candidate;
            } catch {
                // Not here: the next folder.
            }
        }
    }
    return undefined;
}
