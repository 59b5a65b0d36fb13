import { buildOrder } from "./buildOrder";
import { codeUnitOrder } from "./codeUnitOrder";
import type { PlanDocument } from "./plan";
import {
    AddonReview,
    ApplicationReview,
    ClusterReview,
    IngressReview,
    NodePoolReview,
    PeeringReview,
    RegistryReview,
    reviewPlan,
    Scalar,
} from "./review";

export interface RenderOptions {
    /** Draw the full resource tree, in build order, instead of the reviewer's summary. @default false */
    tree?: boolean;
}

/** A plan as text, in three parts so that the CLI can send warnings to stderr and the rest to stdout. */
export interface PlanText {
    /** The header, then the reviewer's summary (or the resource tree). */
    body: string;
    /** Empty when the program logged no warning. */
    warnings: string;
    /** Resources by type and by cluster. */
    counts: string;
}

/** Width of the label column in a cluster's summary. */
const LABEL = 16;

/** A plan as one text: the reviewer's summary (or the tree), then warnings, then counts. */
export function renderPlan(plan: PlanDocument, options: RenderOptions = {}): string {
    const text = renderPlanParts(plan, options);
    return text.body + text.warnings + text.counts;
}

export function renderPlanParts(plan: PlanDocument, options: RenderOptions = {}): PlanText {
    const review = reviewPlan(plan);
    const warningCount = plan.warnings.length === 0 ? "no warnings" : plural(plan.warnings.length, "warning");
    const header = `Plan for ${plan.project}/${plan.stack}: ${plural(plan.summary.resources, "resource")}, ${plural(review.clusters.length, "cluster")}, ${warningCount}`;
    const body = options.tree
        ? [
              header,
              "",
              ...buildOrder(plan.resources).map(
                  ({ resource: r, depth }) => `${"  ".repeat(depth + 1)}${r.type} ${r.name}${r.protect ? " (protected)" : ""}`,
              ),
          ]
        : [
              header,
              ...review.clusters.flatMap((c) => ["", ...clusterLines(c)]),
              "",
              ...environmentLines(review.registries, review.peerings),
          ];
    const warnings = plan.warnings.map((w) => `  ${w.severity}: ${w.message}${w.urn ? ` (${w.urn.split("::").pop()})` : ""}`);
    return {
        body: body.join("\n") + "\n",
        warnings: warnings.length > 0 ? ["", `Warnings (${warnings.length}):`, ...warnings].join("\n") + "\n" : "",
        counts: ["", "By type:", ...counts(review.counts.byType), "", "By cluster:", ...counts(review.counts.byCluster)].join("\n") + "\n",
    };
}

function clusterLines(c: ClusterReview): string[] {
    const zones = c.network.zones.length > 0 ? c.network.zones.join(", ") : "not set";
    return [
        `Cluster ${c.name}`,
        row("region", show(c.region)),
        row("Kubernetes", show(c.kubernetesVersion)),
        row(
            "network",
            `VPC ${show(c.network.vpcCidr)}; zones ${zones}; ${plural(c.network.subnets, "subnet")}, ${plural(c.network.natGateways, "NAT gateway")}`,
        ),
        row("endpoint", endpoint(c.endpoint)),
        ...(c.ingress ? [row("ingress", ingress(c.ingress))] : []),
        ...(c.nodePools.length > 0 ? [`  node pools:`, ...table(poolColumns(c.nodePools), c.nodePools)] : [row("node pools", "none")]),
        ...(c.addons.length > 0 ? [`  add-ons:`, ...table(ADDON_COLUMNS, c.addons)] : [row("add-ons", "none")]),
        ...(c.applications.length > 0 ? [`  applications:`, ...c.applications.flatMap(applicationLines)] : []),
    ];
}

function applicationLines(a: ApplicationReview): string[] {
    return [
        `    ${a.name}  ${show(a.image)}${a.hosts.length > 0 ? ` at ${a.hosts.join(", ")}` : ""}`,
        `      writes ${a.kinds.join(", ")}`,
    ];
}

function ingress(i: IngressReview): string {
    const tls =
        i.tls.terminatesAt === "NLB"
            ? `TLS at the NLB (${show(i.tls.source)})`
            : i.tls.terminatesAt === "gateway"
              ? `TLS at the gateway (Secret ${show(i.tls.source)})`
              : "no TLS (plain HTTP)";
    return `${show(i.scheme)} NLB for ${i.domains.join(", ") || "no domain"}; ${tls}; mTLS ${show(i.mtls)}`;
}

function endpoint(e: ClusterReview["endpoint"]): string {
    const privately = `private ${show(e.privateAccess)}`;
    if (e.publicAccess !== true) return `${privately}; public ${show(e.publicAccess)}`;
    const from =
        e.publicAccessCidrs === undefined
            ? "anywhere (0.0.0.0/0, the EKS default)"
            : e.publicAccessCidrs.includes("0.0.0.0/0")
              ? "anywhere (0.0.0.0/0)"
              : e.publicAccessCidrs.join(", ") || "nowhere (no CIDR)";
    return `${privately}; public on, from ${from}`;
}

interface Column<T> {
    title: string;
    cell: (row: T) => string;
}

function poolColumns(pools: NodePoolReview[]): Column<NodePoolReview>[] {
    // AMI and version columns only when some pool sets them: a pool without them runs EKS's defaults for its cluster.
    const someSet = (pick: (p: NodePoolReview) => Scalar | undefined) => pools.some((p) => pick(p) !== undefined);
    return [
        { title: "name", cell: (p) => p.name },
        { title: "capacity", cell: (p) => show(p.capacityType) },
        {
            title: "min-max",
            cell: (p) => (p.minSize === undefined && p.maxSize === undefined ? "not set" : `${show(p.minSize)}-${show(p.maxSize)}`),
        },
        { title: "desired", cell: (p) => show(p.desiredSize) },
        ...(someSet((p) => p.kubernetesVersion)
            ? [
                  {
                      title: "version",
                      cell: (p: NodePoolReview) => (p.kubernetesVersion === undefined ? "as cluster" : show(p.kubernetesVersion)),
                  },
              ]
            : []),
        ...(someSet((p) => p.amiType) ? [{ title: "AMI", cell: (p: NodePoolReview) => show(p.amiType) }] : []),
        { title: "instance types", cell: (p) => (p.instanceTypes.length > 0 ? p.instanceTypes.join(", ") : "not set") },
    ];
}

const ADDON_COLUMNS: Column<AddonReview>[] = [
    { title: "name", cell: (a) => a.name },
    // Without a version Helm installs the chart's latest, and EKS the add-on's default for the cluster's Kubernetes version.
    { title: "version", cell: (a) => (a.version !== undefined ? show(a.version) : a.source === "helm" ? "not pinned" : "EKS default") },
    {
        title: "from",
        cell: (a) =>
            a.source === "eks"
                ? "EKS add-on"
                : `Helm chart ${show(a.chart)}${a.repository === undefined ? "" : ` from ${show(a.repository)}`}`,
    },
];

function environmentLines(registries: RegistryReview[], peerings: PeeringReview[]): string[] {
    const lines = ["Environment"];
    if (registries.length === 0) lines.push(row("registry", "none"));
    for (const r of registries) {
        const mutability = [...new Set(r.repositories.map((repo) => show(repo.tagMutability)))].join(", ");
        const caches = r.pullThroughCaches.map(
            (c) => `${show(c.prefix)} <- ${show(c.upstream)}${c.regions.length > 0 ? ` (${c.regions.join(", ")})` : ""}`,
        );
        lines.push(
            row("registry", `${r.name} in ${show(r.region)}`),
            row(
                "repositories",
                r.repositories.length > 0 ? `${r.repositories.map((repo) => repo.name).join(", ")} (tags ${mutability})` : "none",
            ),
            row("replicated to", r.replicatedTo.join(", ") || "none"),
            row("pull-through", caches.join(", ") || "none"),
            row("scanning", show(r.scanType)),
        );
    }
    if (peerings.length === 0) lines.push(row("peering", "none"));
    for (const p of peerings) {
        const side = (s: PeeringReview["sides"][number]) => `${s.cluster ?? `VPC ${show(s.vpc)}`} (${show(s.region)}, ${show(s.cidr)})`;
        lines.push(row("peering", p.sides.map(side).join(" <-> ")));
    }
    return lines;
}

/** One labelled line of a summary, the values aligned. */
function row(label: string, value: string): string {
    return `  ${label.padEnd(LABEL)}${value}`;
}

/** Rows under a header line, each column as wide as its widest cell. */
function table<T>(columns: Column<T>[], rows: T[]): string[] {
    const cells = [columns.map((c) => c.title), ...rows.map((r) => columns.map((c) => c.cell(r)))];
    const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i].length)));
    return cells.map((line) => `    ${line.map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ")}`);
}

/** A value as a reviewer reads it: on/off for switches, "not set" for what the program left out. */
function show(value: Scalar | undefined): string {
    if (value === undefined) return "not set";
    if (typeof value === "boolean") return value ? "on" : "off";
    return String(value);
}

function plural(n: number, noun: string): string {
    return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Right-aligned counts, largest first, then by name. */
function counts(table: Record<string, number>): string[] {
    const rows = Object.entries(table).sort(([a, x], [b, y]) => y - x || codeUnitOrder(a, b));
    const width = String(Math.max(0, ...rows.map(([, n]) => n))).length;
    return rows.map(([label, n]) => `  ${String(n).padStart(width)}  ${label}`);
}
