import type { PlanDocument } from "../plan";
import type { StackKey } from "./types";

/**
 * Where the offline engine keeps what it "deployed": the last plan recorded per stack. The portal passes its Store,
 * which has exactly these methods; tests pass a Map.
 */
export interface DeployedPlans {
    loadDeployedPlan(stack: StackKey): Promise<PlanDocument | undefined>;
    saveDeployedPlan(stack: StackKey, plan: PlanDocument): Promise<void>;
    deleteDeployedPlan(stack: StackKey): Promise<void>;
}

/** Deployed plans in memory, for one process's life: tests, and a quick look at the portal without a database. */
export function deployedPlansInMemory(): DeployedPlans {
    const plans = new Map<StackKey, PlanDocument>();
    return {
        loadDeployedPlan: async (stack) => plans.get(stack),
        saveDeployedPlan: async (stack, plan) => void plans.set(stack, plan),
        deleteDeployedPlan: async (stack) => void plans.delete(stack),
    };
}
