import * as fs from "fs";
import { CommentError } from "./errors";

/** Where the comment goes and with what token, as a GitHub Actions job knows it. */
export interface GitHubTarget {
    token: string;
    owner: string;
    repo: string;
    /** The pull request's number (a pull request is an issue to the comments API). */
    pullNumber: number;
    /** The REST API's root: GITHUB_API_URL on GitHub Enterprise Server. @default "https://api.github.com" */
    apiUrl: string;
}

/**
 * Reads the standard variables of a GitHub Actions job: GITHUB_TOKEN (which the workflow must pass in `env:`),
 * GITHUB_REPOSITORY ("owner/name"), GITHUB_API_URL and the pull request's number from the event payload at
 * GITHUB_EVENT_PATH (`pull_request.number` for pull_request and pull_request_target events, `issue.number` for a
 * comment on a pull request). Reports every missing piece at once.
 */
export function readGitHubTarget(env: NodeJS.ProcessEnv): GitHubTarget {
    const problems: string[] = [];
    const token = env.GITHUB_TOKEN;
    if (!token) {
        problems.push(
            "GITHUB_TOKEN is not set: give the step `env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}` and the job `permissions: pull-requests: write`",
        );
    }
    const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? "").split("/");
    if (!owner || !repo || rest.length > 0) {
        problems.push(
            `GITHUB_REPOSITORY must be "owner/name" (got ${JSON.stringify(env.GITHUB_REPOSITORY ?? "")}): run in GitHub Actions, or set it`,
        );
    }
    const pullNumber = pullRequestNumber(env, problems);
    if (problems.length > 0) throw new CommentError(`cannot post the comment:\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
    return { token: token!, owner, repo, pullNumber: pullNumber!, apiUrl: env.GITHUB_API_URL || "https://api.github.com" };
}

function pullRequestNumber(env: NodeJS.ProcessEnv, problems: string[]): number | undefined {
    const file = env.GITHUB_EVENT_PATH;
    if (!file) {
        problems.push("no pull request number: GITHUB_EVENT_PATH is not set (the comment is posted from a pull_request workflow)");
        return undefined;
    }
    let event: { pull_request?: { number?: unknown }; issue?: { number?: unknown; pull_request?: unknown } };
    try {
        event = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        problems.push(`no pull request number: cannot read the event payload ${file}: ${(err as Error).message}`);
        return undefined;
    }
    const number = event.pull_request?.number ?? (event.issue?.pull_request ? event.issue.number : undefined);
    if (typeof number !== "number" || !Number.isInteger(number) || number <= 0) {
        const name = env.GITHUB_EVENT_NAME ? ` (event "${env.GITHUB_EVENT_NAME}")` : "";
        problems.push(`no pull request number: the event payload ${file}${name} is not about a pull request`);
        return undefined;
    }
    return number;
}
