import { clusterOverviewDashboard } from "./clusterOverview";
import { goldenSignalsDashboard } from "./goldenSignals";
import { nodePoolsDashboard } from "./nodePools";

export type { Panel, Query, Variable } from "./dashboard";
export { dashboard } from "./dashboard";

/** Berth's platform dashboards, each provisioned into the hub's Grafana from a ConfigMap named after it. */
export function platformDashboards(): { name: string; dashboard: Record<string, unknown> }[] {
    return [
        { name: "berth-cluster-overview", dashboard: clusterOverviewDashboard() },
        { name: "berth-node-pools", dashboard: nodePoolsDashboard() },
        { name: "berth-golden-signals", dashboard: goldenSignalsDashboard() },
    ];
}
