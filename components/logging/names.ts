import type { PeeringPort } from "../cluster/peering";
import type { ServiceAccountRef } from "../lib/irsa";

/** Where Elasticsearch and Kibana run on the hub. */
export const LOGGING_NAMESPACE = "logging";
/** Where the ECK operator runs on the hub (the chart's own default namespace). */
export const OPERATOR_NAMESPACE = "elastic-system";
/** Where the log shipper runs on every cluster. */
export const SHIPPER_NAMESPACE = "fluent-bit";

/** The Elasticsearch and Kibana objects' name: ECK derives every Service, Secret and StatefulSet name from it. */
export const ELASTIC_NAME = "logs";
export const ELASTICSEARCH_PORT = 9200;
export const KIBANA_PORT = 5601;

/** Elasticsearch's HTTP Service as ECK names it, as seen from inside the hub. */
export const ELASTICSEARCH_IN_CLUSTER_HOST = `${ELASTIC_NAME}-es-http.${LOGGING_NAMESPACE}.svc`;
/** The Secret in which ECK keeps the generated password of the `elastic` superuser (key "elastic"). */
export const ELASTIC_USER_SECRET = `${ELASTIC_NAME}-es-elastic-user`;

/** The hub Secret holding Berth's CA (ca.crt and ca.key), from which ECK issues the HTTP certificates. */
export const CA_SECRET = "elastic-http-ca";
/** The ConfigMap holding the CA certificate alone, on every cluster that talks to Elasticsearch. */
export const CA_CONFIG_MAP = "elasticsearch-ca";
/** The hub Secret holding the shippers' roles.yml for ECK's file realm. */
export const SHIPPER_ROLES_SECRET = "shipper-roles";

/** The service account of the Elasticsearch pods: the only identity the snapshot role trusts. */
export const ELASTICSEARCH_ACCOUNT: ServiceAccountRef = { namespace: LOGGING_NAMESPACE, name: "elasticsearch" };

/** The ILM policy and the index template every cluster's data stream is created from. */
export const LOGS_POLICY = "berth-logs";
/** Data streams are named per cluster: one cluster's shipper may write to its own stream only. */
export const DATA_STREAM_PREFIX = "berth-logs-";
export const SNAPSHOT_REPOSITORY = "berth-snapshots";
export const SNAPSHOT_POLICY = "berth-daily";

/** The data stream a cluster's logs go to. */
export const dataStreamOf = (cluster: string): string => `${DATA_STREAM_PREFIX}${cluster}`;
/** The Elasticsearch user a cluster's shipper logs in as (file realm). */
export const shipperUserOf = (cluster: string): string => `shipper-${cluster}`;
/** The role of that user: create documents in the cluster's own data stream, nothing else. */
export const shipperRoleOf = (cluster: string): string => `berth-shipper-${cluster}`;

/** What the spokes' shippers send across the peering: Elasticsearch's HTTPS port, reached through the internal load balancer. */
export const ELASTICSEARCH_PEERING_PORT: PeeringPort = {
    name: "elasticsearch",
    port: ELASTICSEARCH_PORT,
    description: "Elasticsearch (log shipping) from the peered VPC",
};
