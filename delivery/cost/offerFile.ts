/**
 * Reads an AWS Price List bulk offer file as it streams in. The EC2 file of one region is hundreds of megabytes, too
 * large for one JSON.parse: this scans the text once, keeping only the values at the paths asked for (each product,
 * each on-demand term), and parses each of those alone.
 *
 * Offer file shape (Price List bulk API, format version v1.0):
 *   { "products": { "<sku>": { "sku", "productFamily", "attributes": { ... } } },
 *     "terms": { "OnDemand": { "<sku>": { "<sku>.<term>": { "priceDimensions": { "<id>": {
 *         "unit", "beginRange", "pricePerUnit": { "USD": "0.1920000000" } } } } } } } }
 */

export interface OfferProduct {
    sku: string;
    productFamily?: string;
    attributes: Record<string, string>;
}

export interface PriceDimension {
    unit: string;
    beginRange?: string;
    usd: number;
}

export interface Offer {
    products: OfferProduct[];
    /** On-demand price dimensions by SKU. */
    onDemand: Map<string, PriceDimension[]>;
}

/** Values at `products.<sku>` and `terms.OnDemand.<sku>`, each parsed on its own; everything else is skipped unparsed. */
export async function readOffer(chunks: AsyncIterable<string> | Iterable<string>): Promise<Offer> {
    const offer: Offer = { products: [], onDemand: new Map() };
    for await (const { path, value } of valuesAt(chunks, isWanted)) {
        if (path[0] === "products") {
            const product = value as { sku?: string; productFamily?: string; attributes?: Record<string, string> };
            offer.products.push({
                sku: product.sku ?? path[1],
                productFamily: product.productFamily,
                attributes: product.attributes ?? {},
            });
        } else {
            offer.onDemand.set(path[2], onDemandDimensions(value));
        }
    }
    return offer;
}

const isWanted = (path: readonly string[]) =>
    (path.length === 2 && path[0] === "products") || (path.length === 3 && path[0] === "terms" && path[1] === "OnDemand");

function onDemandDimensions(terms: unknown): PriceDimension[] {
    return Object.values(terms as Record<string, { priceDimensions?: Record<string, Record<string, unknown>> }>).flatMap((term) =>
        Object.values(term.priceDimensions ?? {}).map((d) => ({
            unit: String(d.unit ?? ""),
            beginRange: d.beginRange === undefined ? undefined : String(d.beginRange),
            usd: Number((d.pricePerUnit as Record<string, unknown> | undefined)?.USD),
        })),
    );
}

interface Frame {
    kind: "object" | "array";
    /** In an object: the key of the value being read; in an array: its index. */
    key: string;
    index: number;
    /** In an object: the next string is a key. */
    expectingKey: boolean;
}

/**
 * The complete objects and arrays whose path (object keys, array indexes as text) `wanted` accepts, in document order.
 * A wanted value is copied out as text while the scan passes over it, then parsed alone; nothing else is kept.
 */
export async function* valuesAt(
    chunks: AsyncIterable<string> | Iterable<string>,
    wanted: (path: readonly string[]) => boolean,
): AsyncGenerator<{ path: string[]; value: unknown }> {
    const stack: Frame[] = [];
    let inString = false;
    let escaped = false;
    let readingKey = false;
    let key = "";
    let capture: { depth: number; path: string[]; parts: string[] } | undefined;
    for await (const chunk of chunks) {
        let from = capture ? 0 : -1;
        for (let i = 0; i < chunk.length; i++) {
            const c = chunk[i];
            const top = stack[stack.length - 1];
            if (inString) {
                if (escaped) escaped = false;
                else if (c === "\\") escaped = true;
                else if (c === '"') inString = false;
                if (!readingKey) continue;
                if (inString) key += c;
                else {
                    // Kept raw while read, escapes included: JSON.parse turns them into the key.
                    top.key = JSON.parse(`"${key}"`) as string;
                    readingKey = false;
                }
                continue;
            }
            if (c === '"') {
                inString = true;
                readingKey = top?.kind === "object" && top.expectingKey;
                key = "";
            } else if (c === ":") {
                if (top) top.expectingKey = false;
            } else if (c === ",") {
                if (top?.kind === "array") top.index += 1;
                if (top?.kind === "object") top.expectingKey = true;
            } else if (c === "{" || c === "[") {
                if (!capture) {
                    const path = stack.map((frame) => (frame.kind === "object" ? frame.key : String(frame.index)));
                    if (wanted(path)) {
                        capture = { depth: stack.length, path, parts: [] };
                        from = i;
                    }
                }
                stack.push({ kind: c === "{" ? "object" : "array", key: "", index: 0, expectingKey: c === "{" });
            } else if (c === "}" || c === "]") {
                stack.pop();
                if (capture && stack.length === capture.depth) {
                    const text = capture.parts.join("") + chunk.slice(from, i + 1);
                    const { path } = capture;
                    capture = undefined;
                    from = -1;
                    yield { path, value: JSON.parse(text) };
                }
            }
        }
        if (capture) capture.parts.push(chunk.slice(from));
    }
}
