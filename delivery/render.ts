import { Registration } from "./monitor";
import { PlanDocument } from "./plan";

/** The component type whose descendants are counted per cluster. */
const CLUSTER_TYPE = "berth:cluster:Cluster";
/** Where resources outside any cluster (providers, registries, the stack itself) are counted. */
const ENVIRONMENT = "(environment)";

/** A plan as text: the resource tree, counts by type and by cluster, then warnings. */
export function renderPlan(plan: PlanDocument): string {
    const lines = [`Plan for ${plan.project}/${plan.stack}: ${plan.summary.resources} resources`, ""];
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const children = new Map<string | null, Registration[]>();
    for (const r of plan.resources) {
        const parent = r.parent !== null && byUrn.has(r.parent) ? r.parent : null;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const walk = (parent: string | null, depth: number): void => {
        for (const r of children.get(parent) ?? []) {
            lines.push(`${"  ".repeat(depth + 1)}${r.type} ${r.name}${r.protect ? " (protected)" : ""}`);
            walk(r.urn, depth + 1);
        }
    };
    walk(null, 0);

    lines.push("", "By type:", ...counts(plan.summary.byType));
    const byCluster: Record<string, number> = {};
    for (const r of plan.resources) {
        const cluster = clusterOf(r, byUrn);
        byCluster[cluster] = (byCluster[cluster] ?? 0) + 1;
    }
    lines.push("", "By cluster:", ...counts(byCluster));

    if (plan.warnings.length > 0) {
        lines.push("", "Warnings:");
        for (const w of plan.warnings) lines.push(`  ${w.severity}: ${w.message}${w.urn ? ` (${w.urn.split("::").pop()})` : ""}`);
    }
    return lines.join("\n") + "\n";
}

/** The name of the nearest enclosing cluster component, or ENVIRONMENT. A cluster counts towards itself. */
function clusterOf(r: Registration, byUrn: Map<string, Registration>): string {
    for (let at: Registration | undefined = r; at; at = at.parent ? byUrn.get(at.parent) : undefined) {
        if (at.type === CLUSTER_TYPE) return at.name;
    }
    return ENVIRONMENT;
}

/** Right-aligned counts, largest first, then by name. */
function counts(table: Record<string, number>): string[] {
    const rows = Object.entries(table).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
    const width = String(Math.max(0, ...rows.map(([, n]) => n))).length;
    return rows.map(([label, n]) => `  ${String(n).padStart(width)}  ${label}`);
}
