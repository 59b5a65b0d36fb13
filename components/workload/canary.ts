import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CANARY_API_VERSION, canarySpec } from "../canary/canarySpec";
import type { CanaryAnalysis } from "../canary/flagger";
import { PORT_NAMES } from "./deployment";
import { SERVICE_PORT } from "./service";
import type { WorkloadSettings } from "./settings";

export interface WorkloadCanaryArgs {
    /** The cluster's Flagger: its provider, what to wait for and its checks. */
    analysis: CanaryAnalysis;
    /** The workload's settings; `routing` and `canary` are set. */
    settings: WorkloadSettings & Required<Pick<WorkloadSettings, "routing" | "canary">>;
    gateway: pulumi.Input<string>;
    metadata: { name: string; namespace: string; labels: Record<string, string> };
}

/**
 * The application's Canary, which replaces its Service and VirtualService: Flagger writes both (and the primary and
 * canary Services) and shifts traffic between the versions, so no Berth object holds a route Flagger would overwrite.
 */
export function workloadCanary(
    name: string,
    args: WorkloadCanaryArgs,
    opts: { parent: pulumi.Resource; provider: k8s.Provider; dependsOn: pulumi.Resource[] },
): k8s.apiextensions.CustomResource {
    const { settings } = args;
    return new k8s.apiextensions.CustomResource(
        name,
        {
            apiVersion: CANARY_API_VERSION,
            kind: "Canary",
            metadata: args.metadata,
            spec: canarySpec({
                application: settings.application,
                service: { port: SERVICE_PORT, targetPortName: PORT_NAMES.http },
                gateway: args.gateway,
                routing: settings.routing,
                settings: settings.canary,
                checks: args.analysis.checks,
            }),
        },
        { ...opts, dependsOn: [...opts.dependsOn, ...args.analysis.ready] },
    );
}
