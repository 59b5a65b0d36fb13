export { elasticsearchManifest } from "./elasticsearchSpec";
export type { ElasticsearchSpecArgs } from "./elasticsearchSpec";
export { fluentBitValues } from "./fluentBitValues";
export type { FluentBitValuesArgs } from "./fluentBitValues";
export { kibanaSpec } from "./kibanaSpec";
export type { KibanaSpecArgs } from "./kibanaSpec";
export { ilmPolicy, indexTemplate } from "./lifecycle";
export type { Lifecycle } from "./lifecycle";
export { LogShipper } from "./logShipper";
export type { LogShipperArgs } from "./logShipper";
export { Logging } from "./logging";
export type { LoggingArgs, LoggingCluster, ShipperTarget } from "./logging";
export {
    DATA_STREAM_PREFIX,
    dataStreamOf,
    ELASTIC_NAME,
    ELASTICSEARCH_ACCOUNT,
    ELASTICSEARCH_PEERING_PORT,
    ELASTICSEARCH_PORT,
    KIBANA_PORT,
    LOGGING_NAMESPACE,
    shipperRoleOf,
    shipperUserOf,
    SHIPPER_NAMESPACE,
} from "./names";
export { operatorValues } from "./operatorValues";
export { setupFiles, setupJobSpec, setupName, setupRequests, setupScript } from "./setup";
export type { SetupRequest } from "./setup";
export { shipperRoles } from "./shipperAccess";
export {
    s3ClientSettings,
    slmPolicy,
    snapshotAccessPolicy,
    snapshotBucketLifecycle,
    snapshotBucketPolicy,
    snapshotRepository,
} from "./snapshots";
export type { Snapshots } from "./snapshots";
export { CAPACITY_LABEL, HDD_MIN_GIB, heapMiB, placementFor } from "./tiers";
export type { Capacity, NodeTier, VolumeType } from "./tiers";
export { logShipperArgProblems, loggingArgProblems } from "./validate";
