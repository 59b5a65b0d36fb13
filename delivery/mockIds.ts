import { createHash } from "crypto";

/** The account every mock ARN and owner id uses. */
export const ACCOUNT = "123456789012";
export const PARTITION = "aws";

/**
 * Hex digits derived from a seed. Ids come from a hash rather than a random source so that
 * two plans of the same stack are byte-identical and diffable.
 */
export function hexOf(seed: string, length: number): string {
    let out = "";
    for (let i = 0; out.length < length; i++) {
        out += createHash("sha256").update(`${i}|${seed}`).digest("hex");
    }
    return out.slice(0, length);
}

/** A version-4-shaped UUID derived from a seed (KMS key ids, provider ids, k8s uids). */
export function uuidOf(seed: string): string {
    const h = hexOf(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Digits only, for ids such as a route's `r-rtb-…1080289494`. */
export function digitsOf(seed: string, length: number): string {
    return hexOf(seed, length).replace(/[a-f]/g, (c) => String(c.charCodeAt(0) % 10));
}

/** A public IPv4 address in 3.0.0.0/8 (an AWS range), so it never looks like a private one. */
export function publicIpOf(seed: string): string {
    const h = hexOf(seed, 6);
    return ["3", ...[0, 2, 4].map((i) => String(parseInt(h.slice(i, i + 2), 16)))].join(".");
}
