import * as pulumi from "@pulumi/pulumi";

/**
 * Every problem in a stack's `platform:` config, reported at once. A `RunError` so that
 * `pulumi up` prints the message without a stack trace; the planner recognises it by `name`.
 */
export class BerthConfigError extends pulumi.RunError {
    constructor(readonly problems: readonly string[]) {
        super(
            `Invalid stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  ${p}`).join("\n")}`,
        );
        this.name = "BerthConfigError";
    }
}
