// V8's settings for a process that plans and exits (`berth plan`, `cost`, `check`; the suite takes the first): V8's
// defaults suit a long-running process, which the portal is, and keeps.
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

/**
 * V8 doubles its young generation, up to 16 MB semi-spaces, while many objects survive it; but a plan's objects live
 * until the plan is written, so a larger nursery only holds more of them between collections. Kept at the size it
 * starts with, a plan's peak memory is about 28 MB lower for the same time (`npm run bench`).
 */
export function stopYoungGenerationGrowth(): void {
    v8.setFlagsFromString("--semi-space-growth-factor=1");
}
