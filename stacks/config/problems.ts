import type { core } from "zod";

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

function describeBound(issue: core.$ZodIssueTooBig | core.$ZodIssueTooSmall, relation: ">=" | "<="): string {
    const bound = "minimum" in issue ? issue.minimum : issue.maximum;
    const exclusive = issue.inclusive === false;
    switch (issue.origin) {
        case "array":
        case "set":
            return `must have ${relation === ">=" ? "at least" : "at most"} ${String(bound)} item(s) (got ${Array.isArray(issue.input) ? issue.input.length : shown(issue.input)})`;
        case "string":
            return `must be ${relation === ">=" ? "at least" : "at most"} ${String(bound)} characters (got ${shown(issue.input)})`;
        default:
            return `must be ${exclusive ? relation[0] : relation} ${String(bound)} (got ${shown(issue.input)})`;
    }
}

/** One zod issue as a line a person can act on: key path, what is wrong, the value received. */
export function describeIssue(issue: core.$ZodIssue): string[] {
    const at = keyPath(issue.path);
    switch (issue.code) {
        case "invalid_type":
            return [
                issue.input === undefined
                    ? `${at}: is required`
                    : `${at}: ${issue.message.startsWith("Invalid input") ? `must be ${issue.expected === "object" ? "a map" : `a ${issue.expected}`}` : issue.message} (got ${shown(issue.input)})`,
            ];
        case "unrecognized_keys":
            return issue.keys.map((key) => `${keyPath([...issue.path, key])}: unknown key`);
        case "invalid_value":
            return [`${at}: must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")} (got ${shown(issue.input)})`];
        case "too_small":
        case "too_big":
            // A schema's own wording wins over the generic bound.
            return issue.message.startsWith("Too ")
                ? [`${at}: ${describeBound(issue, issue.code === "too_small" ? ">=" : "<=")}`]
                : [`${at}: ${issue.message} (got ${shown(issue.input)})`];
        case "invalid_key":
            return [`${at}: ${issue.issues[0]?.message ?? issue.message} (got ${shown(issue.input)})`];
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
