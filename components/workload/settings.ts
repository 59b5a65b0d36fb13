import type * as pulumi from "@pulumi/pulumi";
import { CanarySettings, canarySettings } from "../canary/settings";
import { WORKLOAD_DEFAULTS } from "./defaults";
import type { ContainerResources } from "./quota";
import type { SecretReference } from "./secrets";
import type { WorkloadArgs } from "./workload";

/** A workload's settings with every default applied: what the object builders take. */
export interface WorkloadSettings {
    /** Names the namespace and every object in it. */
    application: string;
    /** The full image reference. */
    image: pulumi.Input<string>;
    port: number;
    env: Record<string, string>;
    resources: ContainerResources;
    replicas: { min: number; max: number };
    autoscaling: { cpuUtilization: number; memoryUtilization: number };
    probes: { readinessPath: string; livenessPath: string };
    routing?: {
        hosts: string[];
        paths: string[];
        timeout: string;
        retries: { attempts: number; perTryTimeout: string; retryOn: string };
    };
    metrics?: { port: number; path: string; interval: string };
    spot: boolean;
    runAsUser?: number;
    secrets: SecretReference[];
    /** Releases go out as canaries; none: rolling updates. */
    canary?: CanarySettings;
}

/** The labels that select the application's pods; `app` is also the label Istio's telemetry and Berth's dashboards read. */
export function selectorLabels(application: string): Record<string, string> {
    return { app: application };
}

/**
 * Labels on every pod of the application, whichever version it runs: what its disruption budget and mTLS exception
 * select. Under canary releases Flagger runs the released version as the Deployment `<app>-primary`, whose pods it
 * relabels `app: <app>-primary`, keeping their other labels.
 */
export function everyVersionSelector(settings: Pick<WorkloadSettings, "application" | "canary">): Record<string, string> {
    return settings.canary ? { "app.kubernetes.io/name": settings.application } : selectorLabels(settings.application);
}

/** Labels of every object of the application. */
export function applicationLabels(application: string): Record<string, string> {
    return { ...selectorLabels(application), "app.kubernetes.io/name": application, "app.kubernetes.io/managed-by": "berth" };
}

/** The settings of a workload whose arguments passed validation. */
export function workloadSettings(name: string, args: WorkloadArgs, image: pulumi.Input<string>): WorkloadSettings {
    const defaults = WORKLOAD_DEFAULTS;
    const routing = args.routing;
    const metrics = args.metrics;
    return {
        application: args.application ?? name,
        image,
        port: args.port ?? defaults.port,
        env: { ...args.env },
        resources: {
            requests: { ...defaults.resources.requests, ...args.resources?.requests },
            limits: { ...defaults.resources.limits, ...args.resources?.limits },
        },
        replicas: { ...(args.replicas ?? defaults.replicas) },
        autoscaling: { ...defaults.autoscaling, ...args.autoscaling },
        probes: { ...defaults.probes, ...args.probes },
        routing: routing && {
            hosts: [...routing.hosts],
            paths: [...(routing.paths ?? defaults.routing.paths)],
            timeout: routing.timeout ?? defaults.routing.timeout,
            retries: { ...defaults.routing.retries, ...routing.retries },
        },
        metrics: metrics && { ...defaults.metrics, ...metrics },
        spot: args.spot ?? defaults.spot,
        runAsUser: args.runAsUser,
        secrets: [...(args.secrets ?? [])],
        canary: args.canary && canarySettings(args.canary),
    };
}
