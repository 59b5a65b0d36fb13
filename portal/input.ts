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

/** The fields that were filled in; undefined when none was. */
function filledIn<T>(fields: Record<string, T | undefined>): Record<string, T> | undefined {
    const filled = Object.entries(fields).filter((entry): entry is [string, T] => entry[1] !== undefined);
    return filled.length > 0 ? Object.fromEntries(filled) : undefined;
}

/** The image and replica fields that the onboarding form and the change form share. */
function imageFields(body: Body) {
    return filledIn({ repository: text(body.imageRepository), tag: text(body.imageTag), digest: text(body.imageDigest) });
}

function replicaFields(body: Body) {
    return filledIn({ min: wholeField(body, "replicasMin"), max: wholeField(body, "replicasMax") });
}

/** The onboarding form's fields as an application spec (the engine validates it); only what was filled in. */
export function specFromForm(body: Body): Record<string, unknown> {
    // An image is always present, if empty, so that validation names its missing repository.
    const spec: Record<string, unknown> = { name: text(body.name) ?? "", clusters: list(body.clusters), image: imageFields(body) ?? {} };
    const port = wholeField(body, "port");
    if (port !== undefined) spec.port = port;
    const replicas = replicaFields(body);
    if (replicas) spec.replicas = replicas;
    const hosts = list(body.hosts);
    if (hosts.length > 0) spec.routing = { hosts };
    return spec;
}

/** A change of image or replicas, from the form's fields or the API's `{ image, replicas }`. */
export function changeFrom(body: Body, form: boolean): ApplicationChange {
    const change: ApplicationChange = {};
    if (form) {
        const image = imageFields(body);
        if (image) change.image = image;
        const replicas = replicaFields(body);
        if (replicas) change.replicas = replicas;
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
