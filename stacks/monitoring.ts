import * as pulumi from "@pulumi/pulumi";
import type { Cluster, Ingress, MonitoringArgs, Monitoring, ServiceMonitorArgs } from "../components";
import type { ClusterConfig } from "./config";
import type { MonitoringConfig } from "./config/monitoring";

/** What the stack exports about monitoring. */
export interface MonitoringOutputs {
    /** Grafana on the hub: every cluster's metrics and Berth's dashboards. */
    grafanaUrl?: pulumi.Output<string>;
    /** Grafana's `admin` password, a secret (`pulumi stack output --show-secrets monitoring`). */
    grafanaAdminPassword?: pulumi.Output<string>;
}

/**
 * cluster-autoscaler's metrics, as its chart serves them: the Service of release "cluster-autoscaler" in kube-system,
 * port "http" (charts/cluster-autoscaler/templates/service.yaml). The autoscaling alerts read them.
 */
export const CLUSTER_AUTOSCALER_METRICS: Omit<ServiceMonitorArgs, "monitoring"> = {
    namespace: "kube-system",
    selector: { "app.kubernetes.io/instance": "cluster-autoscaler" },
    port: "http",
};

/** A name under the first gateway domain that is not "*", for the certificate probe's SNI; none when there is none. */
function probeServerName(domains: readonly string[]): string | undefined {
    const domain = domains.find((candidate) => candidate !== "*");
    return domain?.startsWith("*.") ? `berth-probe.${domain.slice(2)}` : domain;
}

/** What every cluster's monitoring gets alike, hub or spoke. */
function commonArgs(
    config: MonitoringConfig,
    clusterConfig: ClusterConfig,
    cluster: Cluster,
    ingress: Ingress,
): Omit<MonitoringArgs, "role"> {
    const { tls, domains } = clusterConfig.ingress;
    const serverName = probeServerName(domains);
    return {
        cluster,
        prometheus: clusterConfig.monitoring.prometheus,
        alertmanager: clusterConfig.monitoring.alertmanager,
        alerting: config.alerting,
        runbookBaseUrl: config.runbookBaseUrl,
        spotInterruptionsPerHour: config.spotInterruptionsPerHour,
        // A gateway without TLS has no certificate to watch.
        gatewayCertificate:
            tls.terminateAt !== "none" && serverName !== undefined
                ? { address: ingress.loadBalancerHostname.apply((hostname) => `${hostname}:443`), serverName }
                : undefined,
    };
}

/**
 * The hub's monitoring: the receiver every cluster writes to, behind internal load balancers that admit the spokes'
 * networks, and Grafana, through the hub's gateway at the configured host or else on an internal load balancer that
 * admits every cluster's network.
 */
export function hubMonitoringArgs(
    config: MonitoringConfig,
    clusterConfig: ClusterConfig,
    hub: Cluster,
    ingress: Ingress,
    spokes: readonly Cluster[],
): MonitoringArgs {
    const { host, adminPassword, adminPasswordFrom } = config.grafana;
    return {
        ...commonArgs(config, clusterConfig, hub, ingress),
        role: {
            kind: "hub",
            receiver: config.receiver,
            peerCidrs: spokes.map((spoke) => spoke.network.cidr),
            loadBalancerController: ingress.loadBalancerController,
            grafana: {
                adminPassword,
                adminPasswordFrom,
                access:
                    host !== undefined
                        ? { via: "gateway", gateway: ingress.gateway, host, https: clusterConfig.ingress.tls.terminateAt !== "none" }
                        : { via: "internal-load-balancer", allowedCidrs: [hub.network.cidr, ...spokes.map((spoke) => spoke.network.cidr)] },
            },
        },
    };
}

/** A spoke's monitoring: the same stack, writing its series to the hub's receiver across the peering. */
export function spokeMonitoringArgs(
    config: MonitoringConfig,
    clusterConfig: ClusterConfig,
    spoke: Cluster,
    ingress: Ingress,
    hub: Monitoring,
): MonitoringArgs {
    return { ...commonArgs(config, clusterConfig, spoke, ingress), role: { kind: "spoke", remoteWriteUrls: hub.remoteWriteUrls } };
}

/** The hub's Grafana, as the stack exports it. */
export function monitoringOutputs(hub: Monitoring): MonitoringOutputs {
    return { grafanaUrl: hub.grafanaUrl, grafanaAdminPassword: hub.grafanaAdminPassword };
}
