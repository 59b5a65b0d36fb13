/** Which availability zones a cluster's subnets go to. */

/**
 * Zone IDs where EKS refuses control-plane subnets (EKS user guide, "Subnet requirements"). They are IDs, not
 * names: each account maps names to IDs differently, so us-east-1e in one account is use1-az3 in another.
 */
export const EKS_UNSUPPORTED_ZONE_IDS: readonly string[] = ["use1-az3", "usw1-az2", "cac1-az3"];

/** A region's zones as `aws.getAvailabilityZones` reports them: names and zone IDs, index for index. */
export interface RegionZones {
    names: string[];
    zoneIds: string[];
}

/**
 * The zones to build subnets in. A count takes the first zones by name among those EKS accepts, whatever their
 * current state: a zone that is impaired today must not shift every subnet to another zone on the next deploy.
 * Named zones are taken as given, after checking that each exists and EKS accepts it.
 */
export function pickZones(region: RegionZones, wanted: number | readonly string[]): string[] {
    const idOf = new Map(region.names.map((name, index) => [name, region.zoneIds[index] ?? ""]));
    const refused = (name: string) => EKS_UNSUPPORTED_ZONE_IDS.includes(idOf.get(name) ?? "");
    if (typeof wanted !== "number") {
        for (const name of wanted) {
            if (!idOf.has(name)) {
                throw new Error(`availability zone ${name} does not exist here (zones: ${region.names.join(", ")})`);
            }
            if (refused(name)) {
                throw new Error(`availability zone ${name} is ${idOf.get(name)}, where EKS does not place control planes; pick another`);
            }
        }
        return [...wanted];
    }
    const usable = [...region.names].sort().filter((name) => !refused(name));
    if (usable.length < wanted) {
        throw new Error(`the region has ${usable.length} zones EKS accepts (${usable.join(", ")}); ${wanted} were asked for`);
    }
    return usable.slice(0, wanted);
}
