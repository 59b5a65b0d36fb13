import { z } from "zod";

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

/** Sizes shared by the system pool and workload pools, with min <= desired <= max. */
const sizes = {
    minSize: z.number().int().min(0),
    maxSize: z.number().int().min(1),
    desiredSize: z.number().int().min(0),
};

const instanceTypes = z.array(z.string().regex(INSTANCE_TYPE, { error: "must be an EC2 instance type such as m6i.large" })).min(1);

type Sized = { minSize: number; maxSize: number; desiredSize: number; instanceTypes: string[] };

function checkSizes(pool: Sized, ctx: z.RefinementCtx): void {
    if (pool.maxSize < pool.minSize) {
        ctx.addIssue({
            code: "custom",
            path: ["maxSize"],
            input: pool.maxSize,
            message: `must be >= minSize (got ${pool.maxSize}, minSize ${pool.minSize})`,
        });
    }
    if (pool.desiredSize < pool.minSize || pool.desiredSize > pool.maxSize) {
        ctx.addIssue({
            code: "custom",
            path: ["desiredSize"],
            input: pool.desiredSize,
            message: `must be between minSize and maxSize (got ${pool.desiredSize}, minSize ${pool.minSize}, maxSize ${pool.maxSize})`,
        });
    }
    const duplicates = pool.instanceTypes.filter((type, index) => pool.instanceTypes.indexOf(type) !== index);
    if (duplicates.length > 0) {
        ctx.addIssue({
            code: "custom",
            path: ["instanceTypes"],
            input: pool.instanceTypes,
            message: `lists ${duplicates.join(", ")} more than once`,
        });
    }
}

/** Minimum instance types in a SPOT pool: capacity-optimized allocation needs pools to choose from. */
export const MIN_SPOT_INSTANCE_TYPES = 3;

export const nodePoolSchema = z
    .strictObject({
        name: z.string().regex(POOL_NAME, { error: "must be 1-32 lowercase letters, digits or '-', starting with a letter" }),
        capacityType: z.enum(["SPOT", "ON_DEMAND"]),
        instanceTypes,
        ...sizes,
        /** Root volume size of each node. */
        diskSizeGiB: z.number().int().min(20).max(16384).default(50),
        labels: z.record(labelKey, z.string().regex(LABEL_VALUE, { error: "must be a Kubernetes label value" })).default({}),
        taints: z.array(taint).default([]),
    })
    .superRefine((pool, ctx) => {
        checkSizes(pool, ctx);
        if (pool.capacityType === "SPOT" && pool.instanceTypes.length < MIN_SPOT_INSTANCE_TYPES) {
            ctx.addIssue({
                code: "custom",
                path: ["instanceTypes"],
                input: pool.instanceTypes,
                message: `a SPOT pool needs at least ${MIN_SPOT_INSTANCE_TYPES} instance types so that capacity-optimized allocation can find capacity (got ${pool.instanceTypes.length})`,
            });
        }
        if (pool.name === "system") {
            ctx.addIssue({
                code: "custom",
                path: ["name"],
                input: pool.name,
                message: `"system" is reserved for the platform pool; configure it under systemPool`,
            });
        }
    });

/** The on-demand pool that runs platform add-ons; Berth names, taints and labels it itself. */
export function systemPoolSchema(defaults: { instanceTypes: string[]; minSize: number; maxSize: number; desiredSize: number }) {
    return z
        .strictObject({
            instanceTypes: instanceTypes.default(defaults.instanceTypes),
            minSize: sizes.minSize
                .min(1, { error: "must be >= 1: platform add-ons run only on the system pool" })
                .default(defaults.minSize),
            maxSize: sizes.maxSize.default(defaults.maxSize),
            desiredSize: sizes.desiredSize.default(defaults.desiredSize),
            diskSizeGiB: z.number().int().min(20).max(16384).default(50),
        })
        .superRefine(checkSizes);
}

export type NodePoolConfig = z.output<typeof nodePoolSchema>;
export type SystemPoolConfig = z.output<ReturnType<typeof systemPoolSchema>>;
