import type { BerthProject } from "../operations/project";
import { KubeconfigError } from "./kubeApi";
import type { KubeconfigSource } from "./kubernetes";

/**
 * Each cluster's kubeconfig from a platform stack's `clusters` output (`{ <cluster>: { kubeconfig, ... } }`), as the
 * Automation API returns it decrypted: what the portal reads canaries with. A kubeconfig given as an object is written
 * out as JSON.
 */
export function kubeconfigsFromOutputs(environment: string, clusters: unknown): Record<string, string> {
    if (typeof clusters !== "object" || clusters === null || Array.isArray(clusters)) {
        throw new KubeconfigError(`the ${environment} platform stack has no clusters output: deploy it first`);
    }
    const kubeconfigs: Record<string, string> = {};
    for (const [cluster, outputs] of Object.entries(clusters as Record<string, { kubeconfig?: unknown }>)) {
        const kubeconfig = outputs?.kubeconfig;
        if (typeof kubeconfig === "string" && kubeconfig !== "") kubeconfigs[cluster] = kubeconfig;
        else if (typeof kubeconfig === "object" && kubeconfig !== null) kubeconfigs[cluster] = JSON.stringify(kubeconfig);
    }
    return kubeconfigs;
}

/**
 * The kubeconfigs of a platform stack through the Pulumi CLI (`pulumi stack output --show-secrets`, through the
 * Automation API): the kubeconfig is a secret output, decrypted in memory here and never stored, logged or returned.
 * @param envVars Added to the CLI's environment, e.g. PULUMI_CONFIG_PASSPHRASE. @default none
 */
export function platformStackKubeconfigs(project: BerthProject, envVars?: Record<string, string>): KubeconfigSource {
    return async (environment) => {
        // Loaded only here: offline mode never needs the Automation API.
        const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
        const stack = await LocalWorkspace.selectStack({ stackName: environment, workDir: project.dir }, envVars ? { envVars } : {});
        const outputs = await stack.outputs();
        return kubeconfigsFromOutputs(environment, outputs.clusters?.value);
    };
}
