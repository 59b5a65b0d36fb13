/**
 * The regions images are replicated to: every region a cluster of the environment runs in, except the home
 * region the repositories live in. Derived from the cluster list so that a new region is never typed twice.
 */
export function replicaRegions(homeRegion: string, clusterRegions: readonly string[]): string[] {
    return [...new Set(clusterRegions)].filter((region) => region !== homeRegion).sort();
}

/**
 * The registry's replication rules: every repository under `prefix` to every replica region of the same
 * account. The trailing "/" keeps a sibling prefix ("apps-legacy/...") out.
 */
export function replicationRules(prefix: string, account: string, regions: readonly string[]) {
    return [
        {
            destinations: regions.map((region) => ({ region, registryId: account })),
            repositoryFilters: [{ filter: `${prefix}/`, filterType: "PREFIX_MATCH" }],
        },
    ];
}
