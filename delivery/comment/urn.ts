/** The parts of a Pulumi URN: `urn:pulumi:<stack>::<project>::<parent types joined by $>$<type>::<name>`. */
export interface UrnParts {
    stack: string;
    project: string;
    type: string;
    /** The types of the resource's ancestors, outermost first. */
    parentTypes: string[];
    name: string;
}

export function parseUrn(urn: string): UrnParts {
    const parts = urn.split("::");
    const stack = parts[0]?.replace(/^urn:pulumi:/, "") ?? "";
    const project = parts[1] ?? "";
    const types = (parts[2] ?? "").split("$");
    // A name may itself contain "::", so everything after the type is the name.
    const name = parts.slice(3).join("::");
    return { stack, project, type: types[types.length - 1], parentTypes: types.slice(0, -1), name };
}
