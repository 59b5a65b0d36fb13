import type { Cluster, FlaggerArgs, Ingress, Monitoring } from "../components";
import { hubReceiverQueryUrl, receiverQueryUrl } from "../components";

/**
 * One cluster's Flagger: in Istio's namespace once the mesh is up, checking canaries against the hub's metrics receiver,
 * on the hub inside the cluster, on a spoke through the receiver's first internal load balancer, across the peering on
 * the port the spoke already writes its series to.
 */
export function flaggerArgs(cluster: Cluster, ingress: Ingress, hub: Cluster, hubMonitoring: Monitoring): FlaggerArgs {
    if (cluster === hub) return { cluster, meshReady: ingress.meshReady, prometheusUrl: hubReceiverQueryUrl() };
    const [receiver] = hubMonitoring.remoteWriteUrls;
    if (receiver === undefined) {
        // The hub's receiver has a load balancer whenever there are spokes; reaching this is a bug in the monitoring wiring.
        throw new Error(`cluster ${cluster.clusterName}: the hub's metrics receiver has no endpoint for spokes`);
    }
    return { cluster, meshReady: ingress.meshReady, prometheusUrl: receiver.apply(receiverQueryUrl) };
}
