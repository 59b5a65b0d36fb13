export { Cluster, adminAccessEntries } from "./cluster";
export type { ClusterArgs } from "./cluster";
export { Network } from "./network";
export type { NetworkArgs } from "./network";
export { eksTaints, poolLabels } from "./nodePool";
export type { NodePoolSpec } from "./nodePool";
export { subnetLayout } from "./subnets";
export { VpcPeering } from "./peering";
export type { PeerSide, VpcPeeringArgs } from "./peering";
