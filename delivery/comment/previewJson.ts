import { CommentError } from "./errors";

/** The state of a resource as `pulumi preview --json` shows it before or after a step. */
export interface PreviewState {
    urn?: string;
    type?: string;
    custom?: boolean;
    parent?: string;
    protect?: boolean;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    /** Output properties the provider always treats as secret, whatever the program passed. */
    additionalSecretOutputs?: string[];
}

/** One property's change in a step's detailedDiff, keyed by a property path such as `tags.Env` or `ingress[0].cidr`. */
export interface PropertyDiff {
    kind: "add" | "add-replace" | "delete" | "delete-replace" | "update" | "update-replace";
    /** Whether the engine compared old inputs with new inputs (true) or old outputs with new inputs (false). */
    inputDiff?: boolean;
}

export interface PreviewStep {
    op: string;
    urn: string;
    provider?: string;
    oldState?: PreviewState | null;
    newState?: PreviewState | null;
    diffReasons?: string[] | null;
    replaceReasons?: string[] | null;
    detailedDiff?: Record<string, PropertyDiff> | null;
}

/** What `pulumi preview --json` writes (the engine's PreviewDigest). */
export interface PreviewDigest {
    steps: PreviewStep[];
    /** The engine's counts by op; Berth counts from the steps instead, a replacement once rather than per step. */
    changeSummary?: Record<string, number>;
}

/** Reads one preview, refusing anything that is not in its shape with a message naming the file. */
export function parsePreview(text: string, file: string): PreviewDigest {
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch (err) {
        throw new CommentError(`${file} is not JSON (${(err as Error).message}): it should hold the output of \`pulumi preview --json\``);
    }
    if (typeof data !== "object" || data === null || !Array.isArray((data as PreviewDigest).steps)) {
        const hint =
            typeof data === "object" && data !== null && "resources" in data ? " (it looks like a Berth plan: use --base/--head)" : "";
        throw new CommentError(`${file} has no "steps" list: it is not the output of \`pulumi preview --json\`${hint}`);
    }
    const digest = data as PreviewDigest;
    digest.steps.forEach((step, index) => {
        if (typeof step !== "object" || step === null || typeof step.op !== "string" || typeof step.urn !== "string") {
            throw new CommentError(`${file}: steps[${index}] has no op or urn`);
        }
    });
    return digest;
}
