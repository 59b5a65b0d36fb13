import { SYSTEM_POOL_PLACEMENT } from "../lib/placement";

export interface FlaggerValuesArgs {
    /** The cluster's name: Flagger adds it to the events and alerts it sends. */
    clusterName: string;
    /** The Prometheus Flagger checks it can reach at start-up; the checks themselves name theirs in their templates. */
    prometheusUrl: string;
    /** Pods of the controller; more than one elect a leader. */
    replicas: number;
    /** The namespace the release runs in, whose pods the PodMonitor selects. */
    namespace: string;
}

/**
 * Helm values of Flagger for one cluster: the Istio provider, on the system pool, its own metrics scraped by the
 * cluster's Prometheus (flagger_canary_status and flagger_canary_weight, which reach the hub with the other series).
 * Pods are selected by the `app` label only, the one label Berth's Deployments select on. The chart's CRDs come from
 * its crds/ folder, which Helm installs once and never deletes: deleting the CRD would delete every Canary and, with
 * them, the released versions Flagger runs for the applications.
 */
export function flaggerValues(args: FlaggerValuesArgs): Record<string, unknown> {
    const highlyAvailable = args.replicas > 1;
    return {
        meshProvider: "istio",
        metricsServer: args.prometheusUrl,
        clusterName: args.clusterName,
        selectorLabels: "app",
        leaderElection: { enabled: highlyAvailable, replicaCount: args.replicas },
        podDisruptionBudget: { enabled: highlyAvailable, minAvailable: 1 },
        podMonitor: { enabled: true, namespace: args.namespace, interval: "30s" },
        // Flagger itself is small: one watch and a few queries a minute per canary. The limit stays the chart's.
        resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { cpu: "1000m", memory: "512Mi" } },
        ...SYSTEM_POOL_PLACEMENT,
    };
}
