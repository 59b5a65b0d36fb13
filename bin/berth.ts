import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { BERTH_ROOT, CACHE_FOLDER } from "../delivery/berthFolders";
import { PlanError } from "../delivery/errors";
import { COMMENT_USAGE, helpFor, PLAN_USAGE, USAGE } from "./usage";

const OPTIONS = {
    json: { type: "string" },
    dir: { type: "string" },
    tree: { type: "boolean" },
    "stack-outputs": { type: "string", multiple: true },
    stack: { type: "string", multiple: true },
    out: { type: "string" },
    file: { type: "string" },
    base: { type: "string", multiple: true },
    head: { type: "string", multiple: true },
    help: { type: "boolean", short: "h" },
    version: { type: "boolean" },
} as const;

/** What a value-taking option expects, for the message when it is missing. */
const VALUE_NAMES: Record<string, string> = {
    json: 'a file name (or "-" for stdout)',
    dir: "a directory",
    "stack-outputs": "<stack>=<file>",
    stack: "<stack>=<file>",
    out: "a file name",
    file: "a file name",
    base: "a plan document",
    head: "a plan document",
};

/** Options that only `berth comment` reads. */
const COMMENT_OPTIONS = ["stack", "out", "file", "base", "head"] as const;

/** Whether this is the build (dist/bin/berth.js) rather than the source run through ts-node (bin/berth.ts). */
const BUILT = path.extname(__filename) === ".js";

/**
 * The build folder, when built. The repository's own program is built into it too, and is what the CLI plans for the
 * repository's stacks (from source: index.ts; other projects, `--dir`: their own index.ts). Its files carry source
 * maps back to the TypeScript.
 */
const BUILD_DIR = path.join(__dirname, "..");

/** Where the CLI writes and whose directory it runs in; tests pass their own. */
export interface CliContext {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    env: NodeJS.ProcessEnv;
    cwd: string;
    /** The CLI is the `berth` command, alone in its process, which it may then tune for planning. @default false */
    ownsProcess?: boolean;
}

const processContext = (): CliContext => ({
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    ownsProcess: true,
});

/** A mistake in the command line: one line for the user, then the usage of the command it concerns. */
class UsageError extends Error {
    constructor(
        message: string,
        readonly usage: string,
    ) {
        super(message);
    }
}

/** Runs the CLI and returns its exit code. */
export async function main(argv: string[], context: CliContext = processContext()): Promise<number> {
    try {
        return await run(argv, context);
    } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        context.stderr(`error: ${err.message}\n\n${err.usage}`);
        return 2;
    }
}

async function run(argv: string[], context: CliContext): Promise<number> {
    // The portal's commands take options of their own (--role, --name): bin/portal.ts parses them.
    if (argv[0] === "portal") return (await import("./portal")).portal(argv.slice(1), context);
    const { values, positionals } = parseCommandLine(argv);
    const [command, ...rest] = positionals;
    if (values.version) {
        context.stdout(`berth ${readVersion()}\n`);
        return 0;
    }
    if (values.help) {
        context.stdout(helpFor(command) ?? USAGE);
        return 0;
    }
    if (command === "help") {
        if (rest.length > 1) throw new UsageError(`unexpected arguments: ${rest.slice(1).join(" ")}`, USAGE);
        const topic = rest[0] ?? "help";
        const help = helpFor(topic);
        if (help === undefined) throw new UsageError(`no command "${topic}"`, USAGE);
        context.stdout(help);
        return 0;
    }
    if (command === undefined) throw new UsageError("no command given", USAGE);
    if (command === "comment") return comment(rest, values, context);
    if (command !== "plan" && command !== "cost" && command !== "check") throw new UsageError(`unknown command "${command}"`, USAGE);

    const usage = helpFor(command)!;
    for (const option of COMMENT_OPTIONS) {
        if (values[option] !== undefined) throw new UsageError(`--${option} belongs to berth comment: see \`berth help comment\``, usage);
    }
    const [stack, ...extra] = rest;
    if (!stack) throw new UsageError(`${command} needs a stack name, e.g. \`berth ${command} dev\``, usage);
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(" ")}`, usage);
    if (command !== "plan" && values.tree) throw new UsageError("--tree draws the plan's resources: use it with berth plan", usage);
    if (values.tree && values.json === "-") {
        throw new UsageError("--tree draws text, and --json - writes only the JSON: give --json a file to have both", PLAN_USAGE);
    }
    const base = callerDirectory(context.env, context.cwd);
    const stackOutputs = (values["stack-outputs"] ?? []).map((option) => {
        const separator = option.indexOf("=");
        if (separator <= 0 || separator === option.length - 1) {
            throw new UsageError(
                `--stack-outputs takes <stack>=<file>, such as organization/platform/dev=platform-dev.json (got ${option})`,
                usage,
            );
        }
        return { stack: option.slice(0, separator), file: path.resolve(base, option.slice(separator + 1)) };
    });
    return plan(context, {
        stackOutputs,
        stack,
        dir: values.dir === undefined ? BERTH_ROOT : path.resolve(base, values.dir),
        json: values.json === undefined || values.json === "-" ? values.json : path.resolve(base, values.json),
        tree: values.tree ?? false,
        report: command,
    });
}

interface ParsedLine {
    values: {
        json?: string;
        dir?: string;
        tree?: boolean;
        "stack-outputs"?: string[];
        stack?: string[];
        out?: string;
        file?: string;
        base?: string[];
        head?: string[];
        help?: boolean;
        version?: boolean;
    };
    positionals: string[];
}

/** `berth comment render` reads the previews and writes the comment; `post` puts it on the pull request. Neither loads the Pulumi SDK. */
async function comment(args: string[], values: ParsedLine["values"], context: CliContext): Promise<number> {
    const [action, ...extra] = args;
    if (action !== "render" && action !== "post") {
        throw new UsageError(
            action === undefined ? "comment needs an action: render or post" : `unknown comment action "${action}"`,
            COMMENT_USAGE,
        );
    }
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(" ")}`, COMMENT_USAGE);
    const foreign =
        action === "render"
            ? (["json", "dir", "tree", "stack-outputs", "file"] as const)
            : (["json", "dir", "tree", "stack-outputs", "stack", "out", "base", "head"] as const);
    for (const option of foreign) {
        if (values[option] !== undefined) throw new UsageError(`--${option} is not an option of berth comment ${action}`, COMMENT_USAGE);
    }
    const base = callerDirectory(context.env, context.cwd);
    if (action === "post") {
        if (values.file === undefined)
            throw new UsageError("comment post needs --file <comment.md>, the comment berth comment render wrote", COMMENT_USAGE);
        return postComment(path.resolve(base, values.file), context);
    }
    if (values.base !== undefined || values.head !== undefined) {
        if (values.stack !== undefined)
            throw new UsageError("give either --stack (previews) or --base and --head (offline plans), not both", COMMENT_USAGE);
        const bases = (values.base ?? []).map((file) => path.resolve(base, file));
        const heads = (values.head ?? []).map((file) => path.resolve(base, file));
        if (bases.length !== heads.length) {
            throw new UsageError(
                `--base and --head come in pairs, one per stack (got ${bases.length} --base, ${heads.length} --head)`,
                COMMENT_USAGE,
            );
        }
        const { renderPlanDiffs } = await import("../delivery/comment/renderPlans");
        return writeComment(
            () => renderPlanDiffs(bases, heads),
            values.out === undefined ? undefined : path.resolve(base, values.out),
            context,
        );
    }
    const previews = (values.stack ?? []).map((option) => {
        const separator = option.indexOf("=");
        if (separator <= 0 || separator === option.length - 1) {
            throw new UsageError(`--stack takes <stack>=<file>, such as dev=preview-dev.json (got ${option})`, COMMENT_USAGE);
        }
        return { stack: option.slice(0, separator), file: path.resolve(base, option.slice(separator + 1)) };
    });
    if (previews.length === 0) {
        throw new UsageError("comment render needs --stack <stack>=<preview.json> (or --base and --head plans)", COMMENT_USAGE);
    }
    const repeated = previews.find((preview, index) => previews.findIndex((other) => other.stack === preview.stack) !== index);
    if (repeated) throw new UsageError(`--stack ${repeated.stack} is given twice`, COMMENT_USAGE);

    const { renderPreviews } = await import("../delivery/comment/renderPreviews");
    return writeComment(() => renderPreviews(previews), values.out === undefined ? undefined : path.resolve(base, values.out), context);
}

/** Renders the comment and writes it to `out` (absolute), or to stdout when there is none. */
async function writeComment(render: () => string, out: string | undefined, context: CliContext): Promise<number> {
    const { CommentError } = await import("../delivery/comment/errors");
    let text;
    try {
        text = render();
    } catch (err) {
        if (!(err instanceof CommentError)) throw err;
        context.stderr(`error: ${err.message}\n`);
        return 2;
    }
    if (out === undefined) {
        context.stdout(text);
        return 0;
    }
    try {
        fs.writeFileSync(out, text);
    } catch (err) {
        context.stderr(`error: cannot write the comment to ${out}: ${describeFsError(err)}\n`);
        return 2;
    }
    context.stderr(`Wrote ${out} (${text.length.toLocaleString("en-US")} characters)\n`);
    return 0;
}

async function postComment(file: string, context: CliContext): Promise<number> {
    const { CommentError } = await import("../delivery/comment/errors");
    const { readInput } = await import("../delivery/comment/readInput");
    const { readGitHubTarget } = await import("../delivery/comment/githubEnvironment");
    const { upsertComment } = await import("../delivery/comment/post");
    let body;
    let target;
    try {
        body = readInput(file, "the comment");
        target = readGitHubTarget(context.env);
    } catch (err) {
        if (!(err instanceof CommentError)) throw err;
        context.stderr(`error: ${err.message}\n`);
        return 2;
    }
    try {
        const result = await upsertComment(target, body);
        context.stdout(`${result.action === "updated" ? "Updated" : "Created"} the preview comment: ${result.url}\n`);
        return 0;
    } catch (err) {
        if (err instanceof CommentError) {
            context.stderr(`error: ${err.message}\n`);
            return 2;
        }
        const status = (err as { status?: number }).status;
        if (status === undefined) throw err;
        context.stderr(
            `error: GitHub refused the comment on ${target.owner}/${target.repo}#${target.pullNumber} (HTTP ${status}): ${(err as Error).message}\n`,
        );
        return 1;
    }
}

/**
 * The command line, checked with Berth's own messages: parseArgs' strict mode words its errors for the
 * programmer ("To specify a positional argument starting with a '-', ..."), not for someone typing `berth`.
 */
function parseCommandLine(argv: string[]): ParsedLine {
    // `npm run plan -- dev -- --json x` passes the second "--" through; no berth argument starts with a dash.
    const args = argv.filter((arg) => arg !== "--");
    const { tokens } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
    const values: Record<string, string | boolean | string[]> = {};
    const positionals: string[] = [];
    const command = tokens.find((token) => token.kind === "positional");
    const usage = helpFor(command?.value) ?? USAGE;
    for (const token of tokens) {
        if (token.kind === "positional") {
            positionals.push(token.value);
            continue;
        }
        if (token.kind !== "option") continue;
        if (!Object.hasOwn(OPTIONS, token.name)) throw new UsageError(`unknown option ${token.rawName}`, usage);
        const option = OPTIONS[token.name as keyof typeof OPTIONS];
        const repeatable = "multiple" in option && option.multiple;
        if (Object.hasOwn(values, token.name) && !repeatable) throw new UsageError(`${token.rawName} is given twice`, usage);
        if (option.type === "boolean") {
            if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`, usage);
            values[token.name] = true;
            continue;
        }
        // parseArgs hands a string option the next argument even when that is another option (`--json --tree`).
        const value = token.value;
        if (value === undefined || value === "" || (!token.inlineValue && value.startsWith("-") && value !== "-")) {
            throw new UsageError(`${token.rawName} needs ${VALUE_NAMES[token.name]}`, usage);
        }
        values[token.name] = repeatable ? [...((values[token.name] as string[] | undefined) ?? []), value] : value;
    }
    return { values: values as ParsedLine["values"], positionals };
}

/**
 * The directory the user ran the command in. npm runs scripts from the package root and records the caller's
 * directory in INIT_CWD; every process an npm script starts inherits INIT_CWD, so it only counts while the
 * command still runs where npm put it.
 */
export function callerDirectory(env: NodeJS.ProcessEnv, cwd: string): string {
    if (!env.INIT_CWD) return cwd;
    const npmRoot = env.npm_package_json ? path.dirname(env.npm_package_json) : undefined;
    return npmRoot === undefined || path.resolve(npmRoot) === path.resolve(cwd) ? env.INIT_CWD : cwd;
}

function readVersion(): string {
    return JSON.parse(fs.readFileSync(path.join(BERTH_ROOT, "package.json"), "utf8")).version;
}

interface PlanCommand {
    stack: string;
    /** Absolute. */
    dir: string;
    /** An absolute path, "-" for stdout, or undefined for no JSON. */
    json: string | undefined;
    tree: boolean;
    /** Files holding the outputs of stacks the program references, absolute. */
    stackOutputs: { stack: string; file: string }[];
    /** What to print: the reviewer's plan, the cost estimate and budget check, or the policy check. */
    report: "plan" | "cost" | "check";
}

async function plan(context: CliContext, command: PlanCommand): Promise<number> {
    const { json } = command;
    // Checked before planning: a typo in the path should not cost a whole plan first.
    const refusal = json === undefined || json === "-" ? undefined : unwritable(json);
    if (refusal) return cannotWrite(context, json!, refusal);
    // Only a process that plans and exits tunes V8 for it; --help should not load the module. Its flags are all set
    // before any module runs from kept code: V8 refuses code that was compiled under other flags.
    const shortRun = context.ownsProcess ? await import("../delivery/shortRun") : undefined;
    shortRun?.optimiseOnlyLongRunningCode();
    shortRun?.stopYoungGenerationGrowth();
    const compiledCode = context.ownsProcess ? await reuseCompiledCode() : undefined;
    const resolutions = context.ownsProcess && BUILT ? await rememberWhereModulesAre() : undefined;
    const { readStackOutputs } = await import("../delivery/stackReferences");
    const stackReferences: Record<string, Record<string, unknown>> = {};
    try {
        for (const { stack, file } of command.stackOutputs) stackReferences[stack] = readStackOutputs(file);
    } catch (err) {
        if (!(err instanceof PlanError)) throw err;
        context.stderr(`error: ${err.message}\n`);
        return err.exitCode;
    }

    // Loaded here, not at the top: the Pulumi SDK takes a while to load and --help should not wait for it. The process
    // is set up for planning before anything loads the SDK (see delivery/pulumiInternals.ts).
    if (context.ownsProcess) (await import("../delivery/pulumiInternals")).setUpForPlanning();
    const { planStack } = await import("../delivery/plan");
    const { renderPlanParts } = await import("../delivery/render");
    let doc;
    try {
        doc = await planStack({
            stack: command.stack,
            dir: command.dir,
            program: BUILT && command.dir === BERTH_ROOT ? path.join(BUILD_DIR, "index.js") : undefined,
            stackReferences,
        });
    } catch (err) {
        if (!(err instanceof PlanError)) throw err;
        context.stderr(`error: ${err.message}\n${err.problems.map((p) => `  ${p}\n`).join("")}`);
        // A failing program is a bug to find: its stack trace helps. A config mistake is not, and never shows one.
        if (err.exitCode === 1 && err.cause instanceof Error && err.cause.stack) {
            const { sourceMappedStack } = await import("./sourceMappedStack");
            context.stderr(`\n${BUILT ? sourceMappedStack(err.cause.stack, BUILD_DIR) : err.cause.stack}\n`);
        }
        return err.exitCode;
    }
    resolutions?.save();
    compiledCode?.save();

    if (command.report === "check" && doc.violations === undefined) {
        context.stderr(
            `error: stack "${command.stack}" is not a Berth environment (no platform:environment, and its name is neither dev nor prod): there are no policy settings to check it against\n`,
        );
        return 2;
    }
    const text = renderPlanParts(doc, { tree: command.tree });
    const document = JSON.stringify(doc, null, 2) + "\n";
    const cost = command.report === "cost" ? (await import("../delivery/cost/render")).renderCost(doc) : undefined;
    const check = command.report === "check" ? (await import("../delivery/policies/render")).renderCheck(doc) : undefined;
    const exitCode = (cost && !cost.withinBudget) || (check && !check.passed) ? 1 : 0;
    if (json === "-") {
        context.stderr(text.warnings.trimStart());
        context.stdout(document);
        if (cost) context.stderr(cost.failure);
        if (check) context.stderr(check.warnings + check.failure);
        return exitCode;
    }
    if (cost) {
        context.stdout(cost.body);
        context.stderr(text.warnings);
        context.stderr(cost.failure);
    } else if (check) {
        context.stdout(check.body);
        context.stderr(text.warnings);
        context.stderr(check.warnings + check.failure);
    } else {
        context.stdout(text.body);
        context.stderr(text.warnings);
        context.stdout(text.counts);
    }
    if (json !== undefined) {
        try {
            fs.writeFileSync(json, document);
        } catch (err) {
            return cannotWrite(context, json, describeFsError(err));
        }
        context.stdout(`\nWrote ${json}\n`);
    }
    return exitCode;
}

/**
 * Where Node found each module the built planner required, kept between runs (delivery/resolutionCache.ts): for the
 * build's modules and node_modules', which change only with a build (dist/sources.json) or an npm install
 * (node_modules/.package-lock.json; without it, nothing is kept). A `--dir` project's own modules are always looked
 * up afresh.
 */
async function rememberWhereModulesAre() {
    const { fingerprintOf, rememberResolutions } = await import("../delivery/resolutionCache");
    const nodeModules = path.join(BERTH_ROOT, "node_modules");
    const fingerprint = fingerprintOf([path.join(nodeModules, ".package-lock.json"), path.join(BUILD_DIR, "sources.json")]);
    if (fingerprint === undefined) return undefined;
    // As Node names modules: by their real paths, also where node_modules is a link.
    const folders = [BUILD_DIR, nodeModules].map((folder) => fs.realpathSync(folder) + path.sep);
    return rememberResolutions(path.join(CACHE_FOLDER, "resolutions.json"), folders, fingerprint);
}

/**
 * The code V8 compiled for each module a plan loaded, kept between runs (delivery/codeCache.ts) beside the other
 * caches, and used again where the module's source is unchanged.
 */
async function reuseCompiledCode() {
    const { keepCompiledCode } = await import("../delivery/codeCache");
    return keepCompiledCode(CACHE_FOLDER);
}

function cannotWrite(context: CliContext, file: string, reason: string): number {
    context.stderr(`error: cannot write the plan document to ${file}: ${reason}\n`);
    return 2;
}

/** Why `file` cannot be written, or undefined when it can. */
function unwritable(file: string): string | undefined {
    try {
        const existing = fs.statSync(file, { throwIfNoEntry: false });
        if (existing?.isDirectory()) return "it is a directory";
        if (existing) {
            fs.accessSync(file, fs.constants.W_OK);
            return undefined;
        }
        const folder = path.dirname(file);
        const parent = fs.statSync(folder, { throwIfNoEntry: false });
        if (!parent) return `the directory ${folder} does not exist`;
        if (!parent.isDirectory()) return `${folder} is not a directory`;
        fs.accessSync(folder, fs.constants.W_OK);
        return undefined;
    } catch (err) {
        return describeFsError(err);
    }
}

const FS_ERRORS: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "permission denied",
    ENOTDIR: "a part of the path is not a directory",
    EROFS: "the file system is read-only",
    ENOSPC: "no space left on the device",
    EISDIR: "it is a directory",
    ENOENT: "the directory does not exist",
};

function describeFsError(err: unknown): string {
    const code = (err as NodeJS.ErrnoException).code;
    return (code && FS_ERRORS[code]) ?? (err instanceof Error ? err.message : String(err));
}
