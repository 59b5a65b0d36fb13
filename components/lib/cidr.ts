/** IPv4 CIDR arithmetic for carving a VPC into subnets and for checking peer networks. */

export interface Cidr {
    /** Network address as an unsigned 32-bit number. */
    readonly base: number;
    readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses "10.0.0.0/16"; undefined for anything that is not a canonical IPv4 network. */
export function parseCidr(text: string): Cidr | undefined {
    const match = CIDR_PATTERN.exec(text);
    if (!match) {
        return undefined;
    }
    const octets = match.slice(1, 5).map(Number);
    const prefix = Number(match[5]);
    if (octets.some((o) => o > 255) || prefix > 32) {
        return undefined;
    }
    const base = octets.reduce((acc, o) => acc * 256 + o, 0);
    if (base % 2 ** (32 - prefix) !== 0) {
        return undefined; // host bits set: "10.0.1.0/16" is almost always a typo
    }
    return { base, prefix };
}

export function formatCidr(cidr: Cidr): string {
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.base / 2 ** shift) % 256);
    return `${octets.join(".")}/${cidr.prefix}`;
}

/** The `index`-th block of size /`newPrefix` inside `cidr`. */
export function subnetOf(cidr: Cidr, newPrefix: number, index: number): Cidr {
    const blocks = 2 ** (newPrefix - cidr.prefix);
    if (newPrefix < cidr.prefix || index < 0 || index >= blocks) {
        throw new RangeError(`${formatCidr(cidr)} has no block ${index} of size /${newPrefix}`);
    }
    return { base: cidr.base + index * 2 ** (32 - newPrefix), prefix: newPrefix };
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
    const aEnd = a.base + 2 ** (32 - a.prefix);
    const bEnd = b.base + 2 ** (32 - b.prefix);
    return a.base < bEnd && b.base < aEnd;
}
