import { Cidr, formatCidr, parseCidr, subnetOf } from "../lib/cidr";

export interface SubnetLayout {
    /** One per AZ, each 1/8 of the VPC: pods take VPC IPs, so private subnets get the room. */
    private: string[];
    /** One per AZ, each 1/64 of the VPC, carved from the VPC's last eighth: only load balancers and NAT live here. */
    public: string[];
}

/** Carves a /16-/20 VPC into per-AZ private and public subnets (at most 6 AZs). */
export function subnetLayout(vpcCidr: string, azCount: number): SubnetLayout {
    const vpc: Cidr | undefined = parseCidr(vpcCidr);
    if (!vpc) {
        throw new RangeError(`not an IPv4 CIDR: ${vpcCidr}`);
    }
    if (azCount < 1 || azCount > 6) {
        throw new RangeError(`between 1 and 6 availability zones are supported (got ${azCount})`);
    }
    const eighth = vpc.prefix + 3;
    const publicPool = subnetOf(vpc, eighth, 7);
    const zones = [...Array(azCount).keys()];
    return {
        private: zones.map((zone) => formatCidr(subnetOf(vpc, eighth, zone))),
        public: zones.map((zone) => formatCidr(subnetOf(publicPool, eighth + 3, zone))),
    };
}
