import type { ChangeOp, StackChanges } from "../comment/changes";

const SHOWN: [ChangeOp, string][] = [
    ["create", "to create"],
    ["update", "to update"],
    ["replace", "to replace"],
    ["delete", "to delete"],
    ["same", "unchanged"],
];

/** The log's last word on a diff: "14 to create, 1 to update, 120 unchanged", or "no changes". */
export function summaryLine(changes: StackChanges): string {
    const parts = SHOWN.filter(([op]) => changes.counts[op] > 0).map(([op, label]) => `${changes.counts[op]} ${label}`);
    const changed = changes.resources.length > 0;
    return `${changed ? "Changes" : "No changes"}${parts.length > 0 ? `: ${parts.join(", ")}` : ""}`;
}
