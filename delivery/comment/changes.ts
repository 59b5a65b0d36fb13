/** What happens to one resource, as the comment reports it: each engine op once a resource's steps are merged. */
export type ChangeOp = "create" | "update" | "replace" | "delete" | "import" | "read" | "refresh" | "discard" | "same";

/** One property's change, values already masked and formatted for display. */
export interface PropertyChange {
    path: string;
    kind: "add" | "delete" | "update";
    /** This property forces the resource's replacement. */
    replaces: boolean;
    /** Undefined for an added property. */
    before?: string;
    /** Undefined for a deleted property. */
    after?: string;
}

export interface ResourceChange {
    urn: string;
    type: string;
    name: string;
    op: ChangeOp;
    /** The name of the Berth cluster the resource belongs to, when it belongs to one. */
    cluster?: string;
    /** The innermost Berth component holding the resource, e.g. `dev-main-ingress (berth:ingress:Ingress)`. */
    component?: string;
    /** Marked `protect` before or after the change. */
    protect: boolean;
    properties: PropertyChange[];
    /** Property changes the engine reported without detail (detailedDiff null): their names only. */
    changedWithoutDetail: string[];
    replaceReasons: string[];
}

/** One stack's changes, from a real preview or from two offline plans. */
export interface StackChanges {
    stack: string;
    source: "preview" | "offline plan";
    /** Every changed resource (no "same"), in the order the engine reported them. */
    resources: ResourceChange[];
    /** Resources by op, "same" included. */
    counts: Record<ChangeOp, number>;
    /** The change in the monthly cost estimate in USD, when known (offline plans). */
    costDelta?: { before: number; after: number };
    /** Policy findings that block (mandatory) or warn (advisory); undefined when the source cannot know them. */
    policy?: { mandatory: string[]; advisory: string[] };
}

export function emptyCounts(): Record<ChangeOp, number> {
    return { create: 0, update: 0, replace: 0, delete: 0, import: 0, read: 0, refresh: 0, discard: 0, same: 0 };
}
