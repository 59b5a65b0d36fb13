/** The hidden line that lets `berth comment post` find its own earlier comment on a pull request and edit it in place. */
export const COMMENT_MARKER = "<!-- berth-preview -->";
