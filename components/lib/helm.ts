import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PinnedChart } from "./versions";

/** What every add-on release needs from its cluster. */
export interface AddonCluster {
    /** The cluster's own provider: a release never goes through an ambient kubeconfig. */
    kubernetesProvider: k8s.Provider;
    /** Node pools and core add-ons: a release installed before them would have nowhere to run. */
    readyForAddons: pulumi.Resource[];
}

export interface AddonReleaseArgs {
    /** The Helm release's name in the cluster. */
    releaseName: string;
    /** The chart at its pinned version, from the versions table. */
    chart: PinnedChart;
    namespace: string;
    /** Helm values, from the add-on's pure values builder. */
    values: pulumi.Input<Record<string, unknown>>;
    cluster: AddonCluster;
    /** What else the release must wait for, besides the cluster (e.g. istiod waits for Istio's CRDs). @default none */
    dependsOn?: pulumi.Resource[];
}

/**
 * A platform add-on's Helm release, as every Berth add-on installs one: the exact chart version of the
 * versions table, through the cluster's provider, after the cluster can run it. A `helm.v3.Release`, not
 * a v4 `Chart`, so that its chart, version and values are visible in a plan.
 */
export function addonRelease(name: string, args: AddonReleaseArgs, parent: pulumi.Resource): k8s.helm.v3.Release {
    return new k8s.helm.v3.Release(
        name,
        {
            name: args.releaseName,
            chart: args.chart.chart,
            version: args.chart.version,
            repositoryOpts: { repo: args.chart.repository },
            namespace: args.namespace,
            values: args.values,
        },
        { parent, provider: args.cluster.kubernetesProvider, dependsOn: [...args.cluster.readyForAddons, ...(args.dependsOn ?? [])] },
    );
}
