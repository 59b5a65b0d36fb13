import * as fs from "fs";
import { PlanError } from "./errors";
import { SECRET_PLACEHOLDER } from "./stackConfig";

/**
 * The outputs of other stacks, keyed by the name a program's `pulumi.StackReference` gives them
 * ("organization/platform/dev"). Offline there is no backend to read them from: the planner hands these to the
 * program instead, typically the `outputs` of the referenced stack's own plan document.
 */
export type StackReferences = Record<string, Record<string, unknown>>;

/** What the engine returns for a StackReference: the stack's outputs, and the names of those that hold a secret. */
export interface StackReferenceState {
    name: string;
    outputs: Record<string, unknown>;
    secretOutputNames: string[];
}

function holdsSecret(value: unknown): boolean {
    if (value === SECRET_PLACEHOLDER) return true;
    if (Array.isArray(value)) return value.some(holdsSecret);
    return typeof value === "object" && value !== null && Object.values(value).some(holdsSecret);
}

/**
 * The state of a StackReference to `name`. A plan shows secrets as "[secret]": an output holding one stays a secret
 * in the program that reads it, as it would be read from a real backend.
 */
export function stackReferenceState(name: string, references: StackReferences): StackReferenceState {
    if (!Object.hasOwn(references, name)) {
        const known = Object.keys(references);
        throw new PlanError(
            `The program reads the outputs of stack "${name}", which the planner was not given: plan that stack with --json <file>, then pass --stack-outputs ${name}=<file> (planStack: stackReferences)${known.length > 0 ? ` (given: ${known.join(", ")})` : ""}`,
            2,
        );
    }
    const outputs = references[name];
    return { name, outputs, secretOutputNames: Object.keys(outputs).filter((key) => holdsSecret(outputs[key])) };
}

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A stack's outputs from a JSON file: a plan document (`berth plan <stack> --json <file>`), whose `outputs` they are,
 * or the map `pulumi stack output --json` prints.
 */
export function readStackOutputs(file: string): Record<string, unknown> {
    let document: unknown;
    try {
        document = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : err instanceof Error ? err.message : String(err);
        throw new PlanError(`cannot read stack outputs from ${file}: ${reason}`, 2);
    }
    if (!isMap(document)) throw new PlanError(`${file}: must hold a plan document or a map of stack outputs`, 2);
    const isPlan = document.version === 1 && Array.isArray(document.resources) && isMap(document.outputs);
    return isPlan ? (document.outputs as Record<string, unknown>) : document;
}
