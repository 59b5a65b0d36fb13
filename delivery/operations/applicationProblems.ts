import { readStackConfig } from "../stackConfig";
import { parsePlatformConfig } from "../../stacks/config";
import { today } from "../../stacks/clock";
import type { BerthProject } from "./project";
import type { EnvironmentName } from "./types";

const WORKLOADS = "platform:workloads";

/**
 * Every problem with an application spec in an environment, as `<key path in the spec>: <reason>`: the spec is put
 * into the environment's own `platform:workloads` and the platform's config is parsed, so the rules are exactly those
 * of stacks/config/workloads.ts (keys, image pinning, replicas, clusters, hosts against the gateway's domains and the
 * other applications, the registry's repositories, prod's stricter rules). Loads the stack config layer: run it where
 * plans run, not on a server's event loop.
 */
export function applicationProblems(project: BerthProject, environment: EnvironmentName, spec: unknown): string[] {
    if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
        return [
            `application: must be a map of the keys of one platform:workloads entry, such as { name, clusters, image } (got ${JSON.stringify(spec) ?? "nothing"})`,
        ];
    }
    const raw = platformSettings(project, environment);
    const own = Array.isArray(raw[WORKLOADS]) ? (raw[WORKLOADS] as unknown[]) : [];
    const name = (spec as Record<string, unknown>).name;
    const taken = own.findIndex((workload) => typeof name === "string" && (workload as Record<string, unknown> | null)?.name === name);
    const index = own.length;
    const entry = `${WORKLOADS}[${index}]`;
    let problems: string[] = [];
    try {
        parsePlatformConfig({ ...raw, [WORKLOADS]: [...own, spec] }, { stack: environment, today: today() });
    } catch (err) {
        if ((err as Error).name !== "BerthConfigError") throw err;
        problems = ((err as { problems: string[] }).problems ?? [])
            .filter((problem) => problem.startsWith(`${entry}.`) || problem.startsWith(`${entry}:`))
            .map((problem) =>
                problem.startsWith(`${entry}:`) ? `application${problem.slice(entry.length)}` : problem.slice(entry.length + 1),
            )
            // A rule that names another key of the same entry names it as the spec does.
            .map((problem) => problem.replaceAll(`${entry}.`, ""))
            .filter((problem) => taken < 0 || !problem.startsWith("name: duplicates"));
    }
    if (taken >= 0) {
        problems.unshift(
            `name: ${name} is already an application of the ${environment} platform stack (${WORKLOADS}[${taken}]): choose another name`,
        );
    }
    return problems;
}

/** The platform stack's settings with structured values parsed, as the program reads them (stacks/readConfig.ts). */
function platformSettings(project: BerthProject, environment: EnvironmentName): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(readStackConfig(project.dir, environment).config)) {
        try {
            raw[key] = JSON.parse(value);
        } catch {
            raw[key] = value;
        }
    }
    return raw;
}
