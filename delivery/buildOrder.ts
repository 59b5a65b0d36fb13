import type { Registration } from "./monitor";

/** One line of the resource tree: a resource and how deep it sits under the root. */
export interface TreeEntry {
    resource: Registration;
    depth: number;
}

/**
 * The resource tree in the order the engine can build it: every resource after its parent, its provider and
 * everything it depends on, and siblings in registration order where nothing orders them.
 *
 * Siblings are ordered as whole subtrees: a component comes after every sibling holding something any of its
 * descendants depends on. A component depending on its own descendants, or two subtrees depending on each other,
 * cannot be drawn as a tree in build order: such a cycle is broken where the fewest dependencies are drawn out of order,
 * and siblings outside it keep their order (a cluster's applications pull from the registry, which trusts its nodes).
 */
export function buildOrder(resources: readonly Registration[]): TreeEntry[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const index = new Map(resources.map((r, i) => [r.urn, i]));
    const parentOf = (r: Registration): string | null => (r.parent !== null && byUrn.has(r.parent) && r.parent !== r.urn ? r.parent : null);
    const children = new Map<string | null, Registration[]>();
    for (const r of resources) children.set(parentOf(r), [...(children.get(parentOf(r)) ?? []), r]);

    const ancestry = new Map<string, string[]>();
    /** The urns from the root down to `r` itself. */
    const pathOf = (r: Registration): string[] => {
        const known = ancestry.get(r.urn);
        if (known) return known;
        const chain: string[] = [];
        const seen = new Set<string>();
        for (let at: Registration | undefined = r; at && !seen.has(at.urn); at = byUrn.get(parentOf(at) ?? "")) {
            seen.add(at.urn);
            chain.unshift(at.urn);
        }
        ancestry.set(r.urn, chain);
        return chain;
    };

    // `after.get(x)` holds the siblings that must be built before sibling x, each with how many of x's resources need it.
    const after = new Map<string, Map<string, number>>();
    for (const r of resources) {
        const needs = [...r.dependencies, ...(r.provider ? [r.provider] : []), ...Object.values(r.providers ?? {})];
        for (const urn of needs) {
            const dependency = byUrn.get(urn);
            if (!dependency) continue;
            const [mine, theirs] = [pathOf(r), pathOf(dependency)];
            let split = 0;
            while (split < mine.length && split < theirs.length && mine[split] === theirs[split]) split++;
            // One is the other's ancestor: the tree already puts the ancestor first.
            if (split === mine.length || split === theirs.length) continue;
            const waiting = after.get(mine[split]) ?? new Map<string, number>();
            waiting.set(theirs[split], (waiting.get(theirs[split]) ?? 0) + 1);
            after.set(mine[split], waiting);
        }
    }

    const entries: TreeEntry[] = [];
    const walk = (parent: string | null, depth: number): void => {
        for (const r of orderSiblings(children.get(parent) ?? [], after, index)) {
            entries.push({ resource: r, depth });
            walk(r.urn, depth + 1);
        }
    };
    walk(null, 0);
    return entries;
}

/**
 * Kahn's algorithm over one set of siblings, always taking the earliest-registered one that is ready. When none is, every
 * pending sibling waits on a cycle: of a cycle that waits on nothing outside itself, the sibling with the fewest
 * dependencies still pending goes next, so that a sibling waiting on the cycle from outside comes after all of it.
 */
function orderSiblings(siblings: Registration[], after: Map<string, Map<string, number>>, index: Map<string, number>): Registration[] {
    const pending = new Set(siblings.map((s) => s.urn));
    const ordered: Registration[] = [];
    const bySequence = [...siblings].sort((a, b) => index.get(a.urn)! - index.get(b.urn)!);
    const ready = (s: Registration) => pending.has(s.urn) && [...(after.get(s.urn)?.keys() ?? [])].every((urn) => !pending.has(urn));
    /** The pending siblings `urn` waits on, directly or through others. */
    const awaited = (urn: string): Set<string> => {
        const found = new Set<string>();
        const queue = [urn];
        while (queue.length > 0) {
            for (const next of after.get(queue.pop()!)?.keys() ?? []) {
                if (!pending.has(next) || found.has(next)) continue;
                found.add(next);
                queue.push(next);
            }
        }
        return found;
    };
    const waitsOnlyOnItsCycle = (s: Registration) => pending.has(s.urn) && [...awaited(s.urn)].every((urn) => awaited(urn).has(s.urn));
    const stillNeeded = (s: Registration) =>
        [...(after.get(s.urn) ?? [])].reduce((sum, [urn, count]) => sum + (pending.has(urn) ? count : 0), 0);
    const cheapestBreak = () => bySequence.filter(waitsOnlyOnItsCycle).reduce((best, s) => (stillNeeded(s) < stillNeeded(best) ? s : best));
    while (ordered.length < siblings.length) {
        const next = bySequence.find(ready) ?? cheapestBreak();
        pending.delete(next.urn);
        ordered.push(next);
    }
    return ordered;
}
