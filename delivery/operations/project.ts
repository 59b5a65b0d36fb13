import * as path from "path";
import type { Environment } from "../../stacks/config/defaults";
import { environmentOf } from "../../stacks/config/environment";
import { BERTH_ROOT } from "../berthFolders";
import { listStacks, readStackConfig } from "../stackConfig";
import type { EnvironmentName } from "./types";
import { UnknownStackError } from "./errors";

/** Built, this file runs from <root>/dist/delivery/operations; from source, from <root>/delivery/operations. */
const BUILT = path.extname(__filename) === ".js" && path.basename(path.resolve(__dirname, "..", "..")) === "dist";

/** Where the platform program and the standalone application program live, and which code runs each. */
export interface BerthProject {
    /** The platform project: Pulumi.yaml, Pulumi.<environment>.yaml, index.ts. */
    dir: string;
    /** The platform program the offline planner runs: the built dist/index.js when this runs built, else index.ts. */
    platformProgram: string;
    /** The application project (apps/workload): its Pulumi.yaml, and the folder the Automation API runs it in. */
    applicationDir: string;
    applicationProgram: string;
}

/** This repository, as the code that is running (source or build) sees it. */
export function berthProject(dir: string = BERTH_ROOT): BerthProject {
    const applicationDir = path.join(dir, "apps", "workload");
    const built = BUILT && dir === BERTH_ROOT;
    return {
        dir,
        platformProgram: built ? path.join(dir, "dist", "index.js") : path.join(dir, "index.ts"),
        applicationDir,
        applicationProgram: built ? path.join(dir, "dist", "apps", "workload", "index.js") : path.join(applicationDir, "index.ts"),
    };
}

/** The platform stacks: one per `Pulumi.<environment>.yaml`. */
export function environmentsOf(project: BerthProject): EnvironmentName[] {
    return listStacks(project.dir);
}

export function requireEnvironment(project: BerthProject, environment: EnvironmentName): void {
    if (!environmentsOf(project).includes(environment)) {
        throw new UnknownStackError(`Unknown environment "${environment}": the project has no Pulumi.${environment}.yaml`);
    }
}

/**
 * The platform's kind, dev or prod, by the platform config parser's own rule (`platform:environment`, else the stack's
 * name), read from the stack file alone: no program runs. A value the parser would refuse reads as its fallback, dev.
 */
export function environmentKind(project: BerthProject, environment: EnvironmentName): Environment {
    const given = readStackConfig(project.dir, environment).config["platform:environment"];
    return environmentOf(given === undefined ? {} : { environment: runtimeValue(given) }, environment).environment;
}

/** A config value as the program reads it (stacks/readConfig.ts): JSON when it parses, else the text. */
function runtimeValue(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/**
 * The name an application's program gives its StackReference to the platform stack: `<organization>/<project>/<environment>`.
 * @param organization A file or S3 backend's is "organization"; Pulumi Cloud's is the account or team that owns the stacks.
 */
export function platformStackName(project: BerthProject, environment: EnvironmentName, organization = "organization"): string {
    return `${organization}/${readStackConfig(project.dir, environment).project}/${environment}`;
}

/** The application's own stack: `<environment>-<application>`. */
export function applicationStackName(environment: EnvironmentName, application: string): string {
    return `${environment}-${application}`;
}
