import type { Cluster, DashboardArgs, Ingress } from "../components";
import type { ClusterConfig } from "./config";

/**
 * One cluster's dashboard: through its gateway at the configured host, else on an internal load balancer that admits
 * the cluster's own network, the networks peered with it (the hub's for a spoke, every spoke's for the hub) and the
 * configured ones.
 */
export function dashboardArgs(clusterConfig: ClusterConfig, cluster: Cluster, ingress: Ingress, peers: readonly Cluster[]): DashboardArgs {
    const { dashboard, ingress: ingressConfig } = clusterConfig;
    return {
        cluster,
        access:
            dashboard.host !== undefined
                ? { via: "gateway", gateway: ingress.gateway, host: dashboard.host, https: ingressConfig.tls.terminateAt !== "none" }
                : {
                      via: "internal-load-balancer",
                      allowedCidrs: [cluster.network.cidr, ...peers.map((peer) => peer.network.cidr), ...dashboard.allowedCidrs],
                      loadBalancerController: ingress.loadBalancerController,
                  },
        replicas: dashboard.replicas,
        sessionTtlHours: dashboard.sessionTtlHours,
    };
}
