/**
 * A plan that could not be made, with the exit code the CLI should end with:
 * 2 for the user's input (unknown stack, unreadable or invalid config), 1 for a failing program.
 * `problems` holds one line per config problem; the message says what failed as a whole.
 */
export class PlanError extends Error {
    override readonly name = "PlanError";

    constructor(
        message: string,
        readonly exitCode: 1 | 2,
        readonly problems: string[] = [],
        /** The program's own error, whose stack trace helps with a failing program (never shown for config problems). */
        cause?: unknown,
    ) {
        super(message, cause === undefined ? undefined : { cause });
    }
}
