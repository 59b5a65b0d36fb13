import * as pulumi from "@pulumi/pulumi";
import { parsePlatformConfig } from "./stacks/config";
import { today } from "./stacks/clock";
import { Platform } from "./stacks/platform";
import { registryOutputs } from "./stacks/registry";
import { readStackConfig } from "./stacks/readConfig";

// The Berth program: read the stack's config once, build the environment, export per-cluster facts.
const { config, warnings } = parsePlatformConfig(readStackConfig(), { stack: pulumi.getStack(), today: today() });
for (const warning of warnings) {
    pulumi.log.warn(warning);
}

const platform = new Platform(`berth-${config.environment}`, config);

export const environment = config.environment;
export const clusters = platform.clusterOutputs();
/** Repository URLs per application and region, and the CI push role. */
export const registry = registryOutputs(platform.registry);
