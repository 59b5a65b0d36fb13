import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { REPO } from "../helpers/plans";

type Transpile = (code: string, fileName: string) => string;

const ARTIFACTS = path.join(REPO, "test-artifacts");

const { transpilerFor }: { transpilerFor: (config: string, cache: string) => Transpile } = require(path.join(REPO, "bin", "transpiled.js"));

describe("the transpiled sources kept on disk (bin/transpiled.js)", () => {
    let root: string;
    let cache: string;
    let config: string;
    const source = () => path.join(root, "greeting.ts");
    const GREETING = "export const greeting = (name: string): string => `hello ${name}`;\n";
    /** What ts-node itself makes of `code` in `fileName` with the project's tsconfig.json, nothing kept. */
    const byTsNode = (code: string, fileName = source()) =>
        require("ts-node").create({ transpileOnly: true, swc: true, project: config }).compile(code, fileName) as string;
    const entries = () => fs.readdirSync(cache).map((entry) => path.join(cache, entry));

    beforeEach(() => {
        // Inside the repository: the files of other folders are never kept.
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        root = fs.mkdtempSync(path.join(ARTIFACTS, "transpiled-"));
        cache = path.join(root, "cache");
        config = path.join(root, "tsconfig.json");
        fs.writeFileSync(config, JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", strict: true } }));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("gives what ts-node gives, and keeps one file per source", () => {
        const output = transpilerFor(config, cache)(GREETING, source());
        expect(output).to.equal(byTsNode(GREETING));
        expect(output).to.contain("hello ${name}").and.contain("sourceMappingURL=data:application/json");
        expect(entries()).to.have.lengthOf(1);
    });

    it("reads a source seen before back from the disk, in a fresh transpiler as in a fresh thread", () => {
        transpilerFor(config, cache)(GREETING, source());
        const [entry] = entries();
        // Marked, so that only a read of the kept file can give this back.
        fs.appendFileSync(entry!, "// kept\n");
        expect(transpilerFor(config, cache)(GREETING, source())).to.equal(`${byTsNode(GREETING)}// kept\n`);
    });

    it("transpiles a changed source afresh, in place of what it kept", () => {
        const transpile = transpilerFor(config, cache);
        transpile(GREETING, source());
        const changed = GREETING.replace("hello", "hi");
        expect(transpile(changed, source())).to.equal(byTsNode(changed)).and.contain("hi ");
        expect(entries()).to.have.lengthOf(1);
    });

    it("keeps nothing of a file outside the repository, and still gives what ts-node gives", () => {
        const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "berth-transpiled-"));
        try {
            const outside = path.join(scratch, "greeting.ts");
            const output = transpilerFor(config, cache)(GREETING, outside);
            expect(output).to.equal(byTsNode(GREETING, outside));
            expect(fs.existsSync(cache)).to.equal(false);
        } finally {
            fs.rmSync(scratch, { recursive: true, force: true });
        }
    });

    it("still transpiles when its folder cannot be read or written", () => {
        // A file where the folder should be: every read and write in it fails, whoever runs the test.
        fs.writeFileSync(cache, "not a folder");
        expect(transpilerFor(config, cache)(GREETING, source())).to.equal(byTsNode(GREETING));
        expect(fs.readFileSync(cache, "utf8")).to.equal("not a folder");
    });

    it("transpiles afresh when the project's tsconfig.json changes", () => {
        const code = "export class Point { x = 1; }\n";
        const modern = transpilerFor(config, cache)(code, source());
        fs.writeFileSync(config, JSON.stringify({ compilerOptions: { target: "ES2015", module: "commonjs", strict: true } }));
        const older = transpilerFor(config, cache)(code, source());
        expect(older).to.equal(byTsNode(code)).and.not.equal(modern);
    });
});
