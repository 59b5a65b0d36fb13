import type { PropertyChange } from "./changes";
import { displayValue } from "./displayValue";
import { maskAgainst } from "./masking";
import { isSecret } from "./sentinels";

/**
 * The leaf-level differences between two resources' inputs, as paths in the engine's detailedDiff notation
 * (`tags.Env`, `ingress[0].cidr`, `labels["app.kubernetes.io/name"]`). A secret on either side is a leaf: it is
 * compared as a whole and shown masked on both sides.
 */
export function inputDiff(before: Record<string, unknown>, after: Record<string, unknown>): PropertyChange[] {
    const changes: PropertyChange[] = [];
    walk(before, after, "", changes);
    return changes;
}

function walk(before: unknown, after: unknown, path: string, changes: PropertyChange[]): void {
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    const bothArrays = Array.isArray(before) && Array.isArray(after);
    const bothObjects = isRecord(before) && isRecord(after);
    if (!isSecret(before) && !isSecret(after) && (bothArrays || bothObjects)) {
        const keys = bothArrays
            ? Array.from({ length: Math.max((before as unknown[]).length, (after as unknown[]).length) }, (_, index) => index)
            : [...new Set([...Object.keys(before as object), ...Object.keys(after as object)])];
        for (const key of keys) {
            const left = (before as Record<string | number, unknown>)[key];
            const right = (after as Record<string | number, unknown>)[key];
            walk(left, right, join(path, key), changes);
        }
        return;
    }
    const kind = before === undefined ? "add" : after === undefined ? "delete" : "update";
    changes.push({
        path,
        kind,
        replaces: false,
        before: kind === "add" ? undefined : displayValue(maskAgainst(before, after), "before"),
        after: kind === "delete" ? undefined : displayValue(maskAgainst(after, before), "after"),
    });
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function join(path: string, key: string | number): string {
    if (typeof key === "number") return `${path}[${key}]`;
    if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path === "" ? key : `${path}.${key}`;
    return `${path}[${JSON.stringify(key)}]`;
}
