// One application as its own stack: a Workload on each cluster its spec names, through a Kubernetes provider made from
// the platform stack's `clusters` output. The same Workload, with the same defaults and rules, as an entry of the
// platform's own `platform:workloads` gets; the portal runs this program for the applications it onboards.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CLUSTER_SECRET_STORE, FLAGGER_CHECKS, namesRegistryHost, secretPathPrefix, Workload } from "../../components";
import { applicationFromConfig } from "./application";

/** What the platform stack exports about one cluster (the platform's index.ts, `clusters`). */
interface PlatformCluster {
    region: string;
    kubeconfig: string;
    gateway: string;
}

/** What the platform stack exports about its registry (stacks/registry.ts): repository URL per name and region. */
interface PlatformRegistry {
    repositories: Record<string, Record<string, string>>;
}

const config = new pulumi.Config();
const environment = config.require("environment");
const { name, clusters, image, ...settings } = applicationFromConfig(environment, config.requireObject("application"));
const platformStack = config.require("platformStack");
const platform = new pulumi.StackReference("platform", { name: platformStack });
const platformClusters = platform.requireOutput("clusters") as pulumi.Output<Record<string, PlatformCluster>>;
const registry = platform.requireOutput("registry") as pulumi.Output<PlatformRegistry>;

for (const clusterName of clusters) {
    const cluster = platformClusters.apply((all) => {
        if (!Object.hasOwn(all, clusterName)) {
            throw new Error(
                `${name} runs on cluster ${clusterName}, which platform stack ${platformStack} does not have (${Object.keys(all).join(", ")})`,
            );
        }
        return all[clusterName];
    });
    // The `clusters` output holds each kubeconfig, so all of it arrives as a secret. The kubeconfig stays one; the
    // region and the gateway are not secrets, and would otherwise hide the image and the routes in every diff.
    const provider = new k8s.Provider(clusterName, { kubeconfig: cluster.kubeconfig, enableServerSideApply: true });
    const region = pulumi.unsecret(cluster.region);
    const gateway = pulumi.unsecret(cluster.gateway);
    // The registry's copy of the repository in the cluster's own region (pulls stay in-region), unless the spec names
    // a repository of another registry.
    const repository = namesRegistryHost(image.repository)
        ? pulumi.output(image.repository)
        : pulumi.all([registry, region]).apply(([{ repositories }, inRegion]) => {
              const url = repositories[image.repository]?.[inRegion];
              if (url === undefined) {
                  throw new Error(`platform stack ${platformStack}'s registry has no repository ${image.repository} in ${inRegion}`);
              }
              return url;
          });
    new Workload(`${clusterName}-${name}`, {
        // The platform exists already: nothing to wait for on its side.
        ingress: { kubernetesProvider: provider, gateway },
        monitoring: { kubernetesProvider: provider, ready: [] },
        // The platform runs Flagger and its checks' templates, and the secrets operator and its store, on every cluster.
        canaryAnalysis: { kubernetesProvider: provider, ready: [], checks: FLAGGER_CHECKS },
        secretStore: { kubernetesProvider: provider, storeName: CLUSTER_SECRET_STORE, pathPrefix: secretPathPrefix(environment) },
        application: name,
        image: { ...image, repository },
        ...settings,
    });
}

export const application = name;
export const namespace = name;
export const placedOn = clusters;
export const hosts = settings.routing?.hosts ?? [];
