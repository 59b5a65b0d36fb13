/**
 * Defensive readers for resource inputs as the plan holds them: a value of the wrong shape, "[unknown]" or
 * "[secret]" reads as absent, never as an error.
 */

export function record(value: unknown): Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function records(value: unknown): Record<string, unknown>[] {
    return Array.isArray(value) ? value.map(record) : [];
}

export function text(value: unknown): string | undefined {
    return typeof value === "string" && value !== "[unknown]" && value !== "[secret]" ? value : undefined;
}

export function texts(value: unknown): string[] {
    return Array.isArray(value) ? value.map(text).filter((v): v is string => v !== undefined) : [];
}

/** A number, also when a provider serialised it as text ("50"). */
export function num(value: unknown): number | undefined {
    const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
    return Number.isFinite(n) ? n : undefined;
}

/** A JSON document passed as text (IAM and lifecycle policies, provider settings), or undefined. */
export function parsedJson(value: unknown): unknown {
    if (typeof value !== "string") return value;
    try {
        return JSON.parse(value);
    } catch {
        return undefined;
    }
}

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };
const DECIMAL: Record<string, number> = { m: 1e-3, "": 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };

/** A Kubernetes quantity ("100Gi", "500m", "2", "1.5G") as a plain number of its base unit, or undefined. */
export function quantity(value: unknown): number | undefined {
    if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
    if (typeof value !== "string") return undefined;
    const match = /^\s*([0-9]+(?:\.[0-9]+)?)\s*(Ki|Mi|Gi|Ti|Pi|m|k|K|M|G|T|P|)\s*$/.exec(value);
    if (!match) return undefined;
    const [, amount, suffix] = match;
    return Number(amount) * (BINARY[suffix] ?? DECIMAL[suffix]);
}

/** A storage or memory quantity in GiB (EBS sizes and bills volumes in GiB, which AWS's price pages call GB). */
export function gib(value: unknown): number | undefined {
    const bytes = quantity(value);
    return bytes === undefined ? undefined : bytes / 2 ** 30;
}
