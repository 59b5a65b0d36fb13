import { SYSTEM_POOL_PLACEMENT } from "../lib/placement";

/**
 * Helm values of the eck-operator chart: on the system pool, watching only the namespace Berth's Elasticsearch and
 * Kibana live in (so another team's Elastic objects elsewhere in the hub are not Berth's to reconcile). The chart
 * installs ECK's CRDs itself (installCRDs, default true).
 */
export function operatorValues(managedNamespace: string): Record<string, unknown> {
    return { ...SYSTEM_POOL_PLACEMENT, managedNamespaces: [managedNamespace] };
}
