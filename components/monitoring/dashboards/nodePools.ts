import { CLUSTER_VARIABLE, dashboard } from "./dashboard";

const IN = 'cluster=~"$cluster"';
/** Node labels as kube-state-metrics exports them (berth.dev/pool -> label_berth_dev_pool). */
const POOL = "label_berth_dev_pool";
const CAPACITY = "label_berth_dev_capacity_type";

/** How big each pool is, how much of the fleet runs on spot, and how often spot capacity is taken back. */
export function nodePoolsDashboard(): Record<string, unknown> {
    return dashboard(
        "berth-node-pools",
        "Berth / Node pools and spot share",
        [CLUSTER_VARIABLE],
        [
            {
                title: "Spot share of nodes",
                kind: "stat",
                unit: "percentunit",
                width: 8,
                queries: [
                    {
                        expr: `count by (cluster) (kube_node_labels{${IN}, ${CAPACITY}="spot"}) / count by (cluster) (kube_node_labels{${IN}})`,
                        legend: "{{cluster}}",
                    },
                ],
            },
            {
                title: "Spot share of allocatable CPU",
                kind: "stat",
                unit: "percentunit",
                width: 8,
                queries: [
                    {
                        expr: `sum by (cluster) (kube_node_status_allocatable{${IN}, resource="cpu"} * on (cluster, node) group_left () (kube_node_labels{${CAPACITY}="spot"})) / sum by (cluster) (kube_node_status_allocatable{${IN}, resource="cpu"})`,
                        legend: "{{cluster}}",
                    },
                ],
            },
            {
                title: "Spot nodes drained (last hour)",
                kind: "stat",
                width: 8,
                queries: [
                    {
                        expr: `count by (cluster) (max by (cluster, node) (max_over_time(kube_node_spec_unschedulable{${IN}}[1h])) == 1 and on (cluster, node) max by (cluster, node) (max_over_time(kube_node_labels{${IN}, ${CAPACITY}="spot"}[1h])))`,
                        legend: "{{cluster}}",
                    },
                ],
            },
            {
                title: "Nodes per pool",
                queries: [{ expr: `count by (cluster, ${POOL}) (kube_node_labels{${IN}})`, legend: `{{cluster}} {{${POOL}}}` }],
            },
            {
                title: "Nodes by capacity type",
                queries: [{ expr: `count by (cluster, ${CAPACITY}) (kube_node_labels{${IN}})`, legend: `{{cluster}} {{${CAPACITY}}}` }],
            },
            {
                title: "CPU requested / allocatable per pool",
                unit: "percentunit",
                width: 24,
                queries: [
                    {
                        expr: `sum by (cluster, ${POOL}) (kube_pod_container_resource_requests{${IN}, resource="cpu"} * on (cluster, node) group_left (${POOL}) kube_node_labels) / sum by (cluster, ${POOL}) (kube_node_status_allocatable{${IN}, resource="cpu"} * on (cluster, node) group_left (${POOL}) kube_node_labels)`,
                        legend: `{{cluster}} {{${POOL}}}`,
                    },
                ],
            },
        ],
    );
}
