import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as v8 from "v8";
import { expect } from "chai";
import { compiledCodeFile, keepCompiledCode, KeptCode } from "../../delivery/codeCache";

describe("compiled code, kept between runs (delivery/codeCache.ts)", () => {
    let root: string;
    let folder: string;
    let running: KeptCode | undefined;
    const write = (name: string, text: string) => fs.writeFileSync(path.join(root, name), text);
    /** Loads `name` afresh, as a new process would, under the code kept in `folder`. */
    const load = (name: string) => {
        for (const id of Object.keys(require.cache)) if (id.startsWith(root)) delete require.cache[id];
        return require(path.join(root, name));
    };
    /** A run: the code kept in `folder` is used from now on, until the next run or the end of the test. */
    const run = () => {
        running?.stop();
        running = keepCompiledCode(folder);
        return running;
    };
    const file = () => compiledCodeFile(folder);

    // V8 also keeps, in memory, the code of every source this process compiled: that would answer a second load here
    // whatever the file held. Each test must find what a new process finds.
    before(() => v8.setFlagsFromString("--no-compilation-cache"));
    after(() => v8.setFlagsFromString("--compilation-cache"));
    // Set where the suite runs, Node's switch would turn off what these tests test.
    const switchedOff = process.env.NODE_DISABLE_COMPILE_CACHE;
    before(() => delete process.env.NODE_DISABLE_COMPILE_CACHE);
    after(() => {
        if (switchedOff !== undefined) process.env.NODE_DISABLE_COMPILE_CACHE = switchedOff;
    });

    beforeEach(() => {
        root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "berth-code-")));
        folder = path.join(root, "cache");
        write(
            "main.js",
            'const helper = require("./helper");\nmodule.exports = { value: 1, doubled: helper(21), found: require.resolve("./helper") };\n',
        );
        write("helper.js", "module.exports = (n) => n * 2;\n");
    });

    afterEach(() => {
        running?.stop();
        running = undefined;
        fs.rmSync(root, { recursive: true, force: true });
    });

    it("runs a later load from the code the first one kept, with the same results", () => {
        const first = run();
        const compiled = load("main.js");
        expect(first.counts()).to.deep.equal({ reused: 0, compiled: 2 });
        first.save();
        expect(fs.existsSync(file())).to.equal(true);

        const second = run();
        expect(load("main.js")).to.deep.equal(compiled);
        expect(compiled).to.deep.equal({ value: 1, doubled: 42, found: path.join(root, "helper.js") });
        expect(second.counts()).to.deep.equal({ reused: 2, compiled: 0 });
    });

    it("compiles afresh a module whose source changed, even to a source of the same length", () => {
        run();
        load("main.js");
        running!.save();
        // V8 itself compares only the source's length: without a checksum of its own, the old code would run.
        write("helper.js", "module.exports = (n) => n * 3;\n");
        const later = run();
        expect(load("main.js").doubled).to.equal(63);
        expect(later.counts()).to.deep.equal({ reused: 1, compiled: 1 });
    });

    it("writes nothing when every module ran from the file, and keeps what other runs kept for modules it did not load", () => {
        write("other.js", "module.exports = 'other';\n");
        run();
        load("other.js");
        running!.save();
        run();
        load("main.js");
        running!.save();
        const written = fs.statSync(file()).mtimeMs;

        const third = run();
        load("main.js");
        expect(load("other.js")).to.equal("other");
        expect(third.counts()).to.deep.equal({ reused: 3, compiled: 0 });
        third.save();
        expect(fs.statSync(file()).mtimeMs).to.equal(written);
    });

    it("reads nothing from a file altered on disk: V8 would run the altered code and stop the process", () => {
        run();
        load("main.js");
        running!.save();
        const kept = fs.readFileSync(file());
        for (let at = kept.length - 200; at < kept.length; at += 3) kept[at] ^= 0xff;
        fs.writeFileSync(file(), kept);

        const later = run();
        expect(load("main.js").doubled).to.equal(42);
        expect(later.counts()).to.deep.equal({ reused: 0, compiled: 2 });
    });

    it("reads nothing from a file cut short or of another format", () => {
        run();
        load("main.js");
        running!.save();
        const kept = fs.readFileSync(file());
        for (const broken of [kept.subarray(0, kept.length - 10), Buffer.from("not compiled code"), Buffer.alloc(0)]) {
            fs.writeFileSync(file(), broken);
            const later = run();
            expect(load("main.js").value).to.equal(1);
            expect(later.counts()).to.deep.equal({ reused: 0, compiled: 2 });
        }
    });

    it("never fails a run for a file it cannot read or write", () => {
        folder = path.join(root, "main.js");
        const blocked = run();
        expect(load("main.js").value).to.equal(1);
        expect(() => blocked.save()).not.to.throw();
        expect(blocked.counts()).to.deep.equal({ reused: 0, compiled: 2 });
    });

    it("leaves to Node a module that calls import(), an ES module and a syntax error", async () => {
        write("dynamic.js", 'module.exports = () => import("node:path").then((p) => p.sep);\n');
        write("esm.js", "export const kind = 'esm';\n");
        write("broken.js", "module.exports = {;\n");
        const kept = run();
        expect(await load("dynamic.js")()).to.equal(path.sep);
        expect(load("esm.js").kind).to.equal("esm");
        expect(() => load("broken.js")).to.throw(SyntaxError);
        expect(kept.counts()).to.deep.equal({ reused: 0, compiled: 0 });
        kept.save();
        expect(fs.existsSync(file())).to.equal(false);
    });

    it("reports an error's line and column as Node's own loader does, and runs a script that starts with #!", () => {
        write("throws.js", "module.exports = () => { throw new Error('here'); };\n");
        write("script.js", "#!/usr/bin/env node\nmodule.exports = 'script';\n");
        const where = (): string => {
            try {
                load("throws.js")();
            } catch (err) {
                return (err as Error).stack!.split("\n")[1];
            }
            throw new Error("throws.js did not throw");
        };
        const byNode = where();
        expect(byNode).to.contain(`${path.join(root, "throws.js")}:1:32`);
        run();
        expect(where()).to.equal(byNode);
        expect(load("script.js")).to.equal("script");
        expect(running!.counts().compiled).to.equal(2);
    });

    it("keeps the code of each V8 version and set of V8 flags in a file of its own", () => {
        const underTheseFlags = run().file;
        expect(path.dirname(underTheseFlags)).to.equal(folder);
        expect(underTheseFlags).to.equal(file());
        v8.setFlagsFromString("--compilation-cache");
        try {
            expect(compiledCodeFile(folder)).not.to.equal(underTheseFlags);
        } finally {
            v8.setFlagsFromString("--no-compilation-cache");
        }
        expect(compiledCodeFile(folder)).to.equal(underTheseFlags);
    });

    it("leaves every module to Node under NODE_DISABLE_COMPILE_CACHE, Node 22's switch for its own code cache", () => {
        run();
        load("main.js");
        running!.save();
        process.env.NODE_DISABLE_COMPILE_CACHE = "1";
        try {
            const off = run();
            expect(load("main.js").doubled).to.equal(42);
            expect(off.counts()).to.deep.equal({ reused: 0, compiled: 0 });
        } finally {
            delete process.env.NODE_DISABLE_COMPILE_CACHE;
        }
    });

    it("puts Node's own compiler back when stopped", () => {
        run().stop();
        load("main.js");
        expect(running!.counts()).to.deep.equal({ reused: 0, compiled: 0 });
    });
});
