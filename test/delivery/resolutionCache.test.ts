import * as fs from "fs";
import Module = require("module");
import * as os from "os";
import * as path from "path";
import { execFile } from "child_process";
import { expect } from "chai";
import { CACHE_FOLDER } from "../../delivery/berthFolders";
import { fingerprintOf, rememberResolutions } from "../../delivery/resolutionCache";
import { REPO } from "../helpers/plans";

interface Resolver {
    _resolveFilename(request: string, parent: NodeModule | undefined, isMain: boolean, options?: unknown): string;
}

const resolver = Module as unknown as Resolver;

describe("where modules were found, remembered between runs (delivery/resolutionCache.ts)", () => {
    let root: string;
    let file: string;
    let asked: string[];
    let node: Resolver["_resolveFilename"];
    const write = (relative: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
        fs.writeFileSync(path.join(root, relative), text);
    };
    /** `require.resolve` as the module at `relative` calls it. */
    const resolveFrom = (relative: string, request: string) => Module.createRequire(path.join(root, relative)).resolve(request);
    const folders = () => [path.join(root, "app") + path.sep, path.join(root, "node_modules") + path.sep];

    beforeEach(() => {
        root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "berth-resolutions-")));
        file = path.join(root, "cache", "resolutions.json");
        write("node_modules/pkg/package.json", JSON.stringify({ name: "pkg", main: "lib/index.js" }));
        write("node_modules/pkg/lib/index.js", "module.exports = 1;\n");
        write("app/main.js", "");
        write("app/util.js", "");
        write("elsewhere/main.js", "");
        // What reaches Node's own resolver, under the remembered resolutions installed by each test.
        asked = [];
        node = resolver._resolveFilename;
        resolver._resolveFilename = function (this: unknown, request, parent, isMain, options) {
            asked.push(request);
            return node.call(this, request, parent, isMain, options);
        };
    });
    afterEach(() => {
        resolver._resolveFilename = node;
        fs.rmSync(root, { recursive: true, force: true });
    });

    it("answers a later run from the file, as Node found the modules, without asking Node", () => {
        const first = rememberResolutions(file, folders(), "v1");
        const found = [resolveFrom("app/main.js", "pkg"), resolveFrom("app/main.js", "./util")];
        expect(found).to.deep.equal([path.join(root, "node_modules/pkg/lib/index.js"), path.join(root, "app/util.js")]);
        first.save();
        first.stop();
        expect(asked).to.deep.equal(["pkg", "./util"]);

        const later = rememberResolutions(file, folders(), "v1");
        try {
            expect([resolveFrom("app/main.js", "pkg"), resolveFrom("app/main.js", "./util")]).to.deep.equal(found);
            expect(asked).to.have.lengthOf(2);
        } finally {
            later.stop();
        }
    });

    it("starts afresh under another fingerprint", () => {
        const first = rememberResolutions(file, folders(), "v1");
        resolveFrom("app/main.js", "pkg");
        first.save();
        first.stop();
        const later = rememberResolutions(file, folders(), "v2");
        try {
            resolveFrom("app/main.js", "pkg");
            expect(asked).to.deep.equal(["pkg", "pkg"]);
        } finally {
            later.stop();
        }
    });

    it("leaves to Node what is required from, or found, outside its folders, built-in modules and requests with options", () => {
        const remembered = rememberResolutions(file, [path.join(root, "app") + path.sep], "v1");
        try {
            resolveFrom("elsewhere/main.js", "pkg");
            resolveFrom("app/main.js", "pkg");
            resolveFrom("app/main.js", "fs");
            Module.createRequire(path.join(root, "app/main.js")).resolve("./util", { paths: [path.join(root, "app")] });
            remembered.save();
        } finally {
            remembered.stop();
        }
        // Nothing it could keep: pkg lies outside app/, and the rest is never kept.
        expect(fs.existsSync(file)).to.equal(false);
        expect(asked).to.deep.equal(["pkg", "pkg", "fs", "./util"]);
    });

    it("never fails a run for a file it cannot read or write", () => {
        write("cache", "not a folder");
        const remembered = rememberResolutions(file, folders(), "v1");
        try {
            expect(resolveFrom("app/main.js", "./util")).to.equal(path.join(root, "app/util.js"));
            expect(() => remembered.save()).not.to.throw();
        } finally {
            remembered.stop();
        }
        expect(fs.readFileSync(path.join(root, "cache"), "utf8")).to.equal("not a folder");
    });

    it("has no fingerprint while a marker file is missing: nothing says when the folders change", () => {
        expect(fingerprintOf([path.join(root, "node_modules", ".package-lock.json")])).to.equal(undefined);
    });

    it("takes a new fingerprint when a marker file is rewritten or NODE_PATH changes", () => {
        const marker = path.join(root, "node_modules", ".package-lock.json");
        write("node_modules/.package-lock.json", "{}");
        const before = fingerprintOf([marker]);
        expect(fingerprintOf([marker])).to.equal(before);
        write("node_modules/.package-lock.json", '{"packages":{}}');
        const rewritten = fingerprintOf([marker]);
        expect(rewritten).not.to.equal(before);
        const nodePath = process.env.NODE_PATH;
        process.env.NODE_PATH = root;
        try {
            expect(fingerprintOf([marker])).not.to.equal(rewritten);
        } finally {
            if (nodePath === undefined) delete process.env.NODE_PATH;
            else process.env.NODE_PATH = nodePath;
        }
    });

    it("lets berth plan, from the build, plan the same document from what it kept: where modules are, and their code", async () => {
        // Each run counts the modules that ran from kept code, and those V8 refused (compiled under other V8 flags).
        const plan = () =>
            new Promise<{ document: string; kept: { offered: number; refused: number } }>((resolve, reject) =>
                execFile(
                    process.execPath,
                    [
                        "--require",
                        path.join(REPO, "test", "fixtures", "codeCache", "countKeptCode.js"),
                        path.join(REPO, "bin", "berth.js"),
                        "plan",
                        "dev",
                        "--json",
                        "-",
                    ],
                    // Without Node's switch for code caches, should it be set where the suite runs.
                    { cwd: REPO, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "" } },
                    (error, stdout, stderr) =>
                        error
                            ? reject(new Error(`${error.message}\n${stderr}`))
                            : resolve({ document: stdout, kept: JSON.parse(stderr.trim().split("\n").pop()!) }),
                ),
            );
        const resolutionsFile = path.join(CACHE_FOLDER, "resolutions.json");
        // The first plan finds every module afresh and writes the file; the second answers from it, and runs from the
        // code the first kept, or an earlier plan did. Other tests' plans may write both meanwhile, from the same build
        // and under the same flags.
        fs.rmSync(resolutionsFile, { force: true });
        const first = await plan();
        const { resolutions } = JSON.parse(fs.readFileSync(resolutionsFile, "utf8"));
        const fromDist = Object.keys(resolutions).filter((key) => key.startsWith(path.join(REPO, "dist") + path.sep));
        expect(fromDist.length).to.be.greaterThan(100);
        const second = await plan();
        expect(second.document).to.equal(first.document);
        // Some 550 modules when the file is this test's own; a plan of another project that started from no file may
        // have replaced it since with the 300 or so it loaded, most of which a dev plan loads too.
        expect(second.kept.offered).to.be.greaterThan(100);
        expect(second.kept.refused).to.equal(0);
    });
});
