import * as pulumi from "@pulumi/pulumi";
import { minorSupport } from "./components";
import { parsePlatformConfig } from "./stacks/config";
import { today } from "./stacks/clock";
import { loggingOutputs } from "./stacks/logging";
import { monitoringOutputs } from "./stacks/monitoring";
import { Platform } from "./stacks/platform";
import { registryOutputs } from "./stacks/registry";
import { readStackConfig } from "./stacks/readConfig";

// The Berth program: read the stack's config once, build the environment, export per-cluster facts.
const day = today();
const { config, warnings } = parsePlatformConfig(readStackConfig(), { stack: pulumi.getStack(), today: day });
for (const warning of warnings) {
    pulumi.log.warn(warning);
}

const platform = new Platform(`berth-${config.environment}`, config);

export const environment = config.environment;
export const clusters = platform.clusterOutputs();
/** Repository URLs per application and region, and the CI push role. */
export const registry = registryOutputs(platform.registry);
/** Kibana's URL, Elasticsearch's internal endpoint and the CA that signs both; no password. */
export const logging = loggingOutputs(platform.logging);
/** Grafana's URL and its admin password (a secret). */
export const monitoring = monitoringOutputs(platform.monitoring);
/** The monthly VM bill the platform replaces and how much more it may cost (`platform:budget`), for `berth cost`; null without one (Pulumi warns of an undefined output). */
export const budget = config.budget ?? null;
/** Each cluster's EKS support tier on the day of this deploy (or plan): extended support bills the control plane six times as much. */
export const controlPlaneSupport = Object.fromEntries(
    config.clusters.map((cluster) => [
        cluster.name,
        ["ended", "expired"].includes(minorSupport(cluster.kubernetesVersion, day).status) ? "extended" : "standard",
    ]),
);
