import * as pulumi from "@pulumi/pulumi";

/** One bad argument of a component: where it is (as pulumi-eks names input properties) and what is wrong with it. */
export interface ArgProblem {
    propertyPath: string;
    reason: string;
}

/**
 * Throws Pulumi's input-properties error listing every problem, as pulumi-eks does for its own inputs, so that a
 * component used without Berth's stack config still refuses bad arguments before it registers anything.
 */
export function refuseBadArgs(type: string, name: string, problems: ArgProblem[]): void {
    if (problems.length > 0) {
        throw new pulumi.InputPropertiesError({
            message: `${type} ${name} has ${problems.length} invalid argument${problems.length === 1 ? "" : "s"}`,
            errors: problems,
        });
    }
}
