import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** What a ServiceMonitor needs from the cluster's monitoring: its provider, and the stack whose CRDs it is an object of. */
export interface MonitoringTarget {
    /** The cluster's Kubernetes provider. */
    readonly kubernetesProvider: k8s.Provider;
    /** What a monitoring object waits for: the operator and its CRDs. */
    readonly ready: pulumi.Resource[];
}

export interface ServiceMonitorArgs {
    /** The cluster's monitoring (a `Monitoring` component): its Prometheus selects every ServiceMonitor of the cluster. */
    monitoring: MonitoringTarget;
    /** The namespace of the Service to scrape; the ServiceMonitor is created there. */
    namespace: string;
    /** Labels of the Service(s) to scrape. */
    selector: Record<string, string>;
    /** The name of the Service port that serves metrics. */
    port: string;
    /** The path metrics are served on. @default "/metrics" */
    path?: string;
    /** How often to scrape, as a Prometheus duration. @default "30s" */
    interval?: string;
    /** The object's name in the cluster. @default the resource name */
    objectName?: string;
}

/** The spec of a ServiceMonitor scraping one port of the Services that carry `selector`'s labels in one namespace. */
export function serviceMonitorSpec(args: Omit<ServiceMonitorArgs, "monitoring" | "objectName">): Record<string, unknown> {
    return {
        selector: { matchLabels: { ...args.selector } },
        namespaceSelector: { matchNames: [args.namespace] },
        endpoints: [{ port: args.port, path: args.path ?? "/metrics", interval: args.interval ?? "30s" }],
    };
}

/**
 * Has the cluster's Prometheus scrape a Service: for the platform's own add-ons and for onboarded applications. Every
 * ServiceMonitor in the cluster is selected (the chart's label filter is off), so no release label is needed. Created
 * after the monitoring stack, whose CRDs define the kind.
 */
export function serviceMonitor(
    name: string,
    args: ServiceMonitorArgs,
    opts: { parent?: pulumi.Resource; dependsOn?: pulumi.Resource[] } = {},
): k8s.apiextensions.CustomResource {
    return new k8s.apiextensions.CustomResource(
        name,
        {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "ServiceMonitor",
            metadata: { name: args.objectName ?? name, namespace: args.namespace },
            spec: serviceMonitorSpec(args),
        },
        {
            parent: opts.parent,
            provider: args.monitoring.kubernetesProvider,
            dependsOn: [...args.monitoring.ready, ...(opts.dependsOn ?? [])],
        },
    );
}
