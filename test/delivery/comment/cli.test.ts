import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFile } from "child_process";
import { expect } from "chai";
import { FakeGitHub } from "./fakeGitHub";

// The TypeScript module itself: `bin/berth` alone would resolve to the launcher, which runs the CLI on load.
const { main }: typeof import("../../../bin/berth") = require("../../../bin/berth.ts");

const REPO = path.join(__dirname, "..", "..", "..");
const FIXTURES = path.join(REPO, "test", "fixtures", "preview");

async function berth(args: string[], cwd = os.tmpdir(), env: NodeJS.ProcessEnv = {}) {
    let stdout = "";
    let stderr = "";
    const code = await main(args, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), env, cwd });
    return { code, stdout, stderr };
}

describe("berth comment (CLI)", () => {
    it("renders the comment of several stacks' previews to stdout, files relative to the working directory", async () => {
        const result = await berth(["comment", "render", "--stack", "dev=dev-preview.json", "--stack", "prod=prod-preview.json"], FIXTURES);
        expect(result.code, result.stderr).to.equal(0);
        expect(result.stdout).to.match(/^<!-- berth-preview -->\n\n## Berth preview: 2 stacks/);
        expect(result.stdout).to.contain("<summary><b>dev</b>").and.to.contain("<summary><b>prod</b>");
    });

    it("writes the comment to --out", async () => {
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), "berth-comment-"));
        try {
            const result = await berth(
                ["comment", "render", "--stack", `prod=${path.join(FIXTURES, "prod-preview.json")}`, "--out", "comment.md"],
                folder,
            );
            expect(result.code, result.stderr).to.equal(0);
            expect(result.stdout).to.equal("");
            expect(fs.readFileSync(path.join(folder, "comment.md"), "utf8")).to.contain("`prod-main-eks`");
        } finally {
            fs.rmSync(folder, { recursive: true, force: true });
        }
    });

    it("explains what is wrong with the command line, with the command's usage", async () => {
        for (const [args, message] of [
            [["comment"], "comment needs an action: render"],
            [["comment", "send"], 'unknown comment action "send"'],
            [["comment", "render"], "comment render needs --stack <stack>=<preview.json>"],
            [["comment", "render", "--stack", "dev"], "--stack takes <stack>=<file>"],
            [["comment", "render", "--stack", "dev=a.json", "--stack", "dev=b.json"], "--stack dev is given twice"],
            [["comment", "render", "--stack", "dev=a.json", "--tree"], "--tree is not an option of berth comment render"],
            [["plan", "dev", "--stack", "dev=a.json"], "--stack belongs to berth comment"],
            [["comment", "post"], "comment post needs --file <comment.md>"],
            [["comment", "render", "--base", "a.json"], "--base and --head come in pairs, one per stack (got 1 --base, 0 --head)"],
            [
                ["comment", "render", "--base", "a.json", "--head", "b.json", "--stack", "dev=c.json"],
                "give either --stack (previews) or --base and --head",
            ],
            [["comment", "post", "--file", "c.md", "--stack", "dev=a.json"], "--stack is not an option of berth comment post"],
        ] as const) {
            const result = await berth([...args]);
            expect(result.code, args.join(" ")).to.equal(2);
            expect(result.stderr, args.join(" ")).to.contain(message);
        }
    });

    it("renders the offline plan diff from --base and --head", async () => {
        const result = await berth(["comment", "render", "--base", "plan-base-dev.json", "--head", "plan-head-dev.json"], FIXTURES);
        expect(result.code, result.stderr).to.equal(0);
        expect(result.stdout).to.match(/^<!-- berth-preview -->\n\n## Berth offline plan diff: 1 stack/);
    });

    it("exits 2 naming a preview it cannot read", async () => {
        const result = await berth(["comment", "render", "--stack", "dev=nowhere.json"], FIXTURES);
        expect(result).to.deep.include({ code: 2, stdout: "" });
        expect(result.stderr).to.equal(`error: cannot read the preview ${path.join(FIXTURES, "nowhere.json")}: no such file\n`);
    });

    it("posts the rendered comment to the pull request named by the GitHub Actions environment", async () => {
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), "berth-post-"));
        const github = new FakeGitHub((request) =>
            request.method === "POST"
                ? { status: 201, body: { id: 3, html_url: "https://github.com/acme/platform/pull/9#issuecomment-3" } }
                : { body: [] },
        );
        await github.start();
        try {
            fs.writeFileSync(path.join(folder, "event.json"), JSON.stringify({ pull_request: { number: 9 } }));
            const env = {
                GITHUB_TOKEN: "t0ken",
                GITHUB_REPOSITORY: "acme/platform",
                GITHUB_EVENT_PATH: path.join(folder, "event.json"),
                GITHUB_API_URL: github.url,
            };
            await berth(["comment", "render", "--stack", `dev=${path.join(FIXTURES, "dev-preview.json")}`, "--out", "comment.md"], folder);
            const result = await berth(["comment", "post", "--file", "comment.md"], folder, env);
            expect(result).to.deep.equal({
                code: 0,
                stdout: "Created the preview comment: https://github.com/acme/platform/pull/9#issuecomment-3\n",
                stderr: "",
            });
            expect(github.received.map(({ method, path }) => `${method} ${path}`)).to.deep.equal([
                "GET /repos/acme/platform/issues/9/comments?per_page=100",
                "POST /repos/acme/platform/issues/9/comments",
            ]);
            expect(github.received[1].body).to.deep.equal({ body: fs.readFileSync(path.join(folder, "comment.md"), "utf8") });

            const missing = await berth(["comment", "post", "--file", "comment.md"], folder, { ...env, GITHUB_TOKEN: "" });
            expect(missing.code).to.equal(2);
            expect(missing.stderr).to.match(/^error: cannot post the comment:\n  GITHUB_TOKEN is not set/);
        } finally {
            await github.stop();
            fs.rmSync(folder, { recursive: true, force: true });
        }
    });

    it("shows its help with berth help comment and --help", async () => {
        for (const args of [
            ["help", "comment"],
            ["comment", "--help"],
            ["comment", "render", "-h"],
        ]) {
            const result = await berth(args);
            expect(result.code).to.equal(0);
            expect(result.stdout, args.join(" ")).to.match(/^Usage: berth comment render --stack <stack>=<preview.json>/);
        }
        expect((await berth(["help"])).stdout).to.contain("comment render");
    });

    it("renders without loading the Pulumi SDK", async () => {
        const script = `
            const { main } = require("./bin/berth.ts");
            const quiet = { stdout() {}, stderr() {}, env: {}, cwd: ${JSON.stringify(FIXTURES)} };
            main(["comment", "render", "--stack", "dev=dev-preview.json"], quiet).then((code) => {
                const sdk = Object.keys(require.cache).filter((file) => file.includes("@pulumi"));
                console.log(JSON.stringify({ code, sdk }));
            });`;
        const output = await new Promise<string>((resolve, reject) =>
            execFile(process.execPath, ["-r", "./bin/register.js", "-e", script], { cwd: REPO, encoding: "utf8" }, (error, stdout) =>
                error ? reject(error) : resolve(stdout),
            ),
        );
        expect(JSON.parse(output)).to.deep.equal({ code: 0, sdk: [] });
    });
});
