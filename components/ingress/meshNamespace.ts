import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Ingress } from "./ingress";

export interface MeshNamespaceArgs {
    /** The cluster's ingress: its Kubernetes provider, and the control plane the namespace's pods wait for. */
    ingress: Pick<Ingress, "kubernetesProvider" | "meshReady">;
    /** The namespace's name in the cluster. @default the resource name */
    namespace?: string;
    /** Istio injects a sidecar into every pod of the namespace: its traffic joins the mesh (mTLS, routing, telemetry). @default true */
    injection?: boolean;
    /** More labels (team, cost centre). @default none */
    labels?: Record<string, string>;
}

/**
 * A namespace ready for the mesh: labelled for sidecar injection (or explicitly not), created after istiod so
 * that the first pods scheduled in it are already injected.
 */
export function meshNamespace(name: string, args: MeshNamespaceArgs, opts: { parent?: pulumi.Resource } = {}): k8s.core.v1.Namespace {
    return new k8s.core.v1.Namespace(
        name,
        {
            metadata: {
                name: args.namespace ?? name,
                labels: { ...args.labels, "istio-injection": args.injection === false ? "disabled" : "enabled" },
            },
        },
        { parent: opts.parent, provider: args.ingress.kubernetesProvider, dependsOn: args.ingress.meshReady },
    );
}
