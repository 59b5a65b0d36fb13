import * as pulumi from "@pulumi/pulumi";
import type { Cluster, Ingress, Logging, LoggingArgs } from "../components";
import type { Environment } from "./config";
import type { LoggingConfig } from "./config/logging";

/** What the stack exports about log analytics; nothing secret (the passwords stay in the clusters' Secrets). */
export interface LoggingOutputs {
    /** Kibana, on an internal load balancer: reach it from a peered network or the VPN. */
    kibanaUrl?: pulumi.Output<string>;
    /** Elasticsearch's internal endpoint. */
    elasticsearchEndpoint?: pulumi.Output<string>;
    /** The CA certificate to trust for both (public). */
    caCertificate?: pulumi.Output<string>;
    /** Where the `elastic` superuser's password is: a Secret on the hub ("namespace/name", key "elastic"). */
    elasticUserSecret?: string;
    snapshotBucket?: pulumi.Output<string>;
}

/** The environment's Logging on the hub: shipped to by every cluster, reachable from every cluster's network. */
export function loggingArgs(
    config: LoggingConfig,
    environment: Environment,
    hub: Cluster,
    hubIngress: Ingress,
    clusters: Cluster[],
): LoggingArgs {
    return {
        cluster: hub,
        shippers: clusters.map((cluster) => cluster.clusterName),
        loadBalancerController: hubIngress.loadBalancerController,
        allowedCidrs: [...clusters.map((cluster) => cluster.network.cidr), ...config.allowedCidrs],
        hot: config.hot,
        warm: config.warm,
        lifecycle: config.lifecycle,
        kibana: config.kibana,
        snapshots: config.snapshots,
        // dev is torn down and rebuilt; prod's logs and snapshots outlive any one deployment.
        retain: environment === "prod",
    };
}

/** An environment without logging exports nothing about it (an undefined output would draw an engine warning). */
export function loggingOutputs(logging: Logging | undefined): LoggingOutputs {
    if (!logging) {
        return {};
    }
    return {
        kibanaUrl: logging.kibanaUrl,
        elasticsearchEndpoint: logging.elasticsearchEndpoint,
        caCertificate: logging.caCertificate,
        elasticUserSecret: logging.elasticUserSecret,
        ...(logging.snapshotBucket ? { snapshotBucket: logging.snapshotBucket } : {}),
    };
}
