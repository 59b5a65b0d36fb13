/**
 * "Did you mean ...?" for a misspelt config key, namespace or region: the closest known word by edit distance,
 * when it is close enough to be the word the user meant rather than a different one.
 */

/**
 * Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`, ignoring case: `platfrom` is
 * one swap from `platform`, `nodepool` one insert from `nodePools`.
 */
export function editDistance(a: string, b: string): number {
    const s = a.toLowerCase();
    const t = b.toLowerCase();
    const rows = Array.from({ length: s.length + 1 }, (_, i) =>
        Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= s.length; i++) {
        for (let j = 1; j <= t.length; j++) {
            const substitution = rows[i - 1][j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1);
            rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, substitution);
            if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
                rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
            }
        }
    }
    return rows[s.length][t.length];
}

/**
 * The candidate closest to `word`, or undefined when none is within a third of the longer word's length (at least
 * one edit): `regoin` finds `region`, `cidr` does not find `name`.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
    let best: { candidate: string; distance: number } | undefined;
    for (const candidate of candidates) {
        const distance = editDistance(word, candidate);
        const allowed = Math.max(1, Math.floor(Math.max(word.length, candidate.length) / 3));
        if (distance <= allowed && (best === undefined || distance < best.distance)) {
            best = { candidate, distance };
        }
    }
    return best?.candidate;
}

/** "; did you mean X?" for the closest candidate, or "" when there is none. */
export function didYouMean(word: string, candidates: readonly string[]): string {
    const suggestion = closest(word, candidates);
    return suggestion === undefined ? "" : `; did you mean ${suggestion}?`;
}
