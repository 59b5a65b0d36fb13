/** One step of a detailedDiff property path: an object key or an array index. */
export type PathSegment = string | number;

/**
 * Splits a detailedDiff path as the engine writes it: `tags.Env`, `ingress[0].cidrBlocks[1]`, and keys that are
 * not identifiers in brackets and quotes, `labels["app.kubernetes.io/name"]`.
 */
export function parsePropertyPath(path: string): PathSegment[] {
    const segments: PathSegment[] = [];
    let i = 0;
    let key = "";
    const flush = () => {
        if (key !== "") segments.push(key);
        key = "";
    };
    while (i < path.length) {
        const char = path[i];
        if (char === ".") {
            flush();
            i++;
        } else if (char === "[") {
            flush();
            const close = path[i + 1] === '"' ? closingQuote(path, i + 2) + 1 : path.indexOf("]", i);
            const inner = path.slice(i + 1, close < 0 ? path.length : close);
            segments.push(inner.startsWith('"') ? JSON.parse(inner) : /^\d+$/.test(inner) ? Number(inner) : inner);
            i = close < 0 ? path.length : close + 1;
        } else {
            key += char;
            i++;
        }
    }
    flush();
    return segments;
}

function closingQuote(path: string, from: number): number {
    for (let i = from; i < path.length; i++) {
        if (path[i] === "\\") i++;
        else if (path[i] === '"') return i;
    }
    return path.length;
}

/** The value at `segments` inside `value`, and whether the path exists there at all. */
export function valueAt(value: unknown, segments: PathSegment[]): { found: boolean; value?: unknown } {
    let current = value;
    for (const segment of segments) {
        if (current === null || typeof current !== "object" || !Object.hasOwn(current, segment)) return { found: false };
        current = (current as Record<string | number, unknown>)[segment];
    }
    return { found: true, value: current };
}

/** Every prefix of the path's values, outermost first: the values a secret could hide the leaf inside. */
export function valuesAlong(value: unknown, segments: PathSegment[]): unknown[] {
    const along: unknown[] = [];
    let current = value;
    for (const segment of segments) {
        if (current === null || typeof current !== "object" || !Object.hasOwn(current, segment)) break;
        current = (current as Record<string | number, unknown>)[segment];
        along.push(current);
    }
    return along;
}
