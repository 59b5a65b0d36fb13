/** A comment that cannot be rendered or posted because of the user's input or environment: the CLI prints it and exits 2. */
export class CommentError extends Error {
    override readonly name = "CommentError";
}
