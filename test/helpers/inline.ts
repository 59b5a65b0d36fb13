import * as path from "path";
import { expect } from "chai";
import { PlanError } from "../../delivery/errors";
import { PlanDocument, planStack } from "../../delivery/plan";

/** A project folder whose stack config no inline program reads: component tests bring their own arguments. */
const FIXTURE = path.join(__dirname, "..", "fixtures", "planner");

/** Plans an inline program (components built from the package API) against Berth's mocks. */
export function planInline(program: () => unknown): Promise<PlanDocument> {
    return planStack({ stack: "dev", dir: FIXTURE, program });
}

/** The error an inline program fails with; fails the test when it plans. */
export async function inlineFailure(program: () => unknown): Promise<PlanError> {
    try {
        await planInline(program);
    } catch (error) {
        expect(error).to.be.instanceOf(PlanError);
        return error as PlanError;
    }
    throw new Error("the program planned");
}
