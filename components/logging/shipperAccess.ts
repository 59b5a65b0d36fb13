import { stringify } from "yaml";
import { dataStreamOf, shipperRoleOf, shipperUserOf } from "./names";

/**
 * roles.yml for ECK's file realm: each cluster's shipper may create documents in its own data stream (and create the
 * stream from Berth's template on first write), nothing else — no reads, no other stream, no cluster settings. A
 * leaked shipper password cannot read logs nor forge another cluster's.
 */
export function shipperRoles(clusters: readonly string[]): string {
    return stringify(
        Object.fromEntries(
            clusters.map((cluster) => [
                shipperRoleOf(cluster),
                { cluster: [], indices: [{ names: [dataStreamOf(cluster)], privileges: ["create_doc", "auto_configure"] }] },
            ]),
        ),
    );
}

/** The keys of a cluster's kubernetes.io/basic-auth Secret in ECK's file realm, without the password. */
export function shipperUser(cluster: string): { username: string; roles: string } {
    return { username: shipperUserOf(cluster), roles: shipperRoleOf(cluster) };
}
