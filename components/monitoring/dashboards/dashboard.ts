/**
 * The Grafana dashboard model Berth's dashboards are written in: a title, template variables and panels of PromQL
 * queries, laid out left to right on Grafana's 24-column grid. Every query reads the default datasource, which on the
 * hub is the metrics receiver holding every cluster's series.
 */

/** The chart's default Prometheus datasource (grafana.sidecar.datasources.uid). */
const DATASOURCE = { type: "prometheus", uid: "prometheus" };

export interface Query {
    expr: string;
    /** Series name in the legend, with {{label}} placeholders. @default the series' labels */
    legend?: string;
}

export interface Panel {
    title: string;
    /** "stat" shows the latest value large; "timeseries" a graph. @default "timeseries" */
    kind?: "timeseries" | "stat";
    queries: Query[];
    /** Grafana unit id ("percentunit", "bytes", "reqps", "ms", "short"). @default "short" */
    unit?: string;
    /** Columns of the 24-column grid. @default 12 */
    width?: number;
}

/** A template variable whose values are those of `label` on `metric`, filtered by the variables before it. */
export interface Variable {
    name: string;
    label: string;
    metric: string;
    /** Label matchers of the query, e.g. `cluster=~"$cluster"`. @default none */
    matchers?: string;
}

const HEIGHT = { stat: 4, timeseries: 8 };

function variable(v: Variable): Record<string, unknown> {
    const query = `label_values(${v.metric}${v.matchers ? `{${v.matchers}}` : ""}, ${v.label})`;
    return {
        name: v.name,
        label: v.name,
        type: "query",
        datasource: DATASOURCE,
        definition: query,
        query: { query, refId: `${v.name}-values` },
        refresh: 2,
        multi: true,
        includeAll: true,
        current: { text: "All", value: "$__all" },
        sort: 1,
    };
}

/** A dashboard Grafana's sidecar provisions from a ConfigMap; `uid` keeps its URL stable across edits. */
export function dashboard(uid: string, title: string, variables: Variable[], panels: Panel[]): Record<string, unknown> {
    let x = 0;
    let y = 0;
    let rowHeight = 0;
    const laidOut = panels.map((panel, index) => {
        const kind = panel.kind ?? "timeseries";
        const w = panel.width ?? 12;
        const h = HEIGHT[kind];
        if (x + w > 24) {
            x = 0;
            y += rowHeight;
            rowHeight = 0;
        }
        const gridPos = { x, y, w, h };
        x += w;
        rowHeight = Math.max(rowHeight, h);
        return {
            id: index + 1,
            type: kind,
            title: panel.title,
            datasource: DATASOURCE,
            gridPos,
            fieldConfig: { defaults: { unit: panel.unit ?? "short" }, overrides: [] },
            targets: panel.queries.map((query, queryIndex) => ({
                refId: String.fromCharCode(65 + queryIndex),
                datasource: DATASOURCE,
                expr: query.expr,
                ...(query.legend ? { legendFormat: query.legend } : {}),
            })),
        };
    });
    return {
        uid,
        title,
        tags: ["berth"],
        timezone: "utc",
        schemaVersion: 39,
        editable: false,
        time: { from: "now-6h", to: "now" },
        refresh: "1m",
        templating: { list: variables.map(variable) },
        panels: laidOut,
    };
}

/** The cluster picker every Berth dashboard starts with. */
export const CLUSTER_VARIABLE: Variable = { name: "cluster", label: "cluster", metric: "kube_node_info" };
