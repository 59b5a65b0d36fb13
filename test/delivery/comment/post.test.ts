import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { CommentError } from "../../../delivery/comment/errors";
import { GitHubTarget, readGitHubTarget } from "../../../delivery/comment/githubEnvironment";
import { COMMENT_MARKER } from "../../../delivery/comment/marker";
import { upsertComment } from "../../../delivery/comment/post";
import { Answer, FakeGitHub, Received } from "./fakeGitHub";

const LIST = "/repos/acme/platform/issues/7/comments";
const comment = (id: number, body: string) => ({ id, body, html_url: `https://github.com/acme/platform/pull/7#issuecomment-${id}` });

/** Starts a fake API answering with `handle`, runs `work` against it, stops it. */
async function withGitHub(
    handle: (request: Received, url: string) => Answer,
    work: (github: FakeGitHub, target: GitHubTarget) => Promise<void>,
) {
    const github = new FakeGitHub(handle);
    await github.start();
    try {
        await work(github, { token: "t0ken", owner: "acme", repo: "platform", pullNumber: 7, apiUrl: github.url });
    } finally {
        await github.stop();
    }
}

/** Two pages of comments; Berth's own, when `withMarker`, on the second. */
function twoPages(withMarker: boolean) {
    return (request: Received, url: string): Answer => {
        if (request.method === "GET" && request.path === `${LIST}?per_page=100`) {
            return { body: [comment(1, "Looks good")], headers: { link: `<${url}${LIST}?per_page=100&page=2>; rel="next"` } };
        }
        if (request.method === "GET" && request.path === `${LIST}?per_page=100&page=2`) {
            return { body: [comment(2, "ship it"), ...(withMarker ? [comment(42, `${COMMENT_MARKER}\nold preview`)] : [])] };
        }
        if (request.method === "PATCH") return { body: comment(42, "new") };
        if (request.method === "POST") return { status: 201, body: comment(99, "new") };
        return { status: 404, body: { message: "Not Found" } };
    };
}

describe("berth comment post", () => {
    it("pages through the comments and edits its own earlier one in place", async () => {
        await withGitHub(twoPages(true), async (github, target) => {
            const result = await upsertComment(target, `${COMMENT_MARKER}\nnew preview`);
            expect(result).to.deep.equal({ action: "updated", id: 42, url: "https://github.com/acme/platform/pull/7#issuecomment-42" });
            expect(github.received.map(({ method, path }) => `${method} ${path}`)).to.deep.equal([
                `GET ${LIST}?per_page=100`,
                `GET ${LIST}?per_page=100&page=2`,
                "PATCH /repos/acme/platform/issues/comments/42",
            ]);
            expect(github.received[2].body).to.deep.equal({ body: `${COMMENT_MARKER}\nnew preview` });
            expect(github.received.every((request) => request.authorization === "token t0ken")).to.equal(true);
        });
    });

    it("creates the comment when no page has the marker", async () => {
        await withGitHub(twoPages(false), async (github, target) => {
            const result = await upsertComment(target, "a preview without the marker");
            expect(result.action).to.equal("created");
            expect(github.received.map(({ method, path }) => `${method} ${path}`)).to.deep.equal([
                `GET ${LIST}?per_page=100`,
                `GET ${LIST}?per_page=100&page=2`,
                `POST ${LIST}`,
            ]);
            expect(github.received[2].body, "the marker added").to.deep.equal({ body: `${COMMENT_MARKER}\na preview without the marker` });
        });
    });

    it("retries a request refused by the secondary rate limit after the time GitHub names", async () => {
        let refused = 0;
        const handle = (request: Received, url: string): Answer => {
            if (request.method === "POST" && refused++ === 0) {
                return { status: 403, headers: { "retry-after": "7" }, body: { message: "You have exceeded a secondary rate limit." } };
            }
            return twoPages(false)(request, url);
        };
        await withGitHub(handle, async (github, target) => {
            const waits: number[] = [];
            const result = await upsertComment(target, "preview", { sleep: async (seconds) => void waits.push(seconds) });
            expect(result.action).to.equal("created");
            expect(waits).to.deep.equal([7]);
            expect(github.received.filter((request) => request.method === "POST")).to.have.length(2);
        });
    });

    it("does not retry a 403 that is a missing permission, and gives up after its retries", async () => {
        await withGitHub(
            () => ({ status: 403, body: { message: "Resource not accessible by integration" } }),
            async (github, target) => {
                await upsertComment(target, "preview", { sleep: async () => {} }).then(
                    () => expect.fail("posted"),
                    (err) => expect(err.status).to.equal(403),
                );
                expect(github.received).to.have.length(1);
            },
        );
        await withGitHub(
            () => ({ status: 429, headers: { "retry-after": "1" }, body: { message: "rate limited" } }),
            async (github, target) => {
                await upsertComment(target, "preview", { retries: 2, sleep: async () => {} }).then(
                    () => expect.fail("posted"),
                    (err) => expect(err.status).to.equal(429),
                );
                expect(github.received).to.have.length(3);
            },
        );
    });

    describe("GitHub Actions environment", () => {
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), "berth-event-"));
        const event = (name: string, payload: unknown) => {
            const file = path.join(folder, name);
            fs.writeFileSync(file, JSON.stringify(payload));
            return file;
        };
        after(() => fs.rmSync(folder, { recursive: true, force: true }));

        it("reads the token, the repository and the pull request's number from the event payload", () => {
            const env = {
                GITHUB_TOKEN: "t",
                GITHUB_REPOSITORY: "acme/platform",
                GITHUB_EVENT_PATH: event("pr.json", { pull_request: { number: 12 } }),
            };
            expect(readGitHubTarget(env)).to.deep.equal({
                token: "t",
                owner: "acme",
                repo: "platform",
                pullNumber: 12,
                apiUrl: "https://api.github.com",
            });
            const comment = {
                ...env,
                GITHUB_API_URL: "https://ghe.example/api/v3",
                GITHUB_EVENT_PATH: event("c.json", { issue: { number: 5, pull_request: {} } }),
            };
            expect(readGitHubTarget(comment)).to.deep.include({ pullNumber: 5, apiUrl: "https://ghe.example/api/v3" });
        });

        it("names every missing piece at once", () => {
            expect(() => readGitHubTarget({})).to.throw(
                CommentError,
                /GITHUB_TOKEN is not set[^]*GITHUB_REPOSITORY must be "owner\/name"[^]*GITHUB_EVENT_PATH is not set/,
            );
            const push = {
                GITHUB_TOKEN: "t",
                GITHUB_REPOSITORY: "acme/platform",
                GITHUB_EVENT_NAME: "push",
                GITHUB_EVENT_PATH: event("push.json", { ref: "refs/heads/main" }),
            };
            expect(() => readGitHubTarget(push)).to.throw(
                CommentError,
                /no pull request number: the event payload .*push\.json \(event "push"\) is not about a pull request/,
            );
        });
    });
});
