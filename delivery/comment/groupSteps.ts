import type { ChangeOp } from "./changes";
import type { PreviewStep } from "./previewJson";

/**
 * Every op the engine emits, as what it means for the resource. A replacement is up to three steps on one URN
 * (create-replacement, replace, delete-replaced, in either order with deleteBeforeReplace): one replacement to a reviewer.
 */
const OP_MEANING: Record<string, ChangeOp> = {
    create: "create",
    update: "update",
    delete: "delete",
    replace: "replace",
    "create-replacement": "replace",
    "delete-replaced": "replace",
    read: "read",
    "read-replacement": "read",
    refresh: "refresh",
    import: "import",
    "import-replacement": "import",
    same: "same",
    discard: "discard",
    "discard-replaced": "discard",
    "remove-pending-replace": "delete",
};

/** When one URN has steps of several meanings, the one a reviewer must hear about. */
const PRECEDENCE: ChangeOp[] = ["replace", "delete", "create", "import", "update", "read", "refresh", "discard", "same"];

export interface GroupedSteps {
    urn: string;
    op: ChangeOp;
    steps: PreviewStep[];
}

/** The steps grouped by URN, in the order each URN first appears. An op this version does not know counts as an update. */
export function grouped(steps: PreviewStep[]): GroupedSteps[] {
    const byUrn = new Map<string, PreviewStep[]>();
    for (const step of steps) byUrn.set(step.urn, [...(byUrn.get(step.urn) ?? []), step]);
    return [...byUrn].map(([urn, group]) => {
        const ops = group.map((step) => OP_MEANING[step.op] ?? "update");
        return { urn, steps: group, op: PRECEDENCE.find((op) => ops.includes(op)) ?? "update" };
    });
}
