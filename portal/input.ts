import type { ApplicationChange } from "./actions";
import { CSRF_FIELD } from "./auth";
import { badInput } from "./errors";

type Body = Record<string, unknown>;

/** A request body as an object; a form's fields are strings (repeated fields arrays of strings). */
export function bodyOf(body: unknown): Body {
    if (body === undefined || body === null) return {};
    if (typeof body !== "object" || Array.isArray(body)) throw badInput("body", "must be a JSON object");
    const { [CSRF_FIELD]: _, ...rest } = body as Body;
    return rest;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined);

/** A whole number from a form field; undefined when the field is empty. */
function wholeField(body: Body, field: string): number | undefined {
    const value = text(body[field]);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) throw badInput(field, `must be a whole number (got ${JSON.stringify(value.slice(0, 40))})`);
    return Number(value);
}

const list = (value: unknown): string[] =>
    (Array.isArray(value) ? value : value === undefined ? [] : [value])
        .flatMap((item) => (typeof item === "string" ? item.split(",") : []))
        .map((item) => item.trim())
        .filter((item) => item !== "");

/** The onboarding form's fields as an application spec (the engine validates it); only what was filled in. */
export function specFromForm(body: Body): Record<string, unknown> {
    const spec: Record<string, unknown> = { name: text(body.name) ?? "", clusters: list(body.clusters) };
    const image = { repository: text(body.imageRepository), tag: text(body.imageTag), digest: text(body.imageDigest) };
    spec.image = Object.fromEntries(Object.entries(image).filter(([, value]) => value !== undefined));
    const port = wholeField(body, "port");
    if (port !== undefined) spec.port = port;
    const replicas = { min: wholeField(body, "replicasMin"), max: wholeField(body, "replicasMax") };
    if (replicas.min !== undefined || replicas.max !== undefined)
        spec.replicas = Object.fromEntries(Object.entries(replicas).filter(([, v]) => v !== undefined));
    const hosts = list(body.hosts);
    if (hosts.length > 0) spec.routing = { hosts };
    return spec;
}

/** A change of image or replicas, from the form's fields or the API's `{ image, replicas }`. */
export function changeFrom(body: Body, form: boolean): ApplicationChange {
    const change: ApplicationChange = {};
    if (form) {
        const image = { repository: text(body.imageRepository), tag: text(body.imageTag), digest: text(body.imageDigest) };
        if (Object.values(image).some((value) => value !== undefined)) {
            change.image = Object.fromEntries(Object.entries(image).filter(([, value]) => value !== undefined));
        }
        const replicas = { min: wholeField(body, "replicasMin"), max: wholeField(body, "replicasMax") };
        if (replicas.min !== undefined || replicas.max !== undefined) {
            change.replicas = Object.fromEntries(Object.entries(replicas).filter(([, value]) => value !== undefined));
        }
    } else {
        const unknown = Object.keys(body).filter((key) => key !== "image" && key !== "replicas");
        if (unknown.length > 0) throw badInput(unknown[0], "is not something a change can set: only image and replicas");
        if (body.image !== undefined) change.image = strings(body.image, "image", ["repository", "tag", "digest"]);
        if (body.replicas !== undefined) change.replicas = wholes(body.replicas, "replicas", ["min", "max"]);
    }
    if (!change.image && !change.replicas) throw badInput("image", "give a new image (repository, tag or digest) or replicas (min, max)");
    return change;
}

function fields(value: unknown, field: string, keys: string[]): Body {
    if (value === null || typeof value !== "object" || Array.isArray(value))
        throw badInput(field, `must be an object with ${keys.join(", ")}`);
    const unknown = Object.keys(value).filter((key) => !keys.includes(key));
    if (unknown.length > 0) throw badInput(`${field}.${unknown[0]}`, `is not a key of ${field}: ${keys.join(", ")}`);
    return value as Body;
}

function strings(value: unknown, field: string, keys: string[]): Record<string, string> {
    const object = fields(value, field, keys);
    for (const [key, item] of Object.entries(object)) if (typeof item !== "string") throw badInput(`${field}.${key}`, "must be a string");
    return object as Record<string, string>;
}

function wholes(value: unknown, field: string, keys: string[]): Record<string, number> {
    const object = fields(value, field, keys);
    for (const [key, item] of Object.entries(object))
        if (!Number.isInteger(item)) throw badInput(`${field}.${key}`, "must be a whole number");
    return object as Record<string, number>;
}
