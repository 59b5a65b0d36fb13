import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import type * as Plan from "../../delivery/plan";
import { REPO, planOf } from "../helpers/plans";

interface BuildProject {
    root: string;
    outDir: string;
    sources: string[];
}

const { ensureBuilt }: { ensureBuilt: (project?: BuildProject) => number } = require(path.join(REPO, "bin", "build.js"));

describe("the build that `berth` runs (bin/build.js)", () => {
    describe("of Berth itself", () => {
        before(() => ensureBuilt());

        for (const stack of ["dev", "prod"] as const) {
            it(`plans the ${stack} stack byte for byte as the TypeScript sources do`, async () => {
                const built: typeof Plan = require(path.join(REPO, "dist", "delivery", "plan.js"));
                const program = path.join(REPO, "dist", "index.js");
                const fromBuild = await built.planStack({ stack, dir: REPO, program });
                expect(JSON.stringify(fromBuild, null, 2)).to.equal(JSON.stringify(await planOf(stack), null, 2));
            });
        }
    });

    describe("of a project being edited", () => {
        let root: string;
        const project = (): BuildProject => ({ root, outDir: "out", sources: ["index.ts", "lib"] });
        const write = (file: string, text: string) => {
            fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
            fs.writeFileSync(path.join(root, file), text);
        };
        /** What the built program exports, loaded afresh. */
        const run = () => {
            for (const id of Object.keys(require.cache)) if (id.startsWith(root)) delete require.cache[id];
            return require(path.join(root, "out", "index.js"));
        };

        beforeEach(() => {
            root = fs.mkdtempSync(path.join(os.tmpdir(), "berth-build-"));
            // The transpiler is found from the project, as in the repository.
            fs.symlinkSync(path.join(REPO, "node_modules"), path.join(root, "node_modules"), "dir");
            write("tsconfig.json", JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", strict: true } }));
            write("index.ts", 'import { greeting } from "./lib/greeting";\nexport const said: string = greeting("dev");\n');
            write("lib/greeting.ts", "export const greeting = (name: string): string => `hello ${name}`;\n");
        });
        afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

        it("builds every source once, then nothing until one changes", () => {
            expect(ensureBuilt(project())).to.equal(2);
            expect(run().said).to.equal("hello dev");
            expect(ensureBuilt(project())).to.equal(0);
        });

        it("writes each file's source map beside it, not into it: a run reads and parses only the code", () => {
            ensureBuilt(project());
            const code = fs.readFileSync(path.join(root, "out", "lib", "greeting.js"), "utf8");
            expect(code).not.to.contain("data:application/json");
            expect(code.trimEnd().endsWith("//# sourceMappingURL=greeting.js.map")).to.equal(true);
            const map = JSON.parse(fs.readFileSync(path.join(root, "out", "lib", "greeting.js.map"), "utf8"));
            expect(map.sources.map((source: string) => path.basename(source))).to.deep.equal(["greeting.ts"]);
        });

        it("rebuilds only the source that changed, so the next run runs the code on disk", () => {
            ensureBuilt(project());
            write("lib/greeting.ts", "export const greeting = (name: string): string => `hi ${name}`;\n");
            expect(ensureBuilt(project())).to.equal(1);
            expect(run().said).to.equal("hi dev");
        });

        it("builds a new source and removes the output of a deleted one", () => {
            ensureBuilt(project());
            write("lib/farewell.ts", "export const farewell = 'bye';\n");
            expect(ensureBuilt(project())).to.equal(1);
            expect(fs.existsSync(path.join(root, "out", "lib", "farewell.js"))).to.equal(true);
            fs.rmSync(path.join(root, "lib", "farewell.ts"));
            expect(ensureBuilt(project())).to.equal(0);
            expect(fs.existsSync(path.join(root, "out", "lib", "farewell.js"))).to.equal(false);
            expect(fs.existsSync(path.join(root, "out", "lib", "farewell.js.map"))).to.equal(false);
        });

        it("rebuilds everything when tsconfig.json changes", () => {
            ensureBuilt(project());
            write("tsconfig.json", JSON.stringify({ compilerOptions: { target: "ES2020", module: "commonjs", strict: true } }));
            expect(ensureBuilt(project())).to.equal(2);
        });
    });
});
