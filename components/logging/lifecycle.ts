import { DATA_STREAM_PREFIX, LOGS_POLICY } from "./names";

/**
 * How long logs live and where: everything here is a Basic-license feature of Elasticsearch (rollover, tier
 * migration, force merge, replica changes, delete), so the lifecycle costs no subscription.
 */
export interface Lifecycle {
    /** Days an index is kept after it rolls over; then it is deleted. Logs live up to this plus `rollover.maxAgeDays`. */
    retentionDays: number;
    /** Days after rollover an index moves to the warm tier. Only with a warm tier. @default never (no warm phase) */
    warmAfterDays?: number;
    /** A backing index rolls over when it is this old or its primary shard this large, whichever comes first. */
    rollover: { maxAgeDays: number; maxPrimaryShardSizeGiB: number };
    /** Primary shards of each backing index: one writes at one node's speed; more spread a busy stream's writes. */
    primaryShards: number;
    /** Replica copies of each hot index (0 loses data with a node). */
    replicas: number;
    /** Replica copies once an index is warm. @default `replicas` */
    warmReplicas?: number;
}

/**
 * The ILM policy body (PUT _ilm/policy/berth-logs). Hot: write, roll over by age or size. Warm (with a warm tier):
 * the implicit migrate action moves the index to data_warm nodes, where it is merged to one segment (smaller and
 * faster to search, and the index becomes read-only) and given the warm replica count. Delete after retention.
 */
export function ilmPolicy(lifecycle: Lifecycle): { policy: Record<string, unknown> } {
    const phases: Record<string, unknown> = {
        hot: {
            min_age: "0ms",
            actions: {
                rollover: {
                    max_age: `${lifecycle.rollover.maxAgeDays}d`,
                    max_primary_shard_size: `${lifecycle.rollover.maxPrimaryShardSizeGiB}gb`,
                },
                set_priority: { priority: 100 },
            },
        },
    };
    if (lifecycle.warmAfterDays !== undefined) {
        phases.warm = {
            min_age: `${lifecycle.warmAfterDays}d`,
            actions: {
                set_priority: { priority: 50 },
                allocate: { number_of_replicas: lifecycle.warmReplicas ?? lifecycle.replicas },
                forcemerge: { max_num_segments: 1 },
            },
        };
    }
    phases.delete = { min_age: `${lifecycle.retentionDays}d`, actions: { delete: {} } };
    return { policy: { _meta: { managed_by: "berth" }, phases } };
}

/**
 * The index template of every cluster's data stream (PUT _index_template/berth-logs). Its pattern does not match
 * Elasticsearch's built-in `logs-*-*` templates, so their policy and settings never apply to Berth's streams.
 * Storage choices: best_compression (about a fifth smaller for a little CPU), strings as keyword only (the default
 * text + keyword mapping stores most strings twice) except the log line itself, and a 10s refresh.
 */
export function indexTemplate(lifecycle: Lifecycle): Record<string, unknown> {
    return {
        index_patterns: [`${DATA_STREAM_PREFIX}*`],
        data_stream: {},
        // Above the built-in templates (100-ish), so that a future overlap still resolves to Berth's.
        priority: 200,
        _meta: { managed_by: "berth" },
        template: {
            settings: {
                "index.lifecycle.name": LOGS_POLICY,
                "index.number_of_shards": lifecycle.primaryShards,
                "index.number_of_replicas": lifecycle.replicas,
                "index.codec": "best_compression",
                "index.refresh_interval": "10s",
                // One application's odd field must not make a whole bulk request fail.
                "index.mapping.ignore_malformed": true,
                "index.mapping.total_fields.limit": 2000,
            },
            mappings: {
                dynamic_templates: [
                    { strings_as_keyword: { match_mapping_type: "string", mapping: { type: "keyword", ignore_above: 1024 } } },
                ],
                properties: {
                    "@timestamp": { type: "date" },
                    cluster: { type: "keyword" },
                    log: { type: "text" },
                    message: { type: "text" },
                },
            },
        },
    };
}
