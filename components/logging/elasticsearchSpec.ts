import { ELASTIC_NAME, ELASTICSEARCH_ACCOUNT } from "./names";
import { s3ClientSettings } from "./snapshots";
import { heapMiB, NodeTier, placementFor, storageClassFor } from "./tiers";

const ZONE_LABEL = "topology.kubernetes.io/zone";
/** Where Elasticsearch's S3 repository reads the web identity token: only files under its config directory are readable to it. */
const TOKEN_DIRECTORY = "/usr/share/elasticsearch/config/repository-s3";

export interface ElasticsearchSpecArgs {
    /** Elasticsearch version, e.g. "9.5.0". */
    version: string;
    /** Master-eligible, ingesting nodes that hold the newest indices. */
    hot: NodeTier;
    /** Data nodes that hold indices after they move off the hot tier. @default none */
    warm?: NodeTier;
    /** The Secret with ca.crt and ca.key that ECK issues the HTTP certificate from, and extra DNS names for it. */
    http: { caSecret: string; subjectAltNames: string[] };
    /** File-realm Secrets (one kubernetes.io/basic-auth Secret per shipper) and the Secret holding their roles.yml. */
    auth: { userSecrets: string[]; rolesSecret: string };
    /** The role the S3 repository assumes with the pods' web identity token, and the bucket's region. @default no snapshots */
    snapshots?: { roleArn: string; region: string };
    /** Keep the data volumes when the Elasticsearch object is deleted (they are still removed on scale-down). */
    keepVolumesOnDeletion: boolean;
}

/** The Elasticsearch object's metadata and spec (elasticsearch.k8s.elastic.co/v1). */
export function elasticsearchManifest(args: ElasticsearchSpecArgs): { annotations: Record<string, string>; spec: Record<string, unknown> } {
    const tiers: [string, NodeTier, string[]][] = [["hot", args.hot, ["master", "data_hot", "data_content", "ingest"]]];
    if (args.warm && args.warm.count > 0) {
        tiers.push(["warm", args.warm, ["data_warm"]]);
    }
    const nodes = tiers.reduce((sum, [, tier]) => sum + tier.count, 0);
    // With one node there is no other zone to put a copy in.
    const zoneAware = nodes > 1;
    return {
        // ECK copies the node's zone label onto each pod as an annotation, which the ZONE variable then reads.
        annotations: zoneAware ? { "eck.k8s.elastic.co/downward-node-labels": ZONE_LABEL } : {},
        spec: {
            version: args.version,
            http: {
                tls: {
                    certificate: { secretName: args.http.caSecret },
                    selfSignedCertificate: { subjectAltNames: args.http.subjectAltNames.map((dns) => ({ dns })) },
                },
            },
            auth: {
                fileRealm: args.auth.userSecrets.map((secretName) => ({ secretName })),
                roles: [{ secretName: args.auth.rolesSecret }],
            },
            // ECK's default budget lets a pod go only while the cluster is green and never the last node of a role,
            // which suits several nodes; with one node it would block every drain, so a single node gets none.
            ...(nodes === 1 ? { podDisruptionBudget: {} } : {}),
            volumeClaimDeletePolicy: args.keepVolumesOnDeletion ? "DeleteOnScaledownOnly" : "DeleteOnScaledownAndClusterDeletion",
            nodeSets: tiers.map(([name, tier, roles]) => nodeSet(name, tier, roles, zoneAware, args.snapshots)),
        },
    };
}

function nodeSet(name: string, tier: NodeTier, roles: string[], zoneAware: boolean, snapshots: ElasticsearchSpecArgs["snapshots"]) {
    const heap = heapMiB(tier.memoryGiB);
    const env: Record<string, unknown>[] = [{ name: "ES_JAVA_OPTS", value: `-Xms${heap}m -Xmx${heap}m` }];
    if (zoneAware) {
        env.push({ name: "ZONE", valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${ZONE_LABEL}']` } } });
    }
    if (snapshots) {
        env.push(
            { name: "AWS_ROLE_ARN", value: snapshots.roleArn },
            { name: "AWS_WEB_IDENTITY_TOKEN_FILE", value: `${TOKEN_DIRECTORY}/aws-web-identity-token-file` },
        );
    }
    return {
        name,
        count: tier.count,
        config: {
            "node.roles": roles,
            // Two copies of a shard never share a Kubernetes node (ECK's own attribute) nor, with zones, a zone.
            ...(zoneAware ? { "node.attr.zone": "${ZONE}", "cluster.routing.allocation.awareness.attributes": "k8s_node_name,zone" } : {}),
            ...(snapshots ? s3ClientSettings(snapshots.region) : {}),
        },
        podTemplate: {
            // The autoscaler must not move a data node to pack nodes tighter: each move copies its shards again.
            metadata: { annotations: { "cluster-autoscaler.kubernetes.io/safe-to-evict": "false" } },
            spec: {
                ...(snapshots ? { serviceAccountName: ELASTICSEARCH_ACCOUNT.name } : {}),
                ...placementFor(tier.capacity),
                initContainers: [
                    {
                        // Lucene maps index files into memory; Elasticsearch refuses to start below this limit. Raised
                        // only when the node's is lower, so a node image with a higher one keeps it.
                        name: "max-map-count",
                        securityContext: { privileged: true, runAsUser: 0 },
                        command: ["sh", "-c", '[ "$(sysctl -n vm.max_map_count)" -ge 262144 ] || sysctl -w vm.max_map_count=262144'],
                    },
                ],
                containers: [
                    {
                        name: "elasticsearch",
                        env,
                        resources: {
                            requests: { cpu: `${Math.round(tier.cpu * 1000)}m`, memory: `${tier.memoryGiB}Gi` },
                            limits: { memory: `${tier.memoryGiB}Gi` },
                        },
                        ...(snapshots
                            ? { volumeMounts: [{ name: "s3-web-identity-token", mountPath: TOKEN_DIRECTORY, readOnly: true }] }
                            : {}),
                    },
                ],
                ...(snapshots
                    ? {
                          volumes: [
                              {
                                  name: "s3-web-identity-token",
                                  projected: {
                                      sources: [
                                          {
                                              serviceAccountToken: {
                                                  audience: "sts.amazonaws.com",
                                                  expirationSeconds: 86400,
                                                  path: "aws-web-identity-token-file",
                                              },
                                          },
                                      ],
                                  },
                              },
                          ],
                      }
                    : {}),
                ...(zoneAware
                    ? {
                          topologySpreadConstraints: [
                              {
                                  maxSkew: 1,
                                  topologyKey: ZONE_LABEL,
                                  whenUnsatisfiable: "DoNotSchedule",
                                  labelSelector: {
                                      matchLabels: {
                                          "elasticsearch.k8s.elastic.co/cluster-name": ELASTIC_NAME,
                                          "elasticsearch.k8s.elastic.co/statefulset-name": `${ELASTIC_NAME}-es-${name}`,
                                      },
                                  },
                              },
                          ],
                      }
                    : {}),
            },
        },
        volumeClaimTemplates: [
            {
                // The claim name ECK mounts as Elasticsearch's data path.
                metadata: { name: "elasticsearch-data" },
                spec: {
                    accessModes: ["ReadWriteOnce"],
                    resources: { requests: { storage: `${tier.storageGiB}Gi` } },
                    storageClassName: storageClassFor(tier.volumeType),
                },
            },
        ],
    };
}
