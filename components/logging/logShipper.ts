import { createHash } from "crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { refuseBadArgs } from "../lib/argProblems";
import { AddonCluster, addonRelease } from "../lib/helm";
import { CHARTS } from "../lib/versions";
import { fluentBitValues } from "./fluentBitValues";
import type { ShipperTarget } from "./logging";
import { CA_CONFIG_MAP, SHIPPER_NAMESPACE } from "./names";
import { logShipperArgProblems } from "./validate";

/** The Secret, in the shipper's namespace, holding this cluster's Elasticsearch password (key "password"). */
const PASSWORD_SECRET = "elasticsearch-shipper";

export interface LogShipperArgs {
    /** The cluster whose logs are shipped; its name goes on every record. */
    cluster: AddonCluster & { clusterName: string };
    /** Where and as whom to ship: `Logging.shipperTarget(clusterName)`. */
    target: ShipperTarget;
    /** Namespaces whose container logs are not shipped (noisy or sensitive ones). @default none */
    excludeNamespaces?: string[];
    /** Disk buffer per node while Elasticsearch is unreachable; beyond it the oldest logs are dropped. @default 2048 */
    bufferMiB?: number;
}

/**
 * Fluent Bit on every node of one cluster, shipping container and kubelet logs to the environment's Elasticsearch
 * as the cluster's own user. The password arrives in a Secret of the cluster and the CA certificate in a ConfigMap,
 * both created here before the release; neither is in the Helm values.
 *
 * Fluent Bit rather than Beats through ECK: a small C program per node that needs a fraction of Filebeat's memory,
 * with an official chart and Kubernetes metadata and multi-line parsers built in, where Beats would also need ECK's
 * operator on every spoke.
 */
export class LogShipper extends pulumi.ComponentResource {
    constructor(name: string, args: LogShipperArgs, opts: pulumi.ComponentResourceOptions = {}) {
        refuseBadArgs("berth:logging:LogShipper", name, logShipperArgProblems(args));
        super("berth:logging:LogShipper", name, {}, opts);
        const { cluster, target } = args;
        const inCluster = (dependsOn: pulumi.Resource[]) => ({ parent: this, provider: cluster.kubernetesProvider, dependsOn });

        const namespace = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            { metadata: { name: SHIPPER_NAMESPACE } },
            inCluster(cluster.readyForAddons),
        );
        const password = new k8s.core.v1.Secret(
            `${name}-password`,
            { metadata: { name: PASSWORD_SECRET, namespace: SHIPPER_NAMESPACE }, stringData: { password: target.password } },
            inCluster([namespace]),
        );
        const ca = new k8s.core.v1.ConfigMap(
            `${name}-ca`,
            { metadata: { name: CA_CONFIG_MAP, namespace: SHIPPER_NAMESPACE }, data: { "ca.crt": target.caCertificate } },
            inCluster([namespace]),
        );
        addonRelease(
            `${name}-fluent-bit`,
            {
                releaseName: "fluent-bit",
                chart: CHARTS.fluentBit,
                namespace: SHIPPER_NAMESPACE,
                values: pulumi.all([target.host, target.caCertificate]).apply(([host, caCertificate]) =>
                    fluentBitValues({
                        clusterName: cluster.clusterName,
                        host,
                        port: target.port,
                        username: target.username,
                        passwordSecret: { name: PASSWORD_SECRET, key: "password" },
                        caConfigMap: CA_CONFIG_MAP,
                        caDigest: createHash("sha256").update(caCertificate).digest("hex").slice(0, 16),
                        dataStream: target.dataStream,
                        excludeNamespaces: args.excludeNamespaces ?? [],
                        bufferMiB: args.bufferMiB ?? 2048,
                    }),
                ),
                cluster,
                dependsOn: [password, ca],
            },
            this,
        );
        this.registerOutputs({});
    }
}
