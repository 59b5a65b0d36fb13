import { Octokit } from "@octokit/rest";
import { CommentError } from "./errors";
import type { GitHubTarget } from "./githubEnvironment";
import { GITHUB_COMMENT_LIMIT } from "./limit";
import { COMMENT_MARKER } from "./marker";
import { RetryPolicy, withRateLimitRetry } from "./rateLimitRetry";

export interface PostResult {
    action: "created" | "updated";
    id: number;
    url: string;
}

/**
 * Puts the comment on the pull request: edits Berth's own earlier comment (the first one carrying the marker, found by
 * paging through all of them) in place, or creates it when there is none, so that a pull request has one preview
 * comment however often it is pushed to. Every request is retried on GitHub's secondary rate limits.
 */
export async function upsertComment(target: GitHubTarget, body: string, retry: RetryPolicy = {}): Promise<PostResult> {
    const text = body.includes(COMMENT_MARKER) ? body : `${COMMENT_MARKER}\n${body}`;
    if (text.length > GITHUB_COMMENT_LIMIT) {
        throw new CommentError(
            `the comment has ${text.length} characters, more than GitHub's ${GITHUB_COMMENT_LIMIT}: render it with berth comment render`,
        );
    }
    const octokit = new Octokit({
        auth: target.token,
        baseUrl: target.apiUrl,
        userAgent: "berth-comment",
        log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
    octokit.hook.wrap("request", (request, options) => withRateLimitRetry(async () => request(options), retry));

    const { owner, repo, pullNumber } = target;
    let existing: { id: number } | undefined;
    for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
        owner,
        repo,
        issue_number: pullNumber,
        per_page: 100,
    })) {
        existing = page.data.find((comment) => comment.body?.includes(COMMENT_MARKER));
        if (existing) break;
    }
    if (existing) {
        const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body: text });
        return { action: "updated", id: data.id, url: data.html_url };
    }
    const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: pullNumber, body: text });
    return { action: "created", id: data.id, url: data.html_url };
}
