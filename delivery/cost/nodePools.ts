import type { Registration } from "../monitor";
import { EstimateContext, regionalPrices } from "./context";
import { admits, fitPinnedPods, PoolShape } from "./fitPods";
import { num, record, records, text, texts } from "./inputs";
import { cents, count, rate } from "./money";
import { pinnedPods } from "./pinnedWorkloads";
import type { RegionPrices } from "./prices";
import type { CostItem, CostRange } from "./types";

const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const POOL_LABEL = "berth.dev/pool";
/** What EKS launches when a node group names no instance type. */
const EKS_DEFAULT_INSTANCE_TYPE = "t3.medium";
const TAINT_EFFECTS: Record<string, string> = {
    NO_SCHEDULE: "NoSchedule",
    NO_EXECUTE: "NoExecute",
    PREFER_NO_SCHEDULE: "PreferNoSchedule",
};

interface Pool {
    scope: string;
    region: string;
    /** The pool's own name (label berth.dev/pool), else the node group's. */
    name: string;
    sizes: { min: number; desired: number; max: number };
    /** On demand, a managed node group launches its first instance type (the prioritized strategy). */
    onDemand: { hourly: number; type: string };
    /** Spot: the mean of the listed types' spot prices (price-capacity-optimized spreads over them). */
    spotPrice?: { hourly: number; savings: number[]; types: string[] };
    shape: PoolShape;
    rootVolumes?: { gib: number; volumeType: string; perGbMonth: number };
}

/** Node pools (EC2 instances) and their root volumes, per pool, with the spot pools' on-demand equivalent. */
export function nodePoolItems(context: EstimateContext): CostItem[] {
    const pools = context.index
        .ofType(NODE_GROUP)
        .map((group) => readPool(context, group))
        .filter((pool): pool is Pool => pool !== undefined);
    const sized = sizePools(context, pools);
    const hours = context.assumptions.hoursPerMonth;
    return pools.flatMap((pool) => {
        const nodes = sized.get(pool)!;
        const hourly = pool.spotPrice?.hourly ?? pool.onDemand.hourly;
        const monthly = (n: number, price: number) => cents(n * price * hours);
        const range = (price: number): CostRange => ({
            monthly: monthly(nodes.point, price),
            min: monthly(nodes.min, price),
            max: monthly(nodes.max, price),
        });
        const unitPrice = pool.spotPrice
            ? `${rate(hourly)}/h (spot: ${pool.spotPrice.types.join(", ")} at ${spread(pool.spotPrice.savings)} below on-demand, averaged)`
            : `${rate(hourly)}/h (${pool.onDemand.type} on demand)`;
        const items: CostItem[] = [
            {
                scope: pool.scope,
                region: pool.region,
                category: "nodes",
                name: pool.name,
                detail: `${count(nodes.point, "node")} × ${unitPrice} × ${hours} h; ${nodes.why}`,
                ...range(hourly),
                ...(pool.spotPrice ? { onDemand: range(pool.onDemand.hourly) } : {}),
                assumptions: ["hoursPerMonth", ...(nodes.raised ? ["allocatableShare"] : [])],
            },
        ];
        const root = pool.rootVolumes;
        if (root) {
            const perNode = root.gib * root.perGbMonth;
            items.push({
                scope: pool.scope,
                region: pool.region,
                category: "root volumes",
                name: pool.name,
                detail: `${count(nodes.point, "node")} × ${root.gib} GiB ${root.volumeType} × ${rate(root.perGbMonth)}/GB-month`,
                monthly: cents(nodes.point * perNode),
                min: cents(nodes.min * perNode),
                max: cents(nodes.max * perNode),
            });
        }
        return items;
    });
}

function readPool(context: EstimateContext, group: Registration): Pool | undefined {
    const where = regionalPrices(context, group, "node pool");
    if (!where) return undefined;
    const labels = Object.fromEntries(
        Object.entries(record(group.inputs.labels)).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])),
    );
    const name = labels[POOL_LABEL] ?? group.name;
    const scaling = record(group.inputs.scalingConfig);
    const [min, desired, max] = [num(scaling.minSize), num(scaling.desiredSize), num(scaling.maxSize)];
    if (min === undefined || max === undefined) {
        context.notes.push(`node pool ${name}: not priced, its sizes are not known before deploy`);
        return undefined;
    }
    const listed = texts(group.inputs.instanceTypes);
    const instanceTypes = listed.length > 0 ? listed : [EKS_DEFAULT_INSTANCE_TYPE];
    const { ec2, spot } = where.prices;
    const known = instanceTypes.filter((type) => Object.hasOwn(ec2, type));
    const unknown = instanceTypes.filter((type) => !Object.hasOwn(ec2, type));
    if (known.length === 0) {
        context.notes.push(`node pool ${name}: not priced, no price for ${instanceTypes.join(", ")} in ${where.region}`);
        return undefined;
    }
    if (unknown.length > 0) {
        context.notes.push(`node pool ${name}: no ${where.region} price for ${unknown.join(", ")}; priced from ${known.join(", ")}`);
    }
    const first = known[0];
    const isSpot = text(group.inputs.capacityType) === "SPOT";
    const savings = known.map((type) =>
        Object.hasOwn(spot.savingsPercent, type) ? spot.savingsPercent[type] : spot.defaultSavingsPercent,
    );
    // Four decimals, as AWS shows spot prices: the item's arithmetic then reads exactly as it is computed.
    const spotHourly = Number(
        (known.reduce((sum, type, i) => sum + ec2[type].onDemandHourly * (1 - savings[i] / 100), 0) / known.length).toFixed(4),
    );
    const share = context.assumptions.allocatableShare;
    return {
        scope: context.index.scopeOf(group),
        region: where.region,
        name,
        sizes: { min, desired: desired ?? min, max },
        onDemand: { hourly: ec2[first].onDemandHourly, type: first },
        ...(isSpot ? { spotPrice: { hourly: spotHourly, savings, types: known } } : {}),
        shape: {
            name: `${context.index.scopeOf(group)}/${name}`,
            labels,
            taints: records(group.inputs.taints).flatMap((t) => {
                const key = text(t.key);
                const effect = text(t.effect);
                return key === undefined || effect === undefined
                    ? []
                    : [{ key, value: text(t.value), effect: TAINT_EFFECTS[effect] ?? effect }];
            }),
            allocatable: { cpu: ec2[first].vcpu * share, memoryGiB: ec2[first].memoryGiB * share },
            hourly: isSpot ? spotHourly : ec2[first].onDemandHourly,
        },
        rootVolumes: rootVolumes(context, group, where.prices),
    };
}

/** The EBS root volume each node gets from the pool's launch template (or the node group's own disk size). */
function rootVolumes(context: EstimateContext, group: Registration, prices: RegionPrices): Pool["rootVolumes"] {
    const template = group.dependencies.map((urn) => context.index.byUrn.get(urn)).find((r) => r?.type === LAUNCH_TEMPLATE);
    const ebs = records(template?.inputs.blockDeviceMappings).map((mapping) => record(mapping.ebs))[0];
    const gib = num(ebs?.volumeSize) ?? num(group.inputs.diskSize);
    if (gib === undefined) return undefined;
    // EKS's own launch template gives AL2023 nodes gp3 root volumes.
    const volumeType = text(ebs?.volumeType) ?? "gp3";
    const perGbMonth = prices.ebs[volumeType];
    if (perGbMonth === undefined) {
        context.notes.push(`root volumes of ${group.name}: no ${prices.region} price for EBS ${volumeType}`);
        return undefined;
    }
    return { gib, volumeType, perGbMonth };
}

interface Sized {
    point: number;
    min: number;
    max: number;
    raised: boolean;
    /** Why the point estimate has this many nodes. */
    why: string;
}

/**
 * Node counts per pool: the point estimate at the starting size and the low end at the minimum, each raised to what
 * the cluster's pinned pods need (the autoscaler adds those nodes as soon as the pods exist), the high end at the
 * maximum. One cluster's pools are sized together, since a pod may fit more than one of them.
 */
function sizePools(context: EstimateContext, pools: Pool[]): Map<Pool, Sized> {
    const sized = new Map<Pool, Sized>();
    const pods = pinnedPods(context.index);
    for (const scope of new Set(pools.map((pool) => pool.scope))) {
        const inScope = pools.filter((pool) => pool.scope === scope);
        const shapes = inScope.map((pool) => pool.shape);
        const scoped = pods.filter((group) => group.scope === scope);
        const atStart = fitPinnedPods(shapes, new Map(inScope.map((p) => [p.shape.name, p.sizes.desired])), scoped);
        const atMin = fitPinnedPods(shapes, new Map(inScope.map((p) => [p.shape.name, p.sizes.min])), scoped);
        for (const line of atStart.unplaced) context.notes.push(`${scope}: pinned pods not counted, ${line}`);
        for (const pool of inScope) {
            const needed = atStart.counts.get(pool.shape.name) ?? pool.sizes.desired;
            const neededAtMin = atMin.counts.get(pool.shape.name) ?? pool.sizes.min;
            const { desired, max } = pool.sizes;
            const raisedBy = scoped.filter((group) => admits(pool.shape, group)).map((group) => group.name);
            if (needed > max) {
                context.notes.push(
                    `${scope}/${pool.name}: its pinned pods need ${count(needed, "node")}, more than its maxSize ${max}: some would stay pending`,
                );
            }
            const point = Math.min(needed, max);
            sized.set(pool, {
                point,
                min: Math.min(neededAtMin, max),
                max,
                raised: point > desired,
                why:
                    point > desired
                        ? `raised from the starting size ${desired} to fit the requests of ${raisedBy.length > 0 ? raisedBy.join(", ") : "pods pinned to it"}`
                        : `starting size ${desired} (${pool.sizes.min}-${max})`,
            });
        }
    }
    return sized;
}

/** "53-56%" or "55%" */
function spread(savings: number[]): string {
    const [low, high] = [Math.min(...savings), Math.max(...savings)];
    return low === high ? `${low}%` : `${low}-${high}%`;
}
