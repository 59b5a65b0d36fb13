// Run in a thread of its own by test/delivery/sharedModules.test.ts: plans prod, dev and prod again, one after another,
// and says which of Berth's modules the plans loaded and whether a later plan loaded any of them again.
import * as path from "path";
import { planStack } from "../../delivery/plan";
import { SHARED_FOLDERS } from "../../delivery/runProgram";

// Not from ./plans: that would load ./offThread.ts, which in a worker thread waits for jobs.
const REPO = path.join(__dirname, "..", "..");

export interface ThreadOfPlans {
    /** Berth's components and stack code the first plan loaded, relative to the repository. */
    loadedByFirstPlan: string[];
    /** Those of them that a later plan loaded again (a new module in the cache). */
    reloadedLater: string[];
    /** The prod plan's JSON, first and after a dev plan. */
    prodFirst: string;
    prodAgain: string;
}

const sharedModules = () =>
    new Map(
        Object.entries(require.cache).filter(([id]) => SHARED_FOLDERS.some((folder) => id.startsWith(folder))) as [string, NodeModule][],
    );

export async function threadOfPlans(): Promise<ThreadOfPlans> {
    const before = sharedModules();
    const prodFirst = JSON.stringify(await planStack({ stack: "prod", dir: REPO }));
    const loaded = sharedModules();
    await planStack({ stack: "dev", dir: REPO });
    const prodAgain = JSON.stringify(await planStack({ stack: "prod", dir: REPO }));
    const after = sharedModules();
    const relative = (ids: string[]) => ids.map((id) => path.relative(REPO, id));
    return {
        loadedByFirstPlan: relative([...loaded.keys()].filter((id) => !before.has(id))),
        reloadedLater: relative([...loaded].filter(([id, module]) => after.get(id) !== module).map(([id]) => id)),
        prodFirst,
        prodAgain,
    };
}
