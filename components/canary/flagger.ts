import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ISTIO_NAMESPACE } from "../ingress/meshObjects";
import { refuseBadArgs } from "../lib/argProblems";
import { AddonCluster, addonRelease } from "../lib/helm";
import { CHARTS } from "../lib/versions";
import { CANARY_API_VERSION } from "./canarySpec";
import { flaggerValues } from "./flaggerValues";
import { CanaryChecks, latencyQuery, METRIC_TEMPLATE_NAMES, metricTemplateSpec, successRateQuery } from "./metricTemplates";

/** What Flagger needs from its cluster. */
export interface FlaggerCluster extends AddonCluster {
    clusterName: string;
}

/** What a Workload needs of its cluster's Flagger to run canary releases: a `Flagger` component, or the same facts. */
export interface CanaryAnalysis {
    /** The cluster's Kubernetes provider. */
    readonly kubernetesProvider: k8s.Provider;
    /** What a Canary waits for: the release that installs Flagger's CRDs, and the checks' templates. */
    readonly ready: pulumi.Resource[];
    /** The MetricTemplates every Canary's checks run. */
    readonly checks: CanaryChecks;
}

/**
 * The MetricTemplates every cluster's Flagger installs in Istio's namespace, which every Canary's checks run: what a
 * program on top of a deployed platform (apps/workload) hands its Workloads.
 */
export const FLAGGER_CHECKS: CanaryChecks = {
    successRate: { name: METRIC_TEMPLATE_NAMES.successRate, namespace: ISTIO_NAMESPACE },
    latency: { name: METRIC_TEMPLATE_NAMES.latency, namespace: ISTIO_NAMESPACE },
};

export interface FlaggerArgs {
    cluster: FlaggerCluster;
    /**
     * The Prometheus the checks query: the hub's metrics receiver, which holds every cluster's series (`hubReceiverQueryUrl`
     * on the hub, `receiverQueryUrl` of the hub's remote-write endpoint on a spoke).
     */
    prometheusUrl: pulumi.Input<string>;
    /** Istio's control plane: Flagger runs in its namespace and writes its VirtualServices and DestinationRules. @default none */
    meshReady?: pulumi.Resource[];
    /** Pods of the controller; two or more elect a leader and get a PodDisruptionBudget. A canary only pauses while none runs. @default 1 */
    replicas?: number;
}

/**
 * Automated canary analysis on one cluster: Flagger (Istio provider) in Istio's namespace, and the two checks every
 * canary runs, the new version's success rate and 99th-percentile latency on this cluster, read from the hub's metrics
 * receiver. Applications opt in through the Workload component's `canary` setting.
 */
export class Flagger extends pulumi.ComponentResource implements CanaryAnalysis {
    readonly kubernetesProvider: k8s.Provider;
    readonly ready: pulumi.Resource[];
    readonly checks: CanaryChecks;

    constructor(name: string, args: FlaggerArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const replicas = args.replicas ?? 1;
        refuseBadArgs(
            "berth:canary:Flagger",
            name,
            Number.isInteger(replicas) && replicas >= 1
                ? []
                : [{ propertyPath: "replicas", reason: `must be a whole number >= 1 (got ${replicas})` }],
        );
        super("berth:canary:Flagger", name, {}, opts);
        const { cluster } = args;
        const release = addonRelease(
            name,
            {
                releaseName: "flagger",
                chart: CHARTS.flagger,
                namespace: ISTIO_NAMESPACE,
                values: pulumi
                    .output(args.prometheusUrl)
                    .apply((prometheusUrl) =>
                        flaggerValues({ clusterName: cluster.clusterName, prometheusUrl, replicas, namespace: ISTIO_NAMESPACE }),
                    ),
                cluster,
                dependsOn: args.meshReady ?? [],
            },
            this,
        );
        const template = (key: keyof CanaryChecks, query: string) =>
            new k8s.apiextensions.CustomResource(
                `${name}-${key === "successRate" ? "success-rate" : "latency"}`,
                {
                    apiVersion: CANARY_API_VERSION,
                    kind: "MetricTemplate",
                    metadata: { name: METRIC_TEMPLATE_NAMES[key], namespace: ISTIO_NAMESPACE },
                    spec: pulumi.output(args.prometheusUrl).apply((address) => metricTemplateSpec(address, query)),
                },
                { parent: this, provider: cluster.kubernetesProvider, dependsOn: [release] },
            );
        const templates = [
            template("successRate", successRateQuery(cluster.clusterName)),
            template("latency", latencyQuery(cluster.clusterName)),
        ];

        this.kubernetesProvider = cluster.kubernetesProvider;
        this.ready = [release, ...templates];
        this.checks = FLAGGER_CHECKS;
        this.registerOutputs({});
    }
}
