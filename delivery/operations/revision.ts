import { createHash } from "crypto";
import * as fs from "fs/promises";
import * as path from "path";
import { codeUnitOrder } from "../codeUnitOrder";
import type { BerthProject } from "./project";
import type { ApplicationSpec, EnvironmentName, StackTarget } from "./types";

/**
 * What a platform stack's program is made of, relative to the project: its entry point, the components and stacks it
 * composes, the dependency versions it runs with (package-lock.json) and the environment's own config file.
 */
const PLATFORM_SOURCES = ["Pulumi.yaml", "index.ts", "components", "stacks", "package-lock.json"];
/** What an application stack's program is made of: the workload program, the components, and the workload rules it parses with. */
const APPLICATION_SOURCES = ["apps/workload", "components", "stacks/config", "package-lock.json"];
const SOURCE_FILE = /\.(ts|ya?ml|json)$/;

/**
 * The revision of a target's program and config: a content hash, not git's HEAD. It is the same in a git checkout,
 * an unpacked release or a portal's container image, it changes with uncommitted edits and new files alike, and it
 * changes only with what the target runs: dev's config file is no part of prod's revision. An application's revision
 * adds its canonical spec (key order does not matter) and its environment to its program's.
 */
export async function revisionOf(project: BerthProject, target: StackTarget): Promise<string> {
    if (target.kind === "platform") {
        return digest([
            ...(await sourceDigests(project.dir, PLATFORM_SOURCES)),
            `Pulumi.${target.environment}.yaml`,
            await fileDigest(project.dir, `Pulumi.${target.environment}.yaml`),
        ]);
    }
    return applicationRevision(project, target.environment, target.spec);
}

async function applicationRevision(project: BerthProject, environment: EnvironmentName, spec: ApplicationSpec): Promise<string> {
    const program = digest(await sourceDigests(project.dir, APPLICATION_SOURCES));
    return digest([program, environment, canonicalJson(spec)]);
}

/** JSON with every object's keys sorted: two specs that say the same thing are the same text. */
export function canonicalJson(value: unknown): string {
    return JSON.stringify(value, (_, v: unknown) =>
        v !== null && typeof v === "object" && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => codeUnitOrder(a, b)))
            : v,
    );
}

/**
 * Readings of the sources under way, by folder and source list. A portal under load asks for revisions many times at
 * once (every preview, every environment page); callers that arrive while one reading runs share it rather than each
 * reading and hashing every file again. A reading ends when it resolves: the next caller reads the files afresh.
 */
const readings = new Map<string, Promise<string[]>>();

/** Each source file's path and content hash, sorted by path; a source that does not exist counts as absent. */
function sourceDigests(root: string, sources: string[]): Promise<string[]> {
    const key = JSON.stringify([root, sources]);
    const running = readings.get(key);
    if (running) return running;
    const reading = readSourceDigests(root, sources).finally(() => readings.delete(key));
    readings.set(key, reading);
    return reading;
}

async function readSourceDigests(root: string, sources: string[]): Promise<string[]> {
    const files: string[] = [];
    for (const source of sources) {
        const stat = await fs.stat(path.join(root, source)).catch(() => undefined);
        if (stat?.isFile()) files.push(source);
        else if (stat?.isDirectory()) {
            const entries = await fs.readdir(path.join(root, source), { recursive: true });
            files.push(...entries.filter((entry) => SOURCE_FILE.test(entry)).map((entry) => path.join(source, entry)));
        }
    }
    files.sort();
    return Promise.all(files.map(async (file) => `${file}:${await fileDigest(root, file)}`));
}

async function fileDigest(root: string, file: string): Promise<string> {
    const content = await fs.readFile(path.join(root, file)).catch(() => Buffer.alloc(0));
    return createHash("sha256").update(content).digest("hex");
}

/** 16 hex digits: revisions are compared, never searched for, and 64 bits tell apart every revision a team makes. */
function digest(parts: string[]): string {
    return createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 16);
}
