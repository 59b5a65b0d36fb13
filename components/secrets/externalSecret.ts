import type { SecretsManagerValue } from "./reference";

/** How often the operator re-reads a secret: a rotated value reaches the Kubernetes Secret within this time. */
export const REFRESH_INTERVAL = "1h";

/** One key of the Kubernetes Secret an ExternalSecret writes, and the Secrets Manager value it holds. */
export interface ExternalSecretKey {
    /** The key in the Kubernetes Secret. */
    secretKey: string;
    value: SecretsManagerValue;
}

/**
 * The spec of an ExternalSecret (external-secrets.io/v1) that keeps the Kubernetes Secret `target` in step with
 * Secrets Manager through the cluster's ClusterSecretStore. The ExternalSecret owns its Secret: deleting it deletes the
 * Secret. With `template`, the Secret holds the template's keys, each filled from the fetched values ("{{ .<key> }}").
 */
export function externalSecretSpec(args: {
    storeName: string;
    target: string;
    keys: readonly ExternalSecretKey[];
    template?: { type?: string; data: Record<string, string> };
}): Record<string, unknown> {
    return {
        refreshInterval: REFRESH_INTERVAL,
        secretStoreRef: { kind: "ClusterSecretStore", name: args.storeName },
        target: {
            name: args.target,
            creationPolicy: "Owner",
            ...(args.template
                ? {
                      template: {
                          engineVersion: "v2",
                          ...(args.template.type ? { type: args.template.type } : {}),
                          data: args.template.data,
                      },
                  }
                : {}),
        },
        data: args.keys.map(({ secretKey, value }) => ({
            secretKey,
            remoteRef: { key: value.secret, ...(value.key !== undefined ? { property: value.key } : {}) },
        })),
    };
}

/** The spec of the cluster's ClusterSecretStore: Secrets Manager in the cluster's region, as the controller's own IRSA role. */
export function clusterSecretStoreSpec(region: string): Record<string, unknown> {
    // No `auth`: the provider then uses the AWS SDK's default chain, which in the controller's pod is its IRSA web identity.
    return { provider: { aws: { service: "SecretsManager", region } } };
}
