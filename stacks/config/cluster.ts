import { z } from "zod";
import { clusterAutoscalerChart, DEFAULT_KUBERNETES_MINOR, KUBERNETES_MINORS, parseCidr } from "../../components";
import { autoscalingSchema } from "./autoscaling";
import { dashboardSchema } from "./dashboard";
import { ingressSchema } from "./ingress";
import { clusterMonitoringSchema } from "./monitoring";
import { ALL_CONTROL_PLANE_LOGS, Environment, ENVIRONMENT_DEFAULTS } from "./defaults";
import { nodePoolSchema, systemPoolSchema } from "./nodePool";
import { everyMap, isMap, Loose, mapsOf, stringOrUndefined, wholeNumber } from "./partial";
import { ROLE_ARN } from "./patterns";
import { region, regionProblem } from "./regions";

const CLUSTER_NAME = /^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/;

/** EKS quotas a cluster's config can exceed (EKS service quotas page). */
const EKS_QUOTAS = {
    /** "Public endpoint access CIDR ranges per cluster", not adjustable. */
    publicAccessCidrs: 40,
    /** "Managed node groups per cluster"; the system pool is one of them. */
    managedNodeGroups: 30,
};

const cidr = z
    .string()
    .refine((text) => parseCidr(text) !== undefined, { error: "must be an IPv4 network in CIDR notation such as 10.0.0.0/16" });

/** Everything the config schemas need to know that is not in the config itself. */
export interface SchemaContext {
    environment: Environment;
}

/**
 * A Kubernetes minor Berth has versions for. Being past the end of EKS standard support is not a problem here: it
 * costs more, and the config only warns about it (see support.ts), so that a date never breaks a deploy.
 */
const kubernetesVersion = z
    .string({
        error: (issue) =>
            typeof issue.input === "number"
                ? `must be a quoted string such as "${DEFAULT_KUBERNETES_MINOR}": YAML reads an unquoted 1.30 as the number 1.3`
                : undefined,
    })
    .superRefine((minor, ctx) => {
        const known = KUBERNETES_MINORS.map((entry) => entry.minor);
        if (!known.includes(minor)) {
            ctx.addIssue({
                code: "custom",
                input: minor,
                message: `is not a Kubernetes minor Berth has versions for (known: ${known.join(", ")})`,
            });
            return;
        }
        const autoscaler = clusterAutoscalerChart(minor);
        if ("refusal" in autoscaler) {
            ctx.addIssue({ code: "custom", input: minor, message: autoscaler.refusal });
        }
    })
    .default(DEFAULT_KUBERNETES_MINOR);

/** Rules across a cluster's keys; each reads only the fields that parsed (see partial.ts). */
function checkCluster(environment: Environment, cluster: Loose, ctx: z.RefinementCtx): void {
    const clusterRegion = stringOrUndefined(cluster.region);
    const zones = isMap(cluster.network) ? cluster.network.availabilityZones : undefined;
    if (Array.isArray(zones) && clusterRegion !== undefined && regionProblem(clusterRegion) === undefined) {
        for (const [index, zone] of zones.entries()) {
            if (typeof zone === "string" && !new RegExp(`^${clusterRegion}[a-z]$`).test(zone)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["network", "availabilityZones", index],
                    input: zone,
                    message: `must be a zone of ${clusterRegion} such as ${clusterRegion}a`,
                });
            }
        }
    }
    const pools = mapsOf(cluster.nodePools);
    const names = pools.map((pool) => pool.name);
    for (const [index, name] of names.entries()) {
        if (typeof name === "string" && names.indexOf(name) !== index) {
            ctx.addIssue({
                code: "custom",
                path: ["nodePools", index, "name"],
                input: name,
                message: "is used by another node pool of this cluster",
            });
        }
    }
    const capacityTypes = pools.map((pool) => pool.capacityType);
    // Only when every pool's capacity type parsed, so that a misspelt "SPOTT" is one problem, not two.
    if (pools.length > 0 && capacityTypes.every((type) => type === "SPOT" || type === "ON_DEMAND") && !capacityTypes.includes("SPOT")) {
        ctx.addIssue({
            code: "custom",
            path: ["nodePools"],
            input: names,
            message: "must include at least one SPOT pool: spot capacity is what keeps the platform within budget",
        });
    }
    if (isMap(cluster.endpoint)) {
        checkEndpoint(environment, cluster.endpoint, ctx);
    }
}

function checkEndpoint(environment: Environment, endpoint: Loose, ctx: z.RefinementCtx): void {
    const { privateAccess, publicAccess, publicAccessCidrs } = endpoint;
    if (privateAccess === false && publicAccess === false) {
        ctx.addIssue({
            code: "custom",
            path: ["endpoint"],
            input: endpoint,
            message: "enables neither private nor public access: nothing could reach the API",
        });
    }
    if (environment !== "prod" || publicAccess !== true) {
        return;
    }
    if (privateAccess === false) {
        ctx.addIssue({
            code: "custom",
            path: ["endpoint", "privateAccess"],
            input: false,
            message: "must be true in prod: nodes reach the API privately",
        });
    }
    if (publicAccessCidrs === undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["endpoint", "publicAccessCidrs"],
            params: { nothingReceived: true },
            message:
                "is required in prod: list the CIDRs allowed to reach the public API (e.g. the CI runners'), or set publicAccess: false",
        });
    } else if (
        Array.isArray(publicAccessCidrs) &&
        publicAccessCidrs.some((text) => typeof text === "string" && parseCidr(text)?.prefix === 0)
    ) {
        ctx.addIssue({
            code: "custom",
            path: ["endpoint", "publicAccessCidrs"],
            input: publicAccessCidrs,
            message: "must not open the prod API to 0.0.0.0/0",
        });
    }
}

export function clusterSchema({ environment }: SchemaContext) {
    const defaults = ENVIRONMENT_DEFAULTS[environment];
    return z
        .strictObject({
            /** Cluster name: also the EKS cluster's name and the prefix of its resources. */
            name: z.string().regex(CLUSTER_NAME, { error: "must be 1-32 lowercase letters, digits or '-', starting with a letter" }),
            region,
            kubernetesVersion,
            network: z
                .strictObject({
                    cidr: cidr.superRefine((text, ctx) => {
                        const prefix = parseCidr(text)?.prefix;
                        if (prefix !== undefined && (prefix < 16 || prefix > 20)) {
                            ctx.addIssue({
                                code: "custom",
                                input: text,
                                message: "must be a /16 to /20 network: pods take their IPs from the VPC",
                            });
                        }
                    }),
                    availabilityZones: z
                        .union([wholeNumber().min(2).max(6), z.array(z.string()).min(2).max(6)], {
                            error: "must be a number of zones (2-6) or a list of 2-6 zone names",
                        })
                        .default(defaults.azCount),
                    natGateways: z.enum(["single", "perAz"]).default(defaults.natGateways),
                })
                .superRefine((network: Loose, ctx) => {
                    const zones = network.availabilityZones;
                    if (Array.isArray(zones) && new Set(zones).size !== zones.length) {
                        ctx.addIssue({ code: "custom", path: ["availabilityZones"], input: zones, message: "lists a zone more than once" });
                    }
                }, everyMap),
            endpoint: z
                .strictObject({
                    privateAccess: z.boolean().default(true),
                    publicAccess: z.boolean().default(true),
                    publicAccessCidrs: z
                        .array(cidr)
                        .min(1)
                        .max(EKS_QUOTAS.publicAccessCidrs, {
                            error: `must list at most ${EKS_QUOTAS.publicAccessCidrs} networks: EKS allows no more per cluster (service quota "Public endpoint access CIDR ranges per cluster")`,
                        })
                        .optional(),
                })
                .default({ privateAccess: true, publicAccess: true }),
            secretsEncryption: z.boolean().default(defaults.secretsEncryption),
            controlPlaneLogs: z.array(z.enum(ALL_CONTROL_PLANE_LOGS as [string, ...string[]])).default(defaults.controlPlaneLogs),
            deletionProtection: z.boolean().default(defaults.deletionProtection),
            /** IAM roles granted cluster-admin through EKS access entries. */
            adminRoleArns: z.array(z.string().regex(ROLE_ARN, { error: "must be an IAM role ARN" })).default([]),
            systemPool: systemPoolSchema(environment).prefault({}),
            nodePools: z
                .array(nodePoolSchema)
                .min(1)
                .max(EKS_QUOTAS.managedNodeGroups - 1, {
                    error: `must have at most ${EKS_QUOTAS.managedNodeGroups - 1} pools: EKS allows ${EKS_QUOTAS.managedNodeGroups} managed node groups per cluster (service quota "Managed node groups per cluster") and the system pool is one`,
                })
                .default(() => defaults.nodePools.map((pool) => ({ ...pool, diskSizeGiB: 50, labels: {}, taints: [] }))),
            /** Overrides of platform:autoscaling for this cluster; resolved in the platform schema. */
            autoscaling: autoscalingSchema.optional(),
            /** Overrides of platform:ingress for this cluster; resolved in the platform schema. */
            ingress: ingressSchema.optional(),
            /** Overrides of platform:dashboard for this cluster; resolved in the platform schema. */
            dashboard: dashboardSchema.optional(),
            /** Overrides of platform:monitoring's prometheus and alertmanager for this cluster; resolved in the platform schema. */
            monitoring: clusterMonitoringSchema.optional(),
        })
        .superRefine((cluster: Loose, ctx) => checkCluster(environment, cluster, ctx), everyMap)
        .transform((cluster) => ({
            ...cluster,
            endpoint: {
                ...cluster.endpoint,
                publicAccessCidrs: cluster.endpoint.publicAccess
                    ? (cluster.endpoint.publicAccessCidrs ?? defaults.publicAccessCidrs ?? [])
                    : [],
            },
        }));
}
