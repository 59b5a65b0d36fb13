import { z } from "zod";
import { EKS_MAX_NODES_PER_GROUP, poolArchitecture } from "../../components";
import { Environment, ENVIRONMENT_DEFAULTS } from "./defaults";
import { everyMap, Loose, stringOrUndefined, stringsOrUndefined, wholeNumber, wholeOrUndefined } from "./partial";

/** Taint effects as Kubernetes spells them; the node pool maps them to the EKS API's spelling. */
export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;

// Kubernetes label/taint keys: an optional DNS prefix and a name of up to 63 characters.
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
export const POOL_NAME = /^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/;

const labelKey = z.string().regex(LABEL_KEY, { error: "must be a Kubernetes label key such as team or example.com/tier" });

const taint = z.strictObject({
    key: labelKey,
    value: z.string().regex(LABEL_VALUE, { error: "must be a Kubernetes label value" }).optional(),
    effect: z.enum(TAINT_EFFECTS),
});

/** Sizes shared by the system pool and workload pools; min <= desired <= max is a rule across them (checkSizes). */
const sizes = {
    minSize: wholeNumber().min(0),
    maxSize: wholeNumber()
        .min(1)
        .max(EKS_MAX_NODES_PER_GROUP, {
            error: `must be <= ${EKS_MAX_NODES_PER_GROUP}: EKS runs at most ${EKS_MAX_NODES_PER_GROUP} nodes in one managed node group (service quota "Nodes per managed node group"); split the pool`,
        }),
    desiredSize: wholeNumber().min(0),
};

const diskSizeGiB = wholeNumber().min(20).max(16384).default(50);

const instanceTypes = z.array(z.string().regex(INSTANCE_TYPE, { error: "must be an EC2 instance type such as m6i.large" })).min(1);

/** A pool size as a rule sees it: the number, and the environment whose default it is when the config left it out. */
interface Size {
    value: number;
    defaultOf?: Environment;
}

const shownSize = (size: Size) => (size.defaultOf ? `${size.value}, the ${size.defaultOf} default` : `${size.value}`);

/** "(got 1, minSize 3)", or with "; " between the parts when one of them explains that it is a default. */
function received(got: Size, ...others: [string, Size][]): string {
    const parts = [shownSize(got), ...others.map(([name, size]) => `${name} ${shownSize(size)}`)];
    const separator = [got, ...others.map(([, size]) => size)].some((size) => size.defaultOf) ? "; " : ", ";
    return `(got ${parts.join(separator)})`;
}

function checkSizes(min: Size | undefined, max: Size | undefined, desired: Size | undefined, ctx: z.RefinementCtx): void {
    if (min === undefined || max === undefined) {
        return;
    }
    if (max.value < min.value) {
        ctx.addIssue({
            code: "custom",
            path: ["maxSize"],
            input: max.value,
            message: `must be >= minSize ${received(max, ["minSize", min])}`,
        });
    }
    if (desired !== undefined && (desired.value < min.value || desired.value > max.value)) {
        ctx.addIssue({
            code: "custom",
            path: ["desiredSize"],
            input: desired.value,
            message: `must be between minSize and maxSize ${received(desired, ["minSize", min], ["maxSize", max])}`,
        });
    }
}

/** Rules on a pool's instance types: no repeats, and one architecture, since a node group boots one AMI. */
function checkInstanceTypes(types: string[] | undefined, ctx: z.RefinementCtx): void {
    if (types === undefined) {
        return;
    }
    const duplicates = types.filter((type, index) => types.indexOf(type) !== index);
    if (duplicates.length > 0) {
        ctx.addIssue({ code: "custom", path: ["instanceTypes"], input: types, message: `lists ${duplicates.join(", ")} more than once` });
    }
    const valid = types.filter((type) => INSTANCE_TYPE.test(type));
    const architecture = valid.length > 0 ? poolArchitecture(valid) : undefined;
    if (architecture && "refusal" in architecture) {
        ctx.addIssue({ code: "custom", path: ["instanceTypes"], input: types, message: architecture.refusal });
    }
}

const given = (value: unknown): Size | undefined => {
    const whole = wholeOrUndefined(value);
    return whole === undefined ? undefined : { value: whole };
};

/** Minimum instance types in a SPOT pool: capacity-optimized allocation needs pools to choose from. */
export const MIN_SPOT_INSTANCE_TYPES = 3;

export const nodePoolSchema = z
    .strictObject({
        name: z.string().regex(POOL_NAME, { error: "must be 1-32 lowercase letters, digits or '-', starting with a letter" }),
        capacityType: z.enum(["SPOT", "ON_DEMAND"]),
        instanceTypes,
        ...sizes,
        /** Root volume size of each node. */
        diskSizeGiB,
        labels: z.record(labelKey, z.string().regex(LABEL_VALUE, { error: "must be a Kubernetes label value" })).default({}),
        taints: z.array(taint).default([]),
    })
    .superRefine((pool: Loose, ctx) => {
        checkSizes(given(pool.minSize), given(pool.maxSize), given(pool.desiredSize), ctx);
        const types = stringsOrUndefined(pool.instanceTypes);
        checkInstanceTypes(types, ctx);
        if (pool.capacityType === "SPOT" && types !== undefined && types.length < MIN_SPOT_INSTANCE_TYPES) {
            ctx.addIssue({
                code: "custom",
                path: ["instanceTypes"],
                input: types,
                message: `a SPOT pool needs at least ${MIN_SPOT_INSTANCE_TYPES} instance types so that capacity-optimized allocation can find capacity (got ${types.length})`,
            });
        }
        if (stringOrUndefined(pool.name) === "system") {
            ctx.addIssue({
                code: "custom",
                path: ["name"],
                input: pool.name,
                message: `"system" is reserved for the platform pool; configure it under systemPool`,
            });
        }
    }, everyMap);

/**
 * The on-demand pool that runs platform add-ons; Berth names, taints and labels it itself. Every key is optional:
 * what is left out comes from the environment's defaults, and a rule that involves a default says so.
 */
export function systemPoolSchema(environment: Environment) {
    const defaults = ENVIRONMENT_DEFAULTS[environment].systemPool;
    const sizeOf = (value: unknown, fallback: number): Size | undefined =>
        value === undefined ? { value: fallback, defaultOf: environment } : given(value);
    return z
        .strictObject({
            instanceTypes: instanceTypes.optional(),
            minSize: sizes.minSize.min(1, { error: "must be >= 1: platform add-ons run only on the system pool" }).optional(),
            maxSize: sizes.maxSize.optional(),
            desiredSize: sizes.desiredSize.optional(),
            diskSizeGiB,
        })
        .superRefine((pool: Loose, ctx) => {
            checkSizes(
                sizeOf(pool.minSize, defaults.minSize),
                sizeOf(pool.maxSize, defaults.maxSize),
                sizeOf(pool.desiredSize, defaults.desiredSize),
                ctx,
            );
            checkInstanceTypes(stringsOrUndefined(pool.instanceTypes), ctx);
        }, everyMap)
        .transform((pool) => ({
            instanceTypes: pool.instanceTypes ?? defaults.instanceTypes,
            minSize: pool.minSize ?? defaults.minSize,
            maxSize: pool.maxSize ?? defaults.maxSize,
            desiredSize: pool.desiredSize ?? defaults.desiredSize,
            diskSizeGiB: pool.diskSizeGiB,
        }));
}

export type NodePoolConfig = z.output<typeof nodePoolSchema>;
export type SystemPoolConfig = z.output<ReturnType<typeof systemPoolSchema>>;
