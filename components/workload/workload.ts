import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { meshNamespace } from "../ingress/meshNamespace";
import { refuseBadArgs } from "../lib/argProblems";
import { MonitoringTarget, serviceMonitor } from "../monitoring/serviceMonitor";
import { autoscalerSpec, disruptionBudgetSpec } from "./availability";
import { deploymentAnnotations, deploymentSpec, PORT_NAMES } from "./deployment";
import { imageReference, WorkloadImage } from "./image";
import { metricsPeerAuthenticationSpec } from "./metrics";
import { limitRangeSpec, resourceQuotaSpec } from "./quota";
import { virtualServiceSpec } from "./routing";
import type { SecretReference } from "./secrets";
import { serviceHost, serviceSpec } from "./service";
import { applicationLabels, selectorLabels, workloadSettings } from "./settings";
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
    /** Secrets from AWS Secrets Manager, given by reference (see `SecretReference`); never their values. @default none */
    secrets?: SecretReference[];
    /** Reserved for canary releases, which are not yet available: any value is refused. @default none */
    canary?: unknown;
}

/**
 * One application on the platform, with production defaults: a mesh-ready namespace with a ResourceQuota and
 * LimitRange, a Deployment (pinned image, probes, requests and limits, the restricted security context, spread over
 * zones, spot-tolerant unless told otherwise), a Service, a HorizontalPodAutoscaler, a PodDisruptionBudget, a
 * VirtualService on the platform's gateway when it has hosts, and a ServiceMonitor when it exposes metrics.
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

        const quota = new k8s.core.v1.ResourceQuota(
            `${name}-quota`,
            { metadata: metadata(), spec: resourceQuotaSpec(settings.replicas.max, settings.resources) },
            inNamespace(),
        );
        const limits = new k8s.core.v1.LimitRange(`${name}-limits`, { metadata: metadata(), spec: limitRangeSpec() }, inNamespace());
        const account = new k8s.core.v1.ServiceAccount(
            `${name}-service-account`,
            { metadata: metadata(), automountServiceAccountToken: false },
            inNamespace(),
        );
        // After the quota and the limits: a pod admitted before them would escape both.
        const deployment = new k8s.apps.v1.Deployment(
            `${name}-deployment`,
            { metadata: metadata(deploymentAnnotations(settings)), spec: deploymentSpec(settings) },
            inNamespace([quota, limits, account]),
        );
        const service = new k8s.core.v1.Service(`${name}-service`, { metadata: metadata(), spec: serviceSpec(settings) }, inNamespace());
        new k8s.autoscaling.v2.HorizontalPodAutoscaler(
            `${name}-autoscaler`,
            { metadata: metadata(), spec: autoscalerSpec(settings) },
            inNamespace([deployment]),
        );
        new k8s.policy.v1.PodDisruptionBudget(
            `${name}-disruption-budget`,
            { metadata: metadata(), spec: disruptionBudgetSpec(settings) },
            inNamespace(),
        );

        if (settings.routing) {
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
                    spec: metricsPeerAuthenticationSpec(application, settings.metrics.port),
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
