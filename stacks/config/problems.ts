import type { core } from "zod";
import { didYouMean } from "./suggest";

/** `["clusters", 1, "nodePools", 0, "maxSize"]` -> `platform:clusters[1].nodePools[0].maxSize` */
export function keyPath(path: readonly PropertyKey[]): string {
    let text = "platform";
    for (const [index, segment] of path.entries()) {
        if (typeof segment === "number") {
            text += `[${segment}]`;
        } else {
            text += index === 0 ? `:${String(segment)}` : `.${String(segment)}`;
        }
    }
    return text;
}

/** A received value as the user wrote it, short enough for one line. */
export function shown(value: unknown): string {
    if (value === undefined) {
        return "nothing";
    }
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** "1 item", "3 items" */
const counted = (count: number | bigint, noun: string) => `${String(count)} ${noun}${Number(count) === 1 ? "" : "s"}`;

function describeBound(issue: core.$ZodIssueTooBig | core.$ZodIssueTooSmall, relation: ">=" | "<="): string {
    const bound = "minimum" in issue ? issue.minimum : issue.maximum;
    const exclusive = issue.inclusive === false;
    const most = relation === ">=" ? "at least" : "at most";
    switch (issue.origin) {
        case "array":
        case "set":
            return `must have ${most} ${counted(bound, "item")} (got ${Array.isArray(issue.input) ? issue.input.length : shown(issue.input)})`;
        case "string":
            return `must be ${most} ${counted(bound, "character")} (got ${shown(issue.input)})`;
        default:
            return `must be ${exclusive ? relation[0] : relation} ${String(bound)} (got ${shown(issue.input)})`;
    }
}

/** What a value must be, as a person says it: "int" is a whole number, an "object" a map. */
const EXPECTED: Record<string, string> = {
    string: "text",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    array: "a list",
    object: "a map",
    record: "a map",
};

/** The keys known where an unknown key was found, so that the problem can name the nearest. */
export type KnownKeys = (path: readonly PropertyKey[]) => string[] | undefined;

function unknownKey(key: string, known: string[] | undefined): string {
    if (known === undefined) {
        return "unknown key";
    }
    const suggestion = didYouMean(key, known);
    return suggestion ? `unknown key${suggestion}` : `unknown key; the keys here are ${known.join(", ")}`;
}

/** One zod issue as a line a person can act on: key path, what is wrong, the value received. */
export function describeIssue(issue: core.$ZodIssue, knownKeys: KnownKeys = () => undefined): string[] {
    const at = keyPath(issue.path);
    switch (issue.code) {
        case "invalid_type":
            return [
                issue.input === undefined
                    ? `${at}: is required`
                    : `${at}: ${issue.message.startsWith("Invalid input") ? `must be ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}` : issue.message} (got ${shown(issue.input)})`,
            ];
        case "unrecognized_keys":
            return issue.keys.map((key) => `${keyPath([...issue.path, key])}: ${unknownKey(key, knownKeys(issue.path))}`);
        case "invalid_value":
            return [`${at}: must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")} (got ${shown(issue.input)})`];
        case "too_small":
        case "too_big":
            // A schema's own wording wins over the generic bound.
            return issue.message.startsWith("Too ")
                ? [`${at}: ${describeBound(issue, issue.code === "too_small" ? ">=" : "<=")}`]
                : [`${at}: ${issue.message} (got ${Array.isArray(issue.input) ? issue.input.length : shown(issue.input)})`];
        case "invalid_key": {
            const message = issue.issues[0]?.message ?? issue.message;
            return [`${at}: ${message}${message.includes("(got ") ? "" : ` (got ${shown(issue.input)})`}`];
        }
        case "custom":
            // A rule about a missing value has nothing received to show; it says so with params.nothingReceived.
            return [
                `${at}: ${issue.message}${issue.params?.nothingReceived || issue.message.includes("(got ") ? "" : ` (got ${shown(issue.input)})`}`,
            ];
        case "invalid_union":
            return [`${at}: ${issue.message} (got ${shown(issue.input)})`];
        default:
            return [`${at}: ${issue.message}${issue.input === undefined ? "" : ` (got ${shown(issue.input)})`}`];
    }
}
