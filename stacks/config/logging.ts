import { z } from "zod";
import { HDD_MIN_GIB, Lifecycle, NodeTier, parseCidr, Snapshots } from "../../components";
import { Environment, ENVIRONMENT_DEFAULTS } from "./defaults";
import { isMap, Loose, mapsOf, stringOrUndefined, wholeNumber, wholeOrUndefined } from "./partial";

/** The environment's log analytics, every field resolved. */
export interface LoggingConfig {
    enabled: boolean;
    lifecycle: Lifecycle;
    hot: NodeTier;
    /** Undefined without a warm tier. */
    warm?: NodeTier;
    kibana: { replicas: number };
    /** Networks besides the environment's VPCs that may reach Kibana and Elasticsearch (e.g. the office VPN). */
    allowedCidrs: string[];
    /** Undefined without snapshots. */
    snapshots?: Snapshots;
    shipper: { excludeNamespaces: string[]; bufferMiB: number };
}

interface LoggingDefaults extends Omit<LoggingConfig, "snapshots" | "warm"> {
    warm: NodeTier & { replicas: number };
    snapshots: Snapshots & { enabled: boolean };
}

/**
 * Retention each environment accepts: dev keeps a few days on one small node; prod keeps at least a week, so that
 * an incident noticed after a weekend can still be investigated, and at most a year (beyond that, restore snapshots).
 */
export const RETENTION_BOUNDS: Record<Environment, { min: number; max: number }> = { dev: { min: 1, max: 14 }, prod: { min: 7, max: 365 } };

/** Per-environment defaults; the README's config reference and cost estimate use the same values. */
export const LOGGING_DEFAULTS: Record<Environment, LoggingDefaults> = {
    // dev: one small node on the system pool (dev has no on-demand workload pool), no replica, no warm tier, three
    // days, no snapshots: logs to debug with, at the price of a few GiB.
    dev: {
        enabled: true,
        lifecycle: { retentionDays: 3, rollover: { maxAgeDays: 1, maxPrimaryShardSizeGiB: 10 }, primaryShards: 1, replicas: 0 },
        hot: { count: 1, memoryGiB: 2, cpu: 0.5, storageGiB: 20, capacity: "system", volumeType: "gp3" },
        warm: { count: 0, memoryGiB: 2, cpu: 0.5, storageGiB: HDD_MIN_GIB, capacity: "on-demand", volumeType: "st1", replicas: 0 },
        kibana: { replicas: 1 },
        allowedCidrs: [],
        snapshots: { enabled: false, schedule: "0 30 1 * * ?", keepDays: 7 },
        shipper: { excludeNamespaces: [], bufferMiB: 512 },
    },
    // prod: three hot nodes across zones on on-demand capacity with one replica (a zone can go), seven days on gp3,
    // then 23 days on two warm nodes on st1 HDD (about 45% cheaper per GB than gp3), daily snapshots kept 30 days.
    prod: {
        enabled: true,
        lifecycle: {
            retentionDays: 30,
            warmAfterDays: 7,
            rollover: { maxAgeDays: 1, maxPrimaryShardSizeGiB: 50 },
            primaryShards: 1,
            replicas: 1,
            warmReplicas: 1,
        },
        hot: { count: 3, memoryGiB: 8, cpu: 2, storageGiB: 150, capacity: "on-demand", volumeType: "gp3" },
        warm: { count: 2, memoryGiB: 4, cpu: 1, storageGiB: 700, capacity: "on-demand", volumeType: "st1", replicas: 1 },
        kibana: { replicas: 2 },
        allowedCidrs: [],
        snapshots: { enabled: true, schedule: "0 30 1 * * ?", keepDays: 30 },
        shipper: { excludeNamespaces: [], bufferMiB: 2048 },
    },
};

const CRON = /^\S+( \S+){5,6}$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

const tier = {
    count: wholeNumber().min(0).max(50).optional(),
    memoryGiB: wholeNumber().min(2).max(64).optional(),
    cpu: z.number().gt(0).max(64).optional(),
    storageGiB: wholeNumber().min(10).max(16384).optional(),
    capacity: z.enum(["on-demand", "spot", "system"]).optional(),
    volumeType: z.enum(["gp3", "st1", "sc1"]).optional(),
};

/** `platform:logging`: every key optional, each missing one takes the environment's default. */
export const loggingSchema = z.strictObject({
    /** Build the logging tier at all. */
    enabled: z.boolean().optional(),
    retentionDays: wholeNumber().min(1).optional(),
    warmAfterDays: wholeNumber().min(1).optional(),
    rollover: z
        .strictObject({ maxAgeDays: wholeNumber().min(1).optional(), maxPrimaryShardSizeGiB: wholeNumber().min(1).max(200).optional() })
        .optional(),
    primaryShards: wholeNumber().min(1).max(50).optional(),
    replicas: wholeNumber().min(0).max(2).optional(),
    hot: z.strictObject(tier).optional(),
    warm: z.strictObject({ ...tier, replicas: wholeNumber().min(0).max(2).optional() }).optional(),
    kibana: z.strictObject({ replicas: wholeNumber().min(1).max(10).optional() }).optional(),
    allowedCidrs: z
        .array(
            z
                .string()
                .refine((text) => parseCidr(text) !== undefined, { error: "must be an IPv4 network in CIDR notation such as 10.0.0.0/16" }),
        )
        .optional(),
    snapshots: z
        .strictObject({
            enabled: z.boolean().optional(),
            schedule: z
                .string()
                .regex(CRON, { error: 'must be an Elasticsearch cron expression such as "0 30 1 * * ?" (seconds first, UTC)' })
                .optional(),
            keepDays: wholeNumber().min(1).max(3650).optional(),
        })
        .optional(),
    shipper: z
        .strictObject({
            excludeNamespaces: z.array(z.string().regex(NAMESPACE, { error: "must be a Kubernetes namespace name" })).optional(),
            bufferMiB: wholeNumber().min(64).max(65536).optional(),
        })
        .optional(),
});

export type LoggingOverrides = z.output<typeof loggingSchema>;

/** The environment's defaults overlaid with `platform:logging`. */
export function resolveLogging(environment: Environment, given: LoggingOverrides = {}): LoggingConfig {
    const defaults = LOGGING_DEFAULTS[environment];
    const { replicas: warmReplicas, ...warm } = { ...defaults.warm, ...given.warm };
    const snapshots = { ...defaults.snapshots, ...given.snapshots };
    const withWarm = warm.count > 0;
    return {
        enabled: given.enabled ?? defaults.enabled,
        lifecycle: {
            retentionDays: given.retentionDays ?? defaults.lifecycle.retentionDays,
            ...(withWarm ? { warmAfterDays: given.warmAfterDays ?? defaults.lifecycle.warmAfterDays, warmReplicas } : {}),
            rollover: { ...defaults.lifecycle.rollover, ...given.rollover },
            primaryShards: given.primaryShards ?? defaults.lifecycle.primaryShards,
            replicas: given.replicas ?? defaults.lifecycle.replicas,
        },
        hot: { ...defaults.hot, ...given.hot },
        ...(withWarm ? { warm } : {}),
        kibana: { ...defaults.kibana, ...given.kibana },
        allowedCidrs: given.allowedCidrs ?? defaults.allowedCidrs,
        ...(snapshots.enabled ? { snapshots: { schedule: snapshots.schedule, keepDays: snapshots.keepDays } } : {}),
        shipper: { ...defaults.shipper, ...given.shipper },
    };
}

/** A setting as the config resolves it: the value given, else the environment's default, and where to point a problem. */
function valueAt(environment: Environment, root: Loose, path: readonly string[]): { value: unknown; given: boolean } {
    let given: unknown = root.logging;
    for (const key of path) given = isMap(given) ? given[key] : undefined;
    if (given !== undefined) return { value: given, given: true };
    const defaults = LOGGING_DEFAULTS[environment];
    const lookup: Record<string, unknown> = {
        retentionDays: defaults.lifecycle.retentionDays,
        warmAfterDays: defaults.lifecycle.warmAfterDays,
        "rollover.maxAgeDays": defaults.lifecycle.rollover.maxAgeDays,
        primaryShards: defaults.lifecycle.primaryShards,
        replicas: defaults.lifecycle.replicas,
    };
    const [tierName, key] = path;
    const value =
        (tierName === "hot" || tierName === "warm") && key !== undefined
            ? (defaults[tierName] as unknown as Record<string, unknown>)[key]
            : lookup[path.join(".")];
    return { value, given: false };
}

/** "3 (the prod default)" or "3" */
const described = (environment: Environment, setting: { value: unknown; given: boolean }) =>
    setting.given ? String(setting.value) : `${String(setting.value)}, the ${environment} default`;

/** The capacity types of the hub cluster's workload pools, as its config gives them or the environment's defaults. */
function hubPools(environment: Environment, root: Loose): { name: string; pools: { name: unknown; capacityType: unknown }[] } | undefined {
    const clusters = mapsOf(root.clusters);
    const hubName = stringOrUndefined(root.hubCluster) ?? (clusters.length === 1 ? stringOrUndefined(clusters[0].name) : undefined);
    const hub = clusters.find((cluster) => cluster.name === hubName);
    if (!hub || hubName === undefined) return undefined;
    const pools =
        hub.nodePools === undefined
            ? ENVIRONMENT_DEFAULTS[environment].nodePools
            : Array.isArray(hub.nodePools)
              ? mapsOf(hub.nodePools)
              : [];
    return { name: hubName, pools: pools.map((pool) => ({ name: pool.name, capacityType: pool.capacityType })) };
}

/**
 * Rules on `platform:logging` as resolved with the environment's defaults. Read defensively: they run even when other
 * parts of the config did not parse, and stay silent about a value that has a problem of its own.
 */
export function checkLogging(environment: Environment, root: Loose, ctx: z.RefinementCtx): void {
    if (root.logging !== undefined && !isMap(root.logging)) return;
    const logging = (root.logging ?? {}) as Loose;
    if (logging.enabled === false) return;
    const at = (...path: string[]) => ["logging", ...path];
    const whole = (path: string[]) => {
        const setting = valueAt(environment, root, path);
        return { ...setting, number: wholeOrUndefined(setting.value) };
    };

    const retention = whole(["retentionDays"]);
    const bounds = RETENTION_BOUNDS[environment];
    // Below 1 is the schema's own problem.
    if (
        retention.given &&
        retention.number !== undefined &&
        retention.number >= 1 &&
        (retention.number < bounds.min || retention.number > bounds.max)
    ) {
        ctx.addIssue({
            code: "custom",
            path: at("retentionDays"),
            input: retention.number,
            message:
                environment === "dev"
                    ? `must be from ${bounds.min} to ${bounds.max} days in dev: dev's single small node holds a few days of logs; keep longer ones in prod`
                    : `must be from ${bounds.min} to ${bounds.max} days in prod: under a week loses what an incident noticed after a weekend needs, and beyond a year restore snapshots instead`,
        });
    }

    const warmCount = whole(["warm", "count"]);
    const warmAfter = valueAt(environment, root, ["warmAfterDays"]);
    const withWarm = warmCount.number !== undefined && warmCount.number > 0;
    if (withWarm && warmAfter.value === undefined) {
        ctx.addIssue({
            code: "custom",
            path: at("warmAfterDays"),
            params: { nothingReceived: true },
            message: `is required with a warm tier (platform:logging.warm.count is ${warmCount.number}): the days after rollover at which indices move there`,
        });
    }
    if (!withWarm && warmCount.number !== undefined && warmAfter.given) {
        ctx.addIssue({
            code: "custom",
            path: at("warmAfterDays"),
            input: warmAfter.value,
            message: `needs a warm tier: platform:logging.warm.count is ${described(environment, warmCount)}, so indices would wait forever to move`,
        });
    }
    const warmDays = wholeOrUndefined(warmAfter.value);
    if (withWarm && warmDays !== undefined && retention.number !== undefined && warmDays >= retention.number) {
        ctx.addIssue({
            code: "custom",
            path: at(warmAfter.given ? "warmAfterDays" : "retentionDays"),
            input: warmAfter.given ? warmDays : retention.number,
            message: `must leave indices time on the warm tier: warmAfterDays (${described(environment, warmAfter)}) must be below retentionDays (${described(environment, retention)})`,
        });
    }
    const maxAge = whole(["rollover", "maxAgeDays"]);
    if (maxAge.given && maxAge.number !== undefined && retention.number !== undefined && maxAge.number > retention.number) {
        ctx.addIssue({
            code: "custom",
            path: at("rollover", "maxAgeDays"),
            input: maxAge.number,
            message: `must be <= retentionDays (${described(environment, retention)}): an index written for longer than it is kept would hold logs past retention`,
        });
    }

    const hotCount = whole(["hot", "count"]);
    if (hotCount.given && hotCount.number !== undefined) {
        if (hotCount.number === 0 || hotCount.number === 2) {
            ctx.addIssue({
                code: "custom",
                path: at("hot", "count"),
                input: hotCount.number,
                message:
                    "must be 1 or at least 3: the hot nodes are the master-eligible ones, and two cannot elect a master when one is gone",
            });
        } else if (environment === "prod" && hotCount.number < 3) {
            ctx.addIssue({
                code: "custom",
                path: at("hot", "count"),
                input: hotCount.number,
                message: "must be at least 3 in prod: three nodes in three zones keep a master and every shard when a zone fails",
            });
        }
    }
    const hotVolume = valueAt(environment, root, ["hot", "volumeType"]);
    if (hotVolume.given && typeof hotVolume.value === "string" && hotVolume.value !== "gp3") {
        ctx.addIssue({
            code: "custom",
            path: at("hot", "volumeType"),
            input: hotVolume.value,
            message: "must be gp3: the hot tier indexes and serves recent searches, which HDD volumes are too slow for",
        });
    }
    const warmVolume = valueAt(environment, root, ["warm", "volumeType"]);
    const warmStorage = whole(["warm", "storageGiB"]);
    if (withWarm && warmVolume.value !== "gp3" && warmStorage.number !== undefined && warmStorage.number < HDD_MIN_GIB) {
        ctx.addIssue({
            code: "custom",
            path: at("warm", "storageGiB"),
            input: warmStorage.number,
            message: `must be >= ${HDD_MIN_GIB} on ${String(warmVolume.value)} (platform:logging.warm.volumeType): EBS creates no smaller HDD volume`,
        });
    }

    const copies: [string[], string[], string][] = [[["replicas"], ["hot", "count"], "hot"]];
    if (withWarm) copies.push([["warm", "replicas"], ["warm", "count"], "warm"]);
    for (const [copiesPath, countPath, tierName] of copies) {
        const replicas = whole(copiesPath);
        const nodes = whole(countPath);
        if (
            (replicas.given || nodes.given) &&
            replicas.number !== undefined &&
            nodes.number !== undefined &&
            replicas.number > 0 &&
            replicas.number >= nodes.number
        ) {
            ctx.addIssue({
                code: "custom",
                path: at(...(replicas.given ? copiesPath : countPath)),
                input: replicas.given ? replicas.number : nodes.number,
                message: `leaves replicas unassigned: ${replicas.number} replica(s) need more than ${nodes.number} ${tierName} node(s), as no node holds two copies of a shard (platform:logging.${copiesPath.join(".")} ${described(environment, replicas)}, ${tierName}.count ${described(environment, nodes)})`,
            });
        }
    }
    const shards = whole(["primaryShards"]);
    if (shards.given && shards.number !== undefined && hotCount.number !== undefined && shards.number > hotCount.number) {
        ctx.addIssue({
            code: "custom",
            path: at("primaryShards"),
            input: shards.number,
            message: `must be <= the hot node count (${described(environment, hotCount)}): more primaries than nodes put two on one node for no write speed`,
        });
    }

    const hub = hubPools(environment, root);
    for (const tierName of ["hot", "warm"] as const) {
        if (tierName === "warm" && !withWarm) continue;
        const capacity = valueAt(environment, root, [tierName, "capacity"]);
        if (tierName === "hot" && environment === "prod" && capacity.value === "spot") {
            ctx.addIssue({
                code: "custom",
                path: at("hot", "capacity"),
                input: "spot",
                message:
                    "must not be spot in prod: a spot reclaim takes hot nodes (and the master quorum) at two minutes' notice, across zones at once",
            });
            continue;
        }
        const wanted = capacity.value === "on-demand" ? "ON_DEMAND" : capacity.value === "spot" ? "SPOT" : undefined;
        if (!hub || wanted === undefined || hub.pools.some((pool) => typeof pool.capacityType !== "string")) continue;
        if (!hub.pools.some((pool) => pool.capacityType === wanted)) {
            ctx.addIssue({
                code: "custom",
                path: at(tierName, "capacity"),
                input: capacity.value,
                message: `needs a node pool of capacity type ${wanted} on the hub cluster ${hub.name}, where Elasticsearch runs (its pools: ${hub.pools.map((pool) => String(pool.name)).join(", ") || "none"}): add one, or choose another capacity ("on-demand", "spot" or "system")`,
            });
        }
    }
}
