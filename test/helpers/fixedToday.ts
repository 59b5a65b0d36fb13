// Loaded by mocha before any test (.mocharc.json): the program's "today" (stacks/clock.ts) is fixed for the whole
// suite, in this process and in the CLI processes it spawns, so that support dates never age the tests.
export const FIXED_TODAY = "2026-11-26";
process.env.BERTH_TODAY = FIXED_TODAY;

/** Runs `work` with the program's "today" set to `day`, then puts the suite's day back. */
export async function onDay<T>(day: string, work: () => Promise<T>): Promise<T> {
    process.env.BERTH_TODAY = day;
    try {
        return await work();
    } finally {
        process.env.BERTH_TODAY = FIXED_TODAY;
    }
}
