import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AddonCluster, addonRelease } from "../lib/helm";
import { CHARTS } from "../lib/versions";
import { metricsServerValues } from "./metricsServerValues";

export interface MetricsServerArgs {
    /** The cluster to serve resource metrics for: its Kubernetes provider and what add-ons wait for. */
    cluster: AddonCluster;
    /** Pods of the Deployment; two or more get a PodDisruptionBudget. @default 1 */
    replicas?: number;
}

/** metrics-server for one cluster, so that HorizontalPodAutoscalers have CPU and memory to act on. */
export class MetricsServer extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: MetricsServerArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("berth:autoscaling:MetricsServer", name, {}, opts);
        const chart = CHARTS.metricsServer;
        this.release = addonRelease(
            name,
            {
                releaseName: "metrics-server",
                chart,
                namespace: "kube-system",
                values: metricsServerValues(args.replicas ?? 1),
                cluster: args.cluster,
            },
            this,
        );
        this.registerOutputs({});
    }
}
