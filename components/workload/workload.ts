import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { meshNamespace } from "../ingress/meshNamespace";
import { refuseBadArgs } from "../lib/argProblems";
import { MonitoringTarget, serviceMonitor } from "../monitoring/serviceMonitor";
import type { CanaryAnalysis } from "../canary/flagger";
import type { CanaryArgs } from "../canary/settings";
import { developerReadOnlyBinding } from "../dashboard/rbac";
import { autoscalerSpec, disruptionBudgetSpec } from "./availability";
import { workloadCanary } from "./canary";
import { externalSecret, SecretStore } from "../secrets/store";
import { deploymentSpec, PORT_NAMES } from "./deployment";
import { imageReference, WorkloadImage } from "./image";
import { metricsPeerAuthenticationSpec } from "./metrics";
import { limitRangeSpec, resourceQuotaSpec } from "./quota";
import { virtualServiceSpec } from "./routing";
import type { SecretReference } from "./secrets";
import { serviceHost, serviceSpec } from "./service";
import { applicationLabels, everyVersionSelector, selectorLabels, workloadSettings } from "./settings";
import { workloadArgProblems } from "./validate";

/**
 * What a workload needs of its cluster's ingress: an `Ingress` component, or the same facts read from the platform
 * stack's outputs by an application's own program.
 */
export interface WorkloadIngress {
    /** The cluster's Kubernetes provider: every object of the workload is created through it. */
    kubernetesProvider: k8s.Provider;
    /** The Gateway the VirtualService binds to, as "<namespace>/<name>" (`Ingress.gateway`, "istio-ingress/default"). */
    gateway: pulumi.Input<string>;
    /** What the namespace waits for: istiod, which injects the sidecars, and the mesh's mTLS policy. @default none (the platform exists already) */
    meshReady?: pulumi.Resource[];
}

export interface WorkloadArgs {
    /** The cluster's ingress: provider, mesh and gateway. */
    ingress: WorkloadIngress;
    /** The cluster's monitoring (a `Monitoring` component, or its provider and no resources to wait for). Required with `metrics`. @default none */
    monitoring?: MonitoringTarget;
    /** The application's name: its namespace, and every object in it, are named after it. A DNS-1123 label starting with a letter. @default the resource name */
    application?: string;
    /** The image, pinned by tag or digest. */
    image: WorkloadImage;
    /** The container port the application serves HTTP on. @default 8080 */
    port?: number;
    /** Plain environment variables. Never secrets: those are `secrets`. @default none */
    env?: Record<string, string>;
    /** The application container's requests and limits; each quantity left out takes the default. @default { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } } */
    resources?: { requests?: { cpu?: string; memory?: string }; limits?: { cpu?: string; memory?: string } };
    /** The autoscaler's bounds. @default { min: 2, max: 5 } */
    replicas?: { min: number; max: number };
    /** Percent of the container's CPU and memory requests at which the autoscaler adds pods. @default { cpuUtilization: 70, memoryUtilization: 80 } */
    autoscaling?: { cpuUtilization?: number; memoryUtilization?: number };
    /** HTTP paths of the readiness and liveness (and startup) probes, on `port`. @default { readinessPath: "/healthz", livenessPath: "/healthz" } */
    probes?: { readinessPath?: string; livenessPath?: string };
    /**
     * Traffic from outside the cluster: the hosts (under the gateway's domains) and path prefixes routed to the
     * application, the whole request's timeout, and retries of requests that never reached it.
     * @default none: reachable inside the cluster only. Within routing: paths ["/"], timeout "15s", retries { attempts: 2, perTryTimeout: "5s" }
     */
    routing?: { hosts: string[]; paths?: string[]; timeout?: string; retries?: { attempts?: number; perTryTimeout?: string } };
    /** The application serves Prometheus metrics on this port and path; the cluster's Prometheus scrapes them. @default none. Within metrics: port 9090, path "/metrics", interval "30s" */
    metrics?: { port?: number; path?: string; interval?: string };
    /** Pods may run on spot capacity (preferring it); false keeps them on on-demand nodes. @default true */
    spot?: boolean;
    /** The user id the container runs as. @default the image's USER, which must then be numeric and not root */
    runAsUser?: number;
    /**
     * Secrets from AWS Secrets Manager, given by reference (see `SecretReference`), never their values; each must lie
     * under the store's `pathPrefix`. They reach the container as environment variables, through an ExternalSecret.
     * @default none
     */
    secrets?: SecretReference[];
    /** The cluster's secrets operator (a `Secrets` component). Required with `secrets`. @default none */
    secretStore?: SecretStore;
    /**
     * Releases go out as canaries: Flagger shifts the routed traffic to a new version step by step while its success
     * rate and latency hold, and rolls it back when they do not. Requires `routing` (Flagger then owns the Service and
     * the VirtualService) and `canaryAnalysis`. `{}` takes every default (see `CanaryArgs`).
     * @default none: a release is a rolling update
     */
    canary?: CanaryArgs;
    /** The cluster's Flagger (a `Flagger` component). Required with `canary`. @default none */
    canaryAnalysis?: CanaryAnalysis;
}

/**
 * One application on the platform, with production defaults: a mesh-ready namespace with a ResourceQuota and
 * LimitRange, a Deployment (pinned image, probes, requests and limits, the restricted security context, spread over
 * zones, spot-tolerant unless told otherwise), a Service, a HorizontalPodAutoscaler, a PodDisruptionBudget, a
 * VirtualService on the platform's gateway when it has hosts, a ServiceMonitor when it exposes metrics, and an
 * ExternalSecret when it reads secrets from Secrets Manager. With `canary`, a Flagger Canary takes the place of the
 * Service and the VirtualService.
 */
export class Workload extends pulumi.ComponentResource {
    /** The application's namespace. */
    readonly namespace: string;
    /** The Service's in-cluster host name. */
    readonly serviceHost: string;
    /** The hosts routed to the application from the gateway; empty when it has no routing. */
    readonly hosts: string[];

    constructor(name: string, args: WorkloadArgs, opts: pulumi.ComponentResourceOptions = {}) {
        refuseBadArgs("berth:workload:Workload", name, workloadArgProblems(name, args));
        super("berth:workload:Workload", name, {}, opts);
        const image = pulumi
            .output(args.image.repository)
            .apply((repository) => imageReference(repository, args.image.tag, args.image.digest));
        const settings = workloadSettings(name, args, image);
        const { application } = settings;
        const provider = args.ingress.kubernetesProvider;

        const namespace = meshNamespace(
            `${name}-namespace`,
            {
                ingress: { kubernetesProvider: provider, meshReady: args.ingress.meshReady ?? [] },
                namespace: application,
                labels: applicationLabels(application),
            },
            { parent: this },
        );
        const inNamespace = (dependsOn: pulumi.Resource[] = []) => ({ parent: this, provider, dependsOn: [namespace, ...dependsOn] });
        const metadata = (annotations: Record<string, string> = {}) => ({
            name: application,
            namespace: application,
            labels: applicationLabels(application),
            ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
        });

        // Developers read the namespace, in the dashboard and with kubectl, through the ClusterRole the cluster's Dashboard
        // defines: bound here, an application deployed by its own stack is readable as well as the platform's own.
        new k8s.rbac.v1.RoleBinding(
            `${name}-developers`,
            developerReadOnlyBinding(application, applicationLabels(application)),
            inNamespace(),
        );
        const quota = new k8s.core.v1.ResourceQuota(
            `${name}-quota`,
            { metadata: metadata(), spec: resourceQuotaSpec(settings.replicas.max, settings.resources, settings.canary !== undefined) },
            inNamespace(),
        );
        const limits = new k8s.core.v1.LimitRange(`${name}-limits`, { metadata: metadata(), spec: limitRangeSpec() }, inNamespace());
        const account = new k8s.core.v1.ServiceAccount(
            `${name}-service-account`,
            { metadata: metadata(), automountServiceAccountToken: false },
            inNamespace(),
        );
        // One Secret named after the application, one key per variable; its pods cannot start before it exists.
        const secrets =
            settings.secrets.length > 0 && args.secretStore
                ? [
                      externalSecret(
                          `${name}-external-secret`,
                          {
                              store: args.secretStore,
                              namespace: application,
                              objectName: application,
                              labels: applicationLabels(application),
                              keys: settings.secrets.map(({ env, secret, key }) => ({ secretKey: env, value: { secret, key } })),
                          },
                          { parent: this, dependsOn: [namespace] },
                      ),
                  ]
                : [];
        // After the quota and the limits: a pod admitted before them would escape both.
        const deployment = new k8s.apps.v1.Deployment(
            `${name}-deployment`,
            { metadata: metadata(), spec: deploymentSpec(settings) },
            inNamespace([quota, limits, account, ...secrets]),
        );
        const autoscaler = new k8s.autoscaling.v2.HorizontalPodAutoscaler(
            `${name}-autoscaler`,
            { metadata: metadata(), spec: autoscalerSpec(settings) },
            inNamespace([deployment]),
        );
        // Under canary releases Flagger writes the Service (and the route): one written here would be rewritten by it.
        const { routing, canary } = settings;
        const canaryResource =
            routing && canary && args.canaryAnalysis
                ? workloadCanary(
                      `${name}-canary`,
                      {
                          analysis: args.canaryAnalysis,
                          settings: { ...settings, routing, canary },
                          gateway: args.ingress.gateway,
                          metadata: metadata(),
                      },
                      inNamespace([deployment, autoscaler]),
                  )
                : undefined;
        const service =
            canaryResource ??
            new k8s.core.v1.Service(`${name}-service`, { metadata: metadata(), spec: serviceSpec(settings) }, inNamespace());
        new k8s.policy.v1.PodDisruptionBudget(
            `${name}-disruption-budget`,
            { metadata: metadata(), spec: disruptionBudgetSpec(settings) },
            inNamespace(),
        );

        if (settings.routing && !canaryResource) {
            new k8s.apiextensions.CustomResource(
                `${name}-virtual-service`,
                {
                    apiVersion: "networking.istio.io/v1",
                    kind: "VirtualService",
                    metadata: metadata(),
                    spec: virtualServiceSpec(application, settings.routing, args.ingress.gateway),
                },
                inNamespace([service]),
            );
        }
        if (settings.metrics && args.monitoring) {
            new k8s.apiextensions.CustomResource(
                `${name}-metrics-mtls`,
                {
                    apiVersion: "security.istio.io/v1",
                    kind: "PeerAuthentication",
                    metadata: { ...metadata(), name: `${application}-metrics` },
                    spec: metricsPeerAuthenticationSpec(application, settings.metrics.port, everyVersionSelector(settings)),
                },
                inNamespace(),
            );
            serviceMonitor(
                `${name}-service-monitor`,
                {
                    monitoring: args.monitoring,
                    namespace: application,
                    selector: selectorLabels(application),
                    port: PORT_NAMES.metrics,
                    path: settings.metrics.path,
                    interval: settings.metrics.interval,
                    objectName: application,
                },
                { parent: this, dependsOn: [namespace, service] },
            );
        }

        this.namespace = application;
        this.serviceHost = serviceHost(application);
        this.hosts = settings.routing?.hosts ?? [];
        this.registerOutputs({ namespace: this.namespace, serviceHost: this.serviceHost, hosts: this.hosts });
    }
}
