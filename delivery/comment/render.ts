import type { ChangeOp, ResourceChange, StackChanges } from "./changes";
import { Danger, findDangers } from "./danger";
import { GITHUB_COMMENT_LIMIT } from "./limit";
import { COMMENT_MARKER } from "./marker";
import { code, plain, plural } from "./markdown";

export interface RenderOptions {
    /** The most characters the comment may have. @default GITHUB_COMMENT_LIMIT */
    limit?: number;
}

const OP_LABELS: Record<ChangeOp, string> = {
    create: "🟢 create",
    update: "🟡 update",
    replace: "🔴 replace",
    delete: "🔴 delete",
    import: "🔵 import",
    read: "🔵 read",
    refresh: "🔄 refresh",
    discard: "⚪ discard",
    same: "same",
};

/** The order ops are named in a stack's one-line summary. */
const SUMMARY_OPS: ChangeOp[] = ["create", "update", "replace", "delete", "import", "read", "refresh", "discard"];

/** Room kept for the note that says what was trimmed, and for rounding in the estimate of what fits. */
const TRIM_NOTE_ROOM = 1_000;

/** One resource's lines: its header always shown, its property changes shown while they fit. */
interface Entry {
    group: string;
    header: string;
    detail: string;
}

/**
 * One Markdown comment for every stack: the headline, the summary table, the dangerous changes, then per stack a
 * collapsible list of changed resources by cluster and component with their property changes. When it would not fit
 * GitHub's limit, per-resource detail goes first, then the later resources' lines; the headline, the table and the
 * warnings are always whole, and a note says what was left out.
 */
export function renderComment(stacks: StackChanges[], options: RenderOptions = {}): string {
    const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
    const dangers = findDangers(stacks);
    const top = [COMMENT_MARKER, headline(stacks, dangers), summaryTable(stacks)].join("\n\n");
    // Only thousands of dangerous changes could fill the comment on their own: then the list, too, stops where it must.
    const head = [top, warnings(stacks, dangers, limit - top.length - TRIM_NOTE_ROOM - stacks.length * 500)].filter(Boolean).join("\n\n");
    const sections = stacks.map((stack) => ({ stack, entries: byGroup(stack.resources.map(entryOf)) }));

    const full = assemble(
        head,
        sections,
        () => true,
        () => true,
        "",
    );
    if (full.length <= limit) return full;

    // What fits, counted in characters: every resource's header first, in order, then details in order.
    let room = limit - head.length - TRIM_NOTE_ROOM - sections.reduce((sum, { stack }) => sum + sectionFrame(stack).length, 0);
    const listed = new Set<Entry>();
    const detailed = new Set<Entry>();
    const groupsShown = new Set<string>();
    for (const { stack, entries } of sections) {
        for (const entry of entries) {
            const groupKey = `${stack.stack}\u0000${entry.group}`;
            const cost = entry.header.length + 1 + (groupsShown.has(groupKey) ? 0 : entry.group.length + 2);
            if (cost > room) break;
            room -= cost;
            groupsShown.add(groupKey);
            listed.add(entry);
        }
    }
    for (const { entries } of sections) {
        for (const entry of entries) {
            if (!listed.has(entry) || entry.detail === "") continue;
            if (entry.detail.length + 1 > room) continue;
            room -= entry.detail.length + 1;
            detailed.add(entry);
        }
    }
    const withDetail = sections.flatMap(({ entries }) => entries.filter((entry) => entry.detail !== ""));
    const trimmedDetail = withDetail.filter((entry) => !detailed.has(entry)).length;
    const unlisted = sections.reduce((sum, { entries }) => sum + entries.filter((entry) => !listed.has(entry)).length, 0);
    const note = trimNote(trimmedDetail, unlisted, limit);
    return assemble(
        head,
        sections,
        (entry) => listed.has(entry),
        (entry) => detailed.has(entry),
        note,
    );
}

function assemble(
    head: string,
    sections: { stack: StackChanges; entries: Entry[] }[],
    isListed: (entry: Entry) => boolean,
    isDetailed: (entry: Entry) => boolean,
    note: string,
): string {
    const parts = [head];
    if (note) parts.push(note);
    for (const { stack, entries } of sections) {
        const [open, close] = sectionFrame(stack).split("\u0000");
        const lines: string[] = [];
        let group: string | undefined;
        for (const entry of entries.filter(isListed)) {
            if (entry.group !== group) {
                if (group !== undefined) lines.push("");
                lines.push(entry.group, "");
                group = entry.group;
            }
            lines.push(entry.header);
            if (isDetailed(entry) && entry.detail) lines.push(entry.detail);
        }
        const missing = entries.length - entries.filter(isListed).length;
        if (missing > 0) lines.push("", `_…and ${plural(missing, "more changed resource")}, not listed to fit the comment._`);
        if (entries.length === 0) lines.push("_No resource changes._");
        parts.push(`${open}${lines.join("\n")}${close}`);
    }
    return parts.join("\n\n") + "\n";
}

/** A stack's collapsible section around its list, the list's place marked by a NUL. */
function sectionFrame(stack: StackChanges): string {
    const counts = SUMMARY_OPS.filter((op) => stack.counts[op] > 0).map((op) => `${stack.counts[op]} to ${op}`);
    const summary = counts.length > 0 ? counts.join(", ") : "no changes";
    const source = stack.source === "offline plan" ? " (offline plan)" : "";
    return `<details>\n<summary><b>${plain(stack.stack)}</b>${source}: ${plain(summary)}</summary>\n\n\u0000\n\n</details>`;
}

function headline(stacks: StackChanges[], dangers: Danger[]): string {
    const changed = stacks.reduce((sum, stack) => sum + stack.resources.length, 0);
    const offline = stacks.some((stack) => stack.source === "offline plan");
    const title = offline ? "Berth offline plan diff" : "Berth preview";
    const risk = dangers.length > 0 ? ` · ⚠️ ${plural(dangers.length, "dangerous change")}` : "";
    const lines = [`## ${title}: ${plural(stacks.length, "stack")}, ${plural(changed, "resource")} changing${risk}`];
    if (offline) {
        lines.push(
            "",
            "> [!NOTE]",
            "> **Offline plan**, not a `pulumi preview`: this pull request has no cloud credentials (a fork), so Berth planned the base and head " +
                "commits with its mock engine and compared them. Changes the cloud would add (drift, provider-computed diffs) are not shown.",
        );
    }
    return lines.join("\n");
}

function summaryTable(stacks: StackChanges[]): string {
    const rows = stacks.map((stack) => {
        const name = `${code(stack.stack)}${stack.source === "offline plan" ? " (offline plan)" : ""}`;
        const { create, update, replace, delete: deletes } = stack.counts;
        return `| ${name} | ${create} | ${update} | ${replace} | ${deletes} | ${costCell(stack)} | ${policyCell(stack)} |`;
    });
    return [
        "| Stack | Create | Update | Replace | Delete | Cost delta | Policy |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        ...rows,
    ].join("\n");
}

function costCell(stack: StackChanges): string {
    if (!stack.costDelta) return "n/a";
    const { before, after } = stack.costDelta;
    const delta = after - before;
    const sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
    return `${sign}${dollars(Math.abs(delta))}/mo (${dollars(before)} → ${dollars(after)})`;
}

function dollars(amount: number): string {
    return `$${amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function policyCell(stack: StackChanges): string {
    if (!stack.policy) return "n/a";
    const { mandatory, advisory } = stack.policy;
    if (mandatory.length === 0 && advisory.length === 0) return "✅ passes";
    const parts = [];
    if (mandatory.length > 0) parts.push(`❌ ${mandatory.length} mandatory`);
    if (advisory.length > 0) parts.push(`⚠️ ${advisory.length} advisory`);
    return parts.join(", ");
}

/**
 * Dangerous changes (production first) and blocking policy findings: trimmed only when they alone would not fit in
 * `room` characters (thousands of them), and then with the number left out.
 */
function warnings(stacks: StackChanges[], dangers: Danger[], room: number): string {
    const lines = dangers.map(({ stack, resource, reason }) => {
        const because = resource.replaceReasons.length > 0 ? ` (because of ${resource.replaceReasons.map(code).join(", ")})` : "";
        return `> - **${plain(stack)}**: ${reason}: ${code(resource.type)} ${code(resource.name)}${because}`;
    });
    const blocking = stacks.flatMap((stack) =>
        (stack.policy?.mandatory ?? []).map((finding) => `> - **${plain(stack.stack)}**: policy: ${plain(finding)}`),
    );
    if (lines.length === 0 && blocking.length === 0) return "";
    const title = `> **${plural(lines.length + blocking.length, "change needs", "changes need")} a careful look**`;
    const all = [...lines, ...blocking];
    const shown: string[] = [];
    let used = title.length + 20;
    for (const line of all) {
        if (used + line.length + 1 > room) break;
        used += line.length + 1;
        shown.push(line);
    }
    const more = all.length > shown.length ? [`> - _…and ${all.length - shown.length} more, left out to fit the comment limit_`] : [];
    return ["> [!WARNING]", title, ">", ...shown, ...more].join("\n");
}

/** Entries of one group together, groups in the order they first appear, resources in engine order within each. */
function byGroup(entries: Entry[]): Entry[] {
    const groups = new Map<string, Entry[]>();
    for (const entry of entries) groups.set(entry.group, [...(groups.get(entry.group) ?? []), entry]);
    return [...groups.values()].flat();
}

function entryOf(resource: ResourceChange): Entry {
    const protect = resource.protect ? " 🔒 protected" : "";
    const because =
        resource.op === "replace" && resource.replaceReasons.length > 0
            ? ` — replaced because of ${resource.replaceReasons.map(code).join(", ")}`
            : "";
    const header = `- ${OP_LABELS[resource.op]} ${code(resource.type)} ${code(resource.name)}${protect}${because}`;
    const detail = [
        ...resource.properties.map((property) => {
            const replaces = property.replaces ? " _(forces replacement)_" : "";
            const change =
                property.kind === "add"
                    ? `added ${code(property.after ?? "")}`
                    : property.kind === "delete"
                      ? `removed (was ${code(property.before ?? "")})`
                      : `${code(property.before ?? "")} → ${code(property.after ?? "")}`;
            return `  - ${code(property.path)}: ${change}${replaces}`;
        }),
        ...(resource.changedWithoutDetail.length > 0
            ? [`  - changed, no detail from the provider: ${resource.changedWithoutDetail.map(code).join(", ")}`]
            : []),
    ].join("\n");
    return { group: groupHeading(resource), header, detail };
}

function groupHeading(resource: ResourceChange): string {
    const cluster = resource.cluster ? `Cluster ${code(resource.cluster)}` : "Stack-wide";
    const component = resource.component && !resource.component.startsWith(`${resource.cluster} (`) ? ` · ${code(resource.component)}` : "";
    return `**${cluster}${component}**`;
}

function trimNote(trimmedDetail: number, unlisted: number, limit: number): string {
    const left = [
        trimmedDetail > 0 ? `the property changes of ${plural(trimmedDetail, "resource")}` : "",
        unlisted > 0 ? `${plural(unlisted, "resource")} not listed at all` : "",
    ].filter(Boolean);
    return (
        `> [!NOTE]\n> **Trimmed to fit GitHub's ${limit.toLocaleString("en-US")}-character comment limit:** ${left.join(" and ")} left out. ` +
        "The summary table and the warnings above are complete; the job's log and its preview artifacts have everything."
    );
}
