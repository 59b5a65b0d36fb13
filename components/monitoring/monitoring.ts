import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { GATEWAY_NAMESPACE, ISTIO_NAMESPACE } from "../ingress/meshObjects";
import { refuseBadArgs } from "../lib/argProblems";
import { AddonCluster, addonRelease } from "../lib/helm";
import { internalNlbAnnotations } from "../lib/loadBalancer";
import { CHARTS } from "../lib/versions";
import { gatewayUrl, webUiEntrance } from "../lib/webUiEntrance";
import type { SecretsManagerValue } from "../secrets/reference";
import type { SecretStore } from "../secrets/store";
import { alertmanagerConfig, RECEIVER_SECRET } from "./alertmanagerConfig";
import { grafanaAdminExternalSecret, receiverCredentialsSecret } from "./credentials";
import { platformDashboards } from "./dashboards";
import { BLACKBOX, blackboxConfig, blackboxDeploymentSpec, blackboxServiceSpec, gatewayProbeSpec } from "./gatewayProbe";
import { GrafanaAccess } from "./grafanaAccess";
import { meshPodMonitorSpec } from "./meshMetrics";
import {
    GRAFANA_ADMIN_SECRET,
    GRAFANA_POD_LABELS,
    GRAFANA_SERVICE,
    MONITORING_NAMESPACE,
    PROMETHEUS_PORT,
    RECEIVER_NAME,
    STACK_RELEASE,
} from "./names";
import { RECEIVER_SERVICE_PORT, receiverQuerySelector, receiverReplicaSelector, receiverServiceName, receiverSpec } from "./receiver";
import { remoteWriteUrl } from "./remoteWrite";
import { platformAlertGroups } from "./rules";
import { serviceMonitorSpec } from "./serviceMonitor";
import { PrometheusSize } from "./sizing";
import { kubePrometheusStackValues } from "./stackValues";
import { monitoringArgProblems } from "./validate";

/** What monitoring needs from its cluster. */
export interface MonitoringCluster extends AddonCluster {
    clusterName: string;
}

/** The environment's hub: it runs the metrics receiver every cluster writes to, and Grafana. */
export interface HubRole {
    kind: "hub";
    /** The metrics receiver's retention, volume, replicas and resources. @default RECEIVER_DEFAULTS */
    receiver?: Partial<PrometheusSize>;
    /**
     * Networks of the spokes that write to the receiver. With any, each receiver replica gets an internal Network Load
     * Balancer that admits exactly these networks; with none, the receiver is reached inside the cluster only.
     */
    peerCidrs: string[];
    /**
     * The cluster's AWS Load Balancer Controller: Berth's load balancer Services wait for it, so that on destroy they
     * (and their NLBs) are removed while the controller still runs.
     */
    loadBalancerController: pulumi.Resource;
    grafana: {
        /** Grafana's admin password (a secret, kept encrypted in Pulumi's state). @default generated, 32 characters (also in the state) */
        adminPassword?: pulumi.Input<string>;
        /** Grafana's admin password read from Secrets Manager instead, through `secretStore`: Pulumi never holds it. @default none */
        adminPasswordFrom?: SecretsManagerValue;
        /** How people reach Grafana. */
        access: GrafanaAccess;
    };
}

/** Any other cluster: it writes its series to the hub's receiver. */
export interface SpokeRole {
    kind: "spoke";
    /** The hub receiver's remote-write endpoints, one per replica (the hub's `Monitoring.remoteWriteUrls`). */
    remoteWriteUrls: pulumi.Input<string>[];
}

export interface MonitoringArgs {
    cluster: MonitoringCluster;
    /** Hub (receiver and Grafana) or spoke (writes to the hub). */
    role: HubRole | SpokeRole;
    /** The cluster's Prometheus. @default PROMETHEUS_DEFAULTS */
    prometheus?: Partial<PrometheusSize>;
    /** The cluster's Alertmanager. @default { replicas: 1 } */
    alertmanager?: { replicas?: number };
    /** StorageClass of every monitoring volume. @default "gp3" (the Cluster component's default class) */
    storageClass?: string;
    /**
     * Where alerts go. Each credential is given either as a value (a secret, kept encrypted in Pulumi's state) or as a
     * Secrets Manager reference (`...From`, read through `secretStore`), all receivers alike.
     * @default none: alerts are visible in Alertmanager and Grafana only
     */
    alerting?: {
        slack?: { webhookUrl?: pulumi.Input<string>; webhookUrlFrom?: SecretsManagerValue; channel?: string };
        pagerDuty?: { routingKey?: pulumi.Input<string>; routingKeyFrom?: SecretsManagerValue };
    };
    /** The cluster's secrets operator (a `Secrets` component). Required with any credential `...From`. @default none */
    secretStore?: SecretStore;
    /** Where the platform alerts' runbooks live; each alert links to `<url>#<alert name in lower case>`. */
    runbookBaseUrl: string;
    /** Namespaces whose Deployments and StatefulSets are platform add-ons. @default PLATFORM_NAMESPACES */
    platformNamespaces?: string[];
    /** Spot nodes drained within an hour above which a warning fires. @default 3 */
    spotInterruptionsPerHour?: number;
    /** The gateway's TLS endpoint, whose certificate's expiry is probed. @default none: no probe (a gateway without TLS) */
    gatewayCertificate?: { address: pulumi.Input<string>; serverName: string };
}

/** A small Prometheus; the stack config sizes each environment's. */
export const PROMETHEUS_DEFAULTS: PrometheusSize = { retention: "10d", storageGiB: 50, replicas: 1, cpu: "250m", memory: "2Gi" };
export const RECEIVER_DEFAULTS: PrometheusSize = { retention: "15d", storageGiB: 100, replicas: 1, cpu: "250m", memory: "2Gi" };

/** The namespaces of Berth's add-ons: DNS, CNI and autoscaling, the mesh and its gateway, monitoring. */
export const PLATFORM_NAMESPACES = ["kube-system", ISTIO_NAMESPACE, GATEWAY_NAMESPACE, MONITORING_NAMESPACE];

/**
 * Monitoring and alerting of one cluster: kube-prometheus-stack (the operator, Prometheus, Alertmanager,
 * kube-state-metrics, node-exporter) with Berth's platform alerts, Alertmanager routing to Slack and PagerDuty, the
 * mesh's Envoy metrics and a probe of the gateway's certificate. Every series leaves the cluster with a `cluster` label
 * for the hub's metrics receiver; the hub also runs Grafana, with Berth's dashboards, on top of that receiver.
 *
 * Secrets never enter the Helm values: Grafana's admin password and the receivers' credentials are Kubernetes Secrets
 * that the chart only names, written by Pulumi or, for Secrets Manager references, by an ExternalSecret.
 */
export class Monitoring extends pulumi.ComponentResource {
    /** The namespace of the monitoring objects. */
    readonly namespace: string;
    /** The cluster's Kubernetes provider, for ServiceMonitors of other components (`serviceMonitor`). */
    readonly kubernetesProvider: k8s.Provider;
    /** What a monitoring object must wait for: the stack, whose CRDs define its kind. */
    readonly ready: pulumi.Resource[];
    /** The hub's remote-write endpoints for the spokes, one per receiver replica; empty on a spoke or a hub without peers. */
    readonly remoteWriteUrls: pulumi.Output<string>[];
    /** The hub's Grafana URL. */
    readonly grafanaUrl?: pulumi.Output<string>;
    /** The hub's Grafana admin password, a secret; none when it comes from Secrets Manager. */
    readonly grafanaAdminPassword?: pulumi.Output<string>;

    constructor(name: string, args: MonitoringArgs, opts: pulumi.ComponentResourceOptions = {}) {
        refuseBadArgs("berth:monitoring:Monitoring", name, monitoringArgProblems(args));
        super("berth:monitoring:Monitoring", name, {}, opts);
        const { cluster, role } = args;
        const prometheus = { ...PROMETHEUS_DEFAULTS, ...args.prometheus };
        const storageClass = args.storageClass ?? "gp3";
        const inCluster = (dependsOn: pulumi.Resource[]) => ({ parent: this, provider: cluster.kubernetesProvider, dependsOn });
        const metadata = (objectName: string, labels?: Record<string, string>) => ({
            name: objectName,
            namespace: MONITORING_NAMESPACE,
            ...(labels ? { labels } : {}),
        });

        // Out of the mesh: Prometheus scrapes pods directly, which a sidecar under STRICT mutual TLS would refuse.
        const namespace = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            { metadata: { name: MONITORING_NAMESPACE, labels: { "istio-injection": "disabled" } } },
            inCluster(cluster.readyForAddons),
        );

        const receiverCredentials = receiverCredentialsSecret(name, args, this, namespace);

        let adminSecret: pulumi.Resource | undefined;
        if (role.kind === "hub" && role.grafana.adminPasswordFrom && args.secretStore) {
            adminSecret = grafanaAdminExternalSecret(name, args.secretStore, role.grafana.adminPasswordFrom, this, namespace);
        } else if (role.kind === "hub") {
            const password =
                role.grafana.adminPassword !== undefined
                    ? pulumi.secret(role.grafana.adminPassword)
                    : pulumi.secret(
                          new random.RandomPassword(`${name}-grafana-admin-password`, { length: 32, special: false }, { parent: this })
                              .result,
                      );
            adminSecret = new k8s.core.v1.Secret(
                `${name}-grafana-admin`,
                {
                    metadata: metadata(GRAFANA_ADMIN_SECRET.name),
                    type: "Opaque",
                    stringData: { [GRAFANA_ADMIN_SECRET.userKey]: "admin", [GRAFANA_ADMIN_SECRET.passwordKey]: password },
                },
                inCluster([namespace]),
            );
            this.grafanaAdminPassword = password;
        }

        // The hub writes to its own receiver inside the cluster; a spoke through the hub's load balancers.
        let receiver: PrometheusSize | undefined;
        let ownWriteUrls: pulumi.Input<string>[];
        if (role.kind === "hub") {
            const size = { ...RECEIVER_DEFAULTS, ...role.receiver };
            ownWriteUrls = Array.from({ length: size.replicas }, (_, replica) =>
                remoteWriteUrl(`${receiverServiceName(replica)}.${MONITORING_NAMESPACE}.svc`),
            );
            receiver = size;
        } else {
            ownWriteUrls = role.remoteWriteUrls;
        }
        const grafanaAccess = role.kind === "hub" ? role.grafana.access : undefined;
        const release = addonRelease(
            `${name}-stack`,
            {
                releaseName: STACK_RELEASE,
                chart: CHARTS.kubePrometheusStack,
                namespace: MONITORING_NAMESPACE,
                values: pulumi.all(ownWriteUrls).apply((remoteWriteUrls) =>
                    kubePrometheusStackValues({
                        clusterName: cluster.clusterName,
                        prometheus,
                        alertmanager: { replicas: args.alertmanager?.replicas ?? 1 },
                        storageClass,
                        remoteWriteUrls,
                        alertmanagerConfig: alertmanagerConfig({
                            slack: args.alerting?.slack ? { channel: args.alerting.slack.channel } : undefined,
                            pagerDuty: args.alerting?.pagerDuty !== undefined,
                        }),
                        alertmanagerSecrets: receiverCredentials ? [RECEIVER_SECRET.name] : [],
                        grafana: grafanaAccess && {
                            datasourceUrl: `http://${RECEIVER_NAME}.${MONITORING_NAMESPACE}:${PROMETHEUS_PORT}/`,
                            rootUrl: grafanaAccess.via === "gateway" ? gatewayUrl(grafanaAccess) : undefined,
                        },
                        nodeLabels: [
                            "berth.dev/pool",
                            "berth.dev/capacity-type",
                            "topology.kubernetes.io/zone",
                            "node.kubernetes.io/instance-type",
                        ],
                    }),
                ),
                cluster,
                dependsOn: [namespace, ...(receiverCredentials ? [receiverCredentials] : []), ...(adminSecret ? [adminSecret] : [])],
            },
            this,
        );
        const afterStack = inCluster([release]);
        const custom = (resourceName: string, kind: string, objectName: string, spec: pulumi.Input<Record<string, unknown>>) =>
            new k8s.apiextensions.CustomResource(
                resourceName,
                { apiVersion: "monitoring.coreos.com/v1", kind, metadata: metadata(objectName), spec },
                afterStack,
            );

        custom(`${name}-platform-alerts`, "PrometheusRule", "berth-platform-alerts", {
            groups: platformAlertGroups({
                platformNamespaces: args.platformNamespaces ?? PLATFORM_NAMESPACES,
                spotInterruptionsPerHour: args.spotInterruptionsPerHour ?? 3,
                runbookBaseUrl: args.runbookBaseUrl,
            }),
        });
        custom(`${name}-mesh-proxies`, "PodMonitor", "istio-proxies", meshPodMonitorSpec());

        if (args.gatewayCertificate) {
            const { address, serverName } = args.gatewayCertificate;
            const config = new k8s.core.v1.ConfigMap(
                `${name}-blackbox-config`,
                { metadata: metadata(BLACKBOX.name), data: { "blackbox.yml": blackboxConfig(serverName) } },
                inCluster([namespace]),
            );
            new k8s.apps.v1.Deployment(
                `${name}-blackbox`,
                { metadata: metadata(BLACKBOX.name), spec: blackboxDeploymentSpec(BLACKBOX.name) },
                inCluster([config]),
            );
            new k8s.core.v1.Service(
                `${name}-blackbox`,
                { metadata: metadata(BLACKBOX.name), spec: blackboxServiceSpec() },
                inCluster([namespace]),
            );
            custom(
                `${name}-gateway-certificate`,
                "Probe",
                "gateway-certificate",
                pulumi.output(address).apply((target) => gatewayProbeSpec(`${BLACKBOX.name}.${MONITORING_NAMESPACE}.svc`, target)),
            );
        }

        this.remoteWriteUrls = [];
        if (role.kind === "hub" && receiver !== undefined) {
            custom(`${name}-receiver`, "Prometheus", RECEIVER_NAME, receiverSpec(receiver, storageClass));
            const queryLabels = { "app.kubernetes.io/name": RECEIVER_NAME };
            new k8s.core.v1.Service(
                `${name}-receiver-query`,
                {
                    metadata: metadata(RECEIVER_NAME, queryLabels),
                    spec: { selector: receiverQuerySelector(), ports: [RECEIVER_SERVICE_PORT] },
                },
                inCluster([namespace]),
            );
            custom(
                `${name}-receiver-metrics`,
                "ServiceMonitor",
                RECEIVER_NAME,
                serviceMonitorSpec({ namespace: MONITORING_NAMESPACE, selector: queryLabels, port: RECEIVER_SERVICE_PORT.name }),
            );
            const exposed = role.peerCidrs.length > 0;
            for (let replica = 0; replica < receiver.replicas; replica++) {
                const service = new k8s.core.v1.Service(
                    `${name}-receiver-${replica}`,
                    {
                        metadata: {
                            ...metadata(receiverServiceName(replica)),
                            ...(exposed ? { annotations: internalNlbAnnotations() } : {}),
                        },
                        spec: {
                            type: exposed ? "LoadBalancer" : "ClusterIP",
                            selector: receiverReplicaSelector(replica),
                            ports: [RECEIVER_SERVICE_PORT],
                            ...(exposed ? { loadBalancerSourceRanges: [...role.peerCidrs] } : {}),
                        },
                    },
                    inCluster([namespace, role.loadBalancerController]),
                );
                if (exposed) {
                    this.remoteWriteUrls.push(service.status.loadBalancer.ingress[0].hostname.apply(remoteWriteUrl));
                }
            }

            for (const { name: dashboardName, dashboard } of platformDashboards()) {
                new k8s.core.v1.ConfigMap(
                    `${name}-${dashboardName}`,
                    {
                        // The label the chart's Grafana sidecar provisions dashboards from (grafana.sidecar.dashboards.label).
                        metadata: metadata(dashboardName, { grafana_dashboard: "1" }),
                        data: { [`${dashboardName}.json`]: JSON.stringify(dashboard) },
                    },
                    inCluster([namespace]),
                );
            }
            this.grafanaUrl = this.grafanaAccess(name, role, cluster.kubernetesProvider, release);
        }

        this.namespace = MONITORING_NAMESPACE;
        this.kubernetesProvider = cluster.kubernetesProvider;
        this.ready = [release];
        this.registerOutputs({
            remoteWriteUrls: this.remoteWriteUrls,
            grafanaUrl: this.grafanaUrl,
            grafanaAdminPassword: this.grafanaAdminPassword,
        });
    }

    /** Grafana's way in, as the hub's role asks; its URL. */
    private grafanaAccess(name: string, role: HubRole, provider: k8s.Provider, release: pulumi.Resource): pulumi.Output<string> {
        const access = role.grafana.access;
        return webUiEntrance({
            access: access.via === "gateway" ? access : { ...access, loadBalancerController: role.loadBalancerController },
            resourceNames: { route: `${name}-grafana`, loadBalancer: `${name}-grafana-nlb` },
            name: "grafana",
            namespace: MONITORING_NAMESPACE,
            // The chart's Grafana Service listens on 80; Grafana itself on 3000.
            service: { name: GRAFANA_SERVICE, port: 80 },
            pods: { selector: GRAFANA_POD_LABELS, port: 3000 },
            options: (dependsOn) => ({ parent: this, provider, dependsOn: [release, ...dependsOn] }),
        });
    }
}
