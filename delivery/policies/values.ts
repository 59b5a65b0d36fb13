/**
 * How a view shows what a rule cannot see. The plan writes secrets and values not known until deploy as these
 * markers (delivery/monitor.ts `readable`); the CrossGuard pack turns its own sentinels into the same ones.
 */
export const SECRET = "[secret]";
export const UNKNOWN = "[unknown]";

/** A value a rule must not judge: it may be anything once deployed. */
export const isHidden = (value: unknown): boolean => value === SECRET || value === UNKNOWN;

export const isMap = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The value at `path` under `value`: undefined when something on the way is missing, UNKNOWN when something on the
 * way is hidden (what lies below it cannot be told).
 */
export function valueAt(value: unknown, ...path: (string | number)[]): unknown {
    let at = value;
    for (const key of path) {
        if (isHidden(at)) {
            return UNKNOWN;
        }
        if (typeof key === "number" ? !Array.isArray(at) : !isMap(at)) {
            return undefined;
        }
        at = (at as Record<string | number, unknown>)[key];
    }
    return at;
}

/** Booleans of some AWS inputs arrive as text ("true"), as the provider's schema types them. */
export const isTrue = (value: unknown): boolean => value === true || value === "true";

/** Provider inputs and IAM documents may arrive as JSON text or as the structure itself. */
export function structured(value: unknown): unknown {
    if (typeof value !== "string" || isHidden(value)) {
        return value;
    }
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/** ["a"] -> "a"; ["a", "b", "c"] -> "a, b and c" */
export function listed(items: readonly string[]): string {
    return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
