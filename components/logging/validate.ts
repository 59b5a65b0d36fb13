import type { ArgProblem } from "../lib/argProblems";
import { parseCidr } from "../lib/cidr";
import type { LogShipperArgs } from "./logShipper";
import type { LoggingArgs } from "./logging";
import { HDD_MIN_GIB, NodeTier } from "./tiers";

/** A cluster name as it appears in user, role and data stream names (which Elasticsearch wants lowercase). */
const CLUSTER_NAME = /^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/;
/** A Kubernetes namespace name (DNS-1123 label). */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** An Elasticsearch cron expression: seconds, minutes, hours, day of month, month, day of week, optional year. */
const CRON = /^\S+( \S+){5,6}$/;

const whole = (value: number, min: number, max = Number.MAX_SAFE_INTEGER) => Number.isInteger(value) && value >= min && value <= max;

function tierProblems(path: string, tier: NodeTier, minCount: number): ArgProblem[] {
    const problems: ArgProblem[] = [];
    if (!whole(tier.count, minCount))
        problems.push({ propertyPath: `${path}.count`, reason: `must be a whole number >= ${minCount} (got ${tier.count})` });
    if (!whole(tier.memoryGiB, 2, 64)) {
        problems.push({ propertyPath: `${path}.memoryGiB`, reason: `must be a whole number of GiB from 2 to 64 (got ${tier.memoryGiB})` });
    }
    if (!(tier.cpu > 0 && tier.cpu <= 64))
        problems.push({ propertyPath: `${path}.cpu`, reason: `must be > 0 and <= 64 cores (got ${tier.cpu})` });
    if (!whole(tier.storageGiB, 1, 16384)) {
        problems.push({
            propertyPath: `${path}.storageGiB`,
            reason: `must be a whole number of GiB from 1 to 16384 (got ${tier.storageGiB})`,
        });
    } else if (tier.volumeType !== "gp3" && tier.storageGiB < HDD_MIN_GIB) {
        problems.push({
            propertyPath: `${path}.storageGiB`,
            reason: `must be >= ${HDD_MIN_GIB} on ${tier.volumeType}: EBS creates no smaller ${tier.volumeType} volume (got ${tier.storageGiB})`,
        });
    }
    return problems;
}

/** Every problem with a Logging component's arguments, so that it is safe to use without Berth's stack config. */
export function loggingArgProblems(args: LoggingArgs): ArgProblem[] {
    const problems: ArgProblem[] = [];
    if (args.shippers.length === 0) problems.push({ propertyPath: "shippers", reason: "must name at least one cluster that ships logs" });
    for (const [index, shipper] of args.shippers.entries()) {
        if (!CLUSTER_NAME.test(shipper)) {
            problems.push({ propertyPath: `shippers[${index}]`, reason: `must be a lowercase cluster name (got ${shipper})` });
        } else if (args.shippers.indexOf(shipper) !== index) {
            problems.push({ propertyPath: `shippers[${index}]`, reason: `names ${shipper} twice` });
        }
    }
    for (const [index, cidr] of args.allowedCidrs.entries()) {
        if (!parseCidr(cidr))
            problems.push({ propertyPath: `allowedCidrs[${index}]`, reason: `must be an IPv4 network such as 10.0.0.0/16 (got ${cidr})` });
    }
    problems.push(...tierProblems("hot", args.hot, 1));
    if (args.hot.volumeType !== "gp3") {
        problems.push({
            propertyPath: "hot.volumeType",
            reason: `must be gp3: the hot tier indexes and searches, which HDD is too slow for (got ${args.hot.volumeType})`,
        });
    }
    if (args.warm) problems.push(...tierProblems("warm", args.warm, 0));
    const warmNodes = args.warm?.count ?? 0;
    const { lifecycle } = args;
    if (!whole(lifecycle.retentionDays, 1)) {
        problems.push({
            propertyPath: "lifecycle.retentionDays",
            reason: `must be a whole number of days >= 1 (got ${lifecycle.retentionDays})`,
        });
    }
    if (lifecycle.warmAfterDays !== undefined) {
        if (warmNodes === 0) {
            problems.push({
                propertyPath: "lifecycle.warmAfterDays",
                reason: "needs a warm tier (warm.count >= 1): without warm nodes, indices would wait forever to move",
            });
        } else if (!whole(lifecycle.warmAfterDays, 1) || lifecycle.warmAfterDays >= lifecycle.retentionDays) {
            problems.push({
                propertyPath: "lifecycle.warmAfterDays",
                reason: `must be a whole number of days >= 1 and below retentionDays (got ${lifecycle.warmAfterDays}, retentionDays ${lifecycle.retentionDays})`,
            });
        }
    } else if (warmNodes > 0) {
        problems.push({ propertyPath: "lifecycle.warmAfterDays", reason: "is required with a warm tier: it says when indices move there" });
    }
    if (!whole(lifecycle.rollover.maxAgeDays, 1) || lifecycle.rollover.maxAgeDays > lifecycle.retentionDays) {
        problems.push({
            propertyPath: "lifecycle.rollover.maxAgeDays",
            reason: `must be a whole number of days from 1 to retentionDays (got ${lifecycle.rollover.maxAgeDays}, retentionDays ${lifecycle.retentionDays})`,
        });
    }
    if (!whole(lifecycle.rollover.maxPrimaryShardSizeGiB, 1, 200)) {
        problems.push({
            propertyPath: "lifecycle.rollover.maxPrimaryShardSizeGiB",
            reason: `must be a whole number of GiB from 1 to 200 (got ${lifecycle.rollover.maxPrimaryShardSizeGiB})`,
        });
    }
    if (!whole(lifecycle.primaryShards, 1, Math.max(1, args.hot.count))) {
        problems.push({
            propertyPath: "lifecycle.primaryShards",
            reason: `must be a whole number from 1 to the hot node count, ${args.hot.count} (got ${lifecycle.primaryShards})`,
        });
    }
    const copiesPerTier: [string, number, number][] = [["replicas", lifecycle.replicas, args.hot.count]];
    if (warmNodes > 0) copiesPerTier.push(["warmReplicas", lifecycle.warmReplicas ?? lifecycle.replicas, warmNodes]);
    for (const [key, copies, nodes] of copiesPerTier) {
        if (!whole(copies, 0) || (copies > 0 && copies > nodes - 1)) {
            problems.push({
                propertyPath: `lifecycle.${key}`,
                reason: `must be a whole number from 0 to ${Math.max(0, nodes - 1)} (got ${copies}): a copy never shares a node with another copy of its shard, so ${nodes} node${nodes === 1 ? "" : "s"} hold at most ${Math.max(0, nodes - 1)} replica${nodes === 2 ? "" : "s"}`,
            });
        }
    }
    if (args.kibana?.replicas !== undefined && !whole(args.kibana.replicas, 1, 10)) {
        problems.push({ propertyPath: "kibana.replicas", reason: `must be a whole number from 1 to 10 (got ${args.kibana.replicas})` });
    }
    if (args.snapshots) {
        if (!CRON.test(args.snapshots.schedule)) {
            problems.push({
                propertyPath: "snapshots.schedule",
                reason: `must be an Elasticsearch cron expression such as "0 30 1 * * ?" (seconds first; got ${args.snapshots.schedule})`,
            });
        }
        if (!whole(args.snapshots.keepDays, 1)) {
            problems.push({
                propertyPath: "snapshots.keepDays",
                reason: `must be a whole number of days >= 1 (got ${args.snapshots.keepDays})`,
            });
        }
    }
    return problems;
}

/** Every problem with a LogShipper's arguments. */
export function logShipperArgProblems(args: LogShipperArgs): ArgProblem[] {
    const problems: ArgProblem[] = [];
    if (!CLUSTER_NAME.test(args.cluster.clusterName)) {
        problems.push({
            propertyPath: "cluster.clusterName",
            reason: `must be a lowercase cluster name (got ${args.cluster.clusterName})`,
        });
    }
    for (const [index, namespace] of (args.excludeNamespaces ?? []).entries()) {
        if (!NAMESPACE.test(namespace)) {
            problems.push({
                propertyPath: `excludeNamespaces[${index}]`,
                reason: `must be a Kubernetes namespace name (got ${namespace})`,
            });
        }
    }
    if (args.bufferMiB !== undefined && !whole(args.bufferMiB, 64, 65536)) {
        problems.push({ propertyPath: "bufferMiB", reason: `must be a whole number of MiB from 64 to 65536 (got ${args.bufferMiB})` });
    }
    return problems;
}
