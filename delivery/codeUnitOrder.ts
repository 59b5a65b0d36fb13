/**
 * Compares strings by their UTF-16 code units, the order `Array.prototype.sort` uses by default, for sorting by a key.
 * Plans, reports and comments sort with this rather than `localeCompare`: that order follows the locale and ICU data
 * of whichever machine runs Berth, so the same stack could give different documents on two machines, and its first
 * call costs a plan some 10 ms to set up ICU's collator.
 */
export function codeUnitOrder(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
