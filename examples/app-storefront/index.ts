// The storefront as its own Pulumi program: it reads the platform stack's outputs through a StackReference and puts
// one Workload on one of the platform's clusters. Another team's program looks like this one, importing the component
// package from wherever it has Berth (here, this repository).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CLUSTER_SECRET_STORE, secretPathPrefix, Workload } from "../../components";

/** What the platform stack exports about one cluster (see the platform's index.ts). */
interface PlatformCluster {
    region: string;
    kubeconfig: string;
    gateway: string;
}

const config = new pulumi.Config();
const clusterName = config.require("cluster");
const platform = new pulumi.StackReference("platform", { name: config.require("platformStack") });
const cluster = platform.requireOutput("clusters").apply((clusters: Record<string, PlatformCluster>) => {
    if (!Object.hasOwn(clusters, clusterName)) {
        throw new Error(
            `app-storefront:cluster names ${clusterName}, which the platform stack does not have (${Object.keys(clusters).join(", ")})`,
        );
    }
    return clusters[clusterName];
});

// The `clusters` output holds each cluster's kubeconfig, so all of it arrives as a secret. The kubeconfig stays one;
// the region and the gateway are not secrets, and would otherwise hide the image and the routes in every diff.
const provider = new k8s.Provider(clusterName, { kubeconfig: cluster.kubeconfig, enableServerSideApply: true });
const region = pulumi.unsecret(cluster.region);
const gateway = pulumi.unsecret(cluster.gateway);
// The registry's copy of the repository in the cluster's own region: pulls stay in-region.
const repository = pulumi
    .all([platform.requireOutput("registry"), region])
    .apply(([registry, inRegion]) => registry.repositories.storefront[inRegion] as string);

// The platform's secrets operator reads only the environment's prefix of Secrets Manager, "berth/<environment>/".
const secretPrefix = secretPathPrefix(config.require("environment"));

const storefront = new Workload("storefront", {
    // The platform exists already: nothing to wait for on its side.
    ingress: { kubernetesProvider: provider, gateway },
    monitoring: { kubernetesProvider: provider, ready: [] },
    image: { repository, tag: config.get("imageTag"), digest: config.get("imageDigest") },
    port: 8080,
    env: { LOG_LEVEL: "info" },
    replicas: { min: 2, max: 6 },
    probes: { readinessPath: "/ready", livenessPath: "/healthz" },
    routing: { hosts: [config.require("host")] },
    metrics: { port: 9090 },
    secretStore: { kubernetesProvider: provider, storeName: CLUSTER_SECRET_STORE, pathPrefix: secretPrefix },
    secrets: [{ env: "DATABASE_URL", secret: `${secretPrefix}storefront/database`, key: "url" }],
});

export const namespace = storefront.namespace;
export const hosts = storefront.hosts;
