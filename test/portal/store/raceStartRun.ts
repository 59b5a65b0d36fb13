// A second portal process, reduced to its lock: opens the store named by BERTH_RACE (JSON: { url?, dataDir, owner,
// stacks }), says "ready", waits for "go" on stdin, then starts a run on every stack at once and prints, as one JSON
// line, which runs it won and which it found held. The race test starts two of these on one database, one taking the
// stacks in the order given and the other in reverse, so that they meet somewhere in the middle.
import { createInterface } from "readline";
import { openStore } from "../../../portal/store/open";
import type { Store } from "../../../portal/store/types";

export interface RaceOrder {
    url?: string;
    dataDir: string;
    owner: string;
    stacks: string[];
    /** Takes the stacks last to first. */
    reverse: boolean;
}

export interface RaceOutcome {
    owner: string;
    /** Per stack: the id of the run this process started, or of the run that held the lock. */
    won: Record<string, string>;
    heldBy: Record<string, string>;
}

async function race(): Promise<void> {
    const order: RaceOrder = JSON.parse(process.env.BERTH_RACE!);
    const store = await openStore({ url: order.url, dataDir: order.dataDir });
    const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
    process.stdout.write("ready\n");
    await lines.next();
    const stacks = order.reverse ? [...order.stacks].reverse() : order.stacks;
    const starts: ReturnType<Store["startRun"]>[] = [];
    for (const stack of stacks) {
        starts.push(store.startRun({ stack, environment: "dev", kind: "preview", revision: "r1", actor: order.owner, owner: order.owner }));
        // A pause between starts: SQLite's synchronous calls would otherwise all run while the other process's writer
        // sleeps in SQLite's busy handler, and one process would win every stack.
        await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const outcomes = await Promise.all(starts);
    const result: RaceOutcome = { owner: order.owner, won: {}, heldBy: {} };
    outcomes.forEach((outcome, index) => {
        if ("run" in outcome) result.won[stacks[index]] = outcome.run.id;
        else result.heldBy[stacks[index]] = outcome.heldBy.id;
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    await store.close();
    process.exit(0);
}

race().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
});
