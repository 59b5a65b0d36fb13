import * as v8 from "v8";

/**
 * How much bytecode a function must run before V8 considers it for its optimising compiler, TurboFan: about fifteen
 * times V8's own 67,584 (Node 20).
 */
const INTERRUPT_BUDGET = 1_000_000;

/**
 * Leaves TurboFan to code that keeps running. With V8's budget, a plan has TurboFan compile hundreds of functions that
 * run a few hundred times and never again, in a background thread that takes a core from the plan: a fifth of a plan's
 * CPU time, and the plan ends before the optimised code pays that back (`npm run bench`). Code that keeps running, the
 * loops of a large plan, is still optimised, a little later. The flag holds for the whole process, worker threads
 * included: for a process that plans and exits (`berth plan`, `cost`, `check`, the test suite), not for the portal,
 * whose request handlers run for days.
 */
export function optimiseOnlyLongRunningCode(): void {
    v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
