import { ELASTIC_NAME } from "./names";
import { Capacity, placementFor } from "./tiers";

export interface KibanaSpecArgs {
    /** Kibana version: the same as Elasticsearch's. */
    version: string;
    /** Kibana pods; more than one spreads over zones. */
    replicas: number;
    /** Which nodes Kibana runs on. */
    capacity: Capacity;
    /** The Secret with ca.crt and ca.key that ECK issues Kibana's HTTP certificate from, and extra DNS names for it. */
    http: { caSecret: string; subjectAltNames: string[] };
}

/** The Kibana object's spec (kibana.k8s.elastic.co/v1), connected to Berth's Elasticsearch by ECK's association. */
export function kibanaSpec(args: KibanaSpecArgs): Record<string, unknown> {
    return {
        version: args.version,
        count: args.replicas,
        elasticsearchRef: { name: ELASTIC_NAME },
        http: {
            tls: {
                certificate: { secretName: args.http.caSecret },
                selfSignedCertificate: { subjectAltNames: args.http.subjectAltNames.map((dns) => ({ dns })) },
            },
        },
        podTemplate: {
            spec: {
                ...placementFor(args.capacity),
                containers: [
                    // ECK's default memory, with a request that matches it so the pod is never the first evicted.
                    { name: "kibana", resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1Gi" } } },
                ],
                ...(args.replicas > 1
                    ? {
                          topologySpreadConstraints: [
                              {
                                  maxSkew: 1,
                                  topologyKey: "topology.kubernetes.io/zone",
                                  whenUnsatisfiable: "ScheduleAnyway",
                                  labelSelector: { matchLabels: { "kibana.k8s.elastic.co/name": ELASTIC_NAME } },
                              },
                          ],
                      }
                    : {}),
            },
        },
    };
}
