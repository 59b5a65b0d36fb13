import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ExternalSecretKey, externalSecretSpec } from "./externalSecret";

/**
 * What an ExternalSecret needs of its cluster's secrets operator: a `Secrets` component, or the same facts read from
 * the platform stack's outputs by an application's own program.
 */
export interface SecretStore {
    /** The cluster's Kubernetes provider. */
    kubernetesProvider: k8s.Provider;
    /** The ClusterSecretStore's name (`CLUSTER_SECRET_STORE`). */
    storeName: string;
    /** The only secrets the store can read: names under this prefix, "berth/<environment>/". */
    pathPrefix: string;
    /** What an ExternalSecret waits for: the store, and with it the operator's CRDs. @default none (the platform exists already) */
    ready?: pulumi.Resource[];
}

export interface ExternalSecretArgs {
    store: SecretStore;
    namespace: string;
    /** The name of the ExternalSecret and of the Kubernetes Secret it writes. */
    objectName: string;
    keys: readonly ExternalSecretKey[];
    /** The written Secret's type and keys, filled from the fetched values. @default the fetched keys as they are, type Opaque */
    template?: { type?: string; data: Record<string, string> };
    labels?: Record<string, string>;
}

/** An ExternalSecret through the store's cluster, after the store (and whatever else `dependsOn` names). */
export function externalSecret(
    name: string,
    args: ExternalSecretArgs,
    opts: { parent: pulumi.Resource; dependsOn?: pulumi.Resource[] },
): k8s.apiextensions.CustomResource {
    return new k8s.apiextensions.CustomResource(
        name,
        {
            apiVersion: "external-secrets.io/v1",
            kind: "ExternalSecret",
            metadata: { name: args.objectName, namespace: args.namespace, ...(args.labels ? { labels: args.labels } : {}) },
            spec: externalSecretSpec({
                storeName: args.store.storeName,
                target: args.objectName,
                keys: args.keys,
                template: args.template,
            }),
        },
        {
            parent: opts.parent,
            provider: args.store.kubernetesProvider,
            dependsOn: [...(args.store.ready ?? []), ...(opts.dependsOn ?? [])],
        },
    );
}
