import type { z } from "zod";

/**
 * The keys a config schema accepts at a key path, read from the schema itself, so that an unknown key can be
 * answered with the nearest known one without a second list to keep in step.
 */

/** The part of zod's schema definition (`schema._zod.def`) that says what a schema holds. */
interface SchemaDef {
    type: string;
    shape?: Record<string, Schema>;
    element?: Schema;
    valueType?: Schema;
    innerType?: Schema;
    in?: Schema;
}

interface Schema {
    _zod: { def: SchemaDef };
}

/** Wrappers that hold one schema: defaults, optionals, and the input side of a transform. */
function unwrap(schema: Schema): Schema {
    for (;;) {
        const def = schema._zod.def;
        const inner = def.type === "pipe" ? def.in : def.innerType;
        if (inner === undefined) {
            return schema;
        }
        schema = inner;
    }
}

function child(schema: Schema, segment: PropertyKey): Schema | undefined {
    const def = schema._zod.def;
    switch (def.type) {
        case "object":
            return typeof segment === "string" ? def.shape?.[segment] : undefined;
        case "array":
            return def.element;
        case "record":
            return def.valueType;
        default:
            return undefined;
    }
}

/** The keys of the map at `path` in `schema` (`["clusters", 0]` -> name, region, ...), or undefined when it is not a fixed map. */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
    let at: Schema | undefined = unwrap(schema as unknown as Schema);
    for (const segment of path) {
        const next: Schema | undefined = child(at, segment);
        if (next === undefined) {
            return undefined;
        }
        at = unwrap(next);
    }
    const def = at._zod.def;
    return def.type === "object" && def.shape ? Object.keys(def.shape) : undefined;
}
