import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PlanError } from "./errors";

/** A stack's config as the Pulumi runtime takes it: every value a string, structured values as JSON. */
export interface StackConfig {
    project: string;
    config: Record<string, string>;
    /** Keys whose value is (or contains) a `secure:` value. */
    secretKeys: string[];
}

/** Encrypted values are never decrypted offline: the planner has no key and must not leak one. */
export const SECRET_PLACEHOLDER = "[secret]";

/**
 * Reads `<dir>/Pulumi.yaml` and `<dir>/Pulumi.<stack>.yaml`; given `settings` (a stack file's `config:` mapping, held
 * in memory as the Automation API holds a stack's config), reads those instead of the stack file.
 */
export function readStackConfig(dir: string, stack: string, settings?: Record<string, unknown>): StackConfig {
    const projectFile = readYaml(path.join(dir, "Pulumi.yaml"));
    const project = isMapping(projectFile) ? projectFile.name : undefined;
    if (typeof project !== "string") throw new PlanError(`${path.join(dir, "Pulumi.yaml")}: no project \`name\``, 2);
    const entries = Object.entries(settings ?? stackFileSettings(dir, stack));
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [rawKey, value] of entries) {
        // As the CLI does, a key without a namespace belongs to the project.
        const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
        const { text, secret } = toRuntimeValue(value);
        config[key] = text;
        if (secret) secretKeys.push(key);
    }
    return { project, config, secretKeys };
}

function stackFileSettings(dir: string, stack: string): Record<string, unknown> {
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        const known = listStacks(dir);
        throw new PlanError(`Unknown stack "${stack}": no ${file}. Stacks here: ${known.length ? known.join(", ") : "(none)"}`, 2);
    }
    return configSection(file, readYaml(file));
}

/** Stack names that have a `Pulumi.<stack>.yaml` in `dir`. */
export function listStacks(dir: string): string[] {
    return fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** The top-level keys Pulumi reads in a stack file; every setting goes under `config:`. */
const STACK_FILE_KEYS = ["config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"];

/**
 * The `config:` mapping of a stack file. A file that is not a mapping, or whose settings sit at the top level
 * without the `config:` wrapper, is refused as such, not reported later as "platform:clusters: is required".
 * An empty file is a stack without config, as Pulumi reads it.
 */
function configSection(file: string, document: unknown): Record<string, unknown> {
    if (document === undefined || document === null) {
        return {};
    }
    if (!isMapping(document)) {
        throw new PlanError(`${file}: must be a mapping with a config: section (got ${kindOf(document)})`, 2);
    }
    const stray = Object.keys(document).filter((key) => !STACK_FILE_KEYS.includes(key));
    const settings = stray.filter((key) => key.includes(":"));
    if (settings.length > 0) {
        throw new PlanError(
            `${file}: ${settings.join(", ")} ${settings.length === 1 ? "is" : "are"} at the top level: settings go under a config: line, indented below it`,
            2,
        );
    }
    if (stray.length > 0) {
        throw new PlanError(`${file}: unknown top-level key ${stray.join(", ")}: a stack file holds ${STACK_FILE_KEYS.join(", ")}`, 2);
    }
    const config = document.config;
    if (config === undefined || config === null) {
        return {};
    }
    if (!isMapping(config)) {
        throw new PlanError(`${file}: config: must be a mapping of settings such as platform:clusters (got ${kindOf(config)})`, 2);
    }
    return config;
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value);

const kindOf = (value: unknown): string => (Array.isArray(value) ? "a list" : typeof value === "string" ? "text" : `a ${typeof value}`);

function readYaml(file: string): unknown {
    if (!fs.existsSync(file)) throw new PlanError(`${file}: not found`, 2);
    const doc = YAML.parseDocument(fs.readFileSync(file, "utf8"));
    const error = doc.errors[0];
    if (error) {
        const at = error.linePos?.[0];
        const reason = (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:$/, "");
        throw new PlanError(`${file}${at ? `:${at.line}:${at.col}` : ""}: invalid YAML: ${reason}`, 2);
    }
    return doc.toJS() as unknown;
}

function toRuntimeValue(value: unknown): { text: string; secret: boolean } {
    let secret = false;
    const hide = (v: unknown): unknown => {
        if (isSecure(v)) {
            secret = true;
            return SECRET_PLACEHOLDER;
        }
        if (Array.isArray(v)) return v.map(hide);
        if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, hide(x)]));
        return v;
    };
    const plain = hide(value);
    const text =
        typeof plain === "string" ? plain : plain !== null && typeof plain === "object" ? JSON.stringify(plain) : String(plain ?? "");
    return { text, secret };
}

const isSecure = (v: unknown): boolean =>
    v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && "secure" in v;
