/** Money as the estimate keeps and shows it. */

/** Rounded to cents: every item is, so that the totals add up to the items a reader sees. */
export function cents(amount: number): number {
    return Math.round((amount + Number.EPSILON) * 100) / 100;
}

/** "$1,234.56" */
export function usd(amount: number): string {
    const sign = amount < 0 ? "-" : "";
    return `${sign}$${Math.abs(amount).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A unit price with the digits AWS publishes it with: "$0.0942", "$0.048", "$1". */
export function rate(amount: number): string {
    return `$${Number(amount.toFixed(5)).toString()}`;
}

/** A count with its noun: "1 node", "3 nodes". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
    return `${n} ${n === 1 ? noun : plural}`;
}
