import { z } from "zod";
import { parseCidr } from "../../components/lib/cidr";
import { clusterAutoscalerChart, DEFAULT_KUBERNETES_MINOR, minorSupport } from "../../components/lib/versions";
import { autoscalingSchema } from "./autoscaling";
import { ALL_CONTROL_PLANE_LOGS, Environment, ENVIRONMENT_DEFAULTS } from "./defaults";
import { nodePoolSchema, systemPoolSchema } from "./nodePool";
import { REGION, ROLE_ARN } from "./patterns";

const CLUSTER_NAME = /^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/;

const cidr = z
    .string()
    .refine((text) => parseCidr(text) !== undefined, { error: "must be an IPv4 network in CIDR notation such as 10.0.0.0/16" });

/** Everything the cluster schema needs to know that is not in the config itself. */
export interface SchemaContext {
    environment: Environment;
    /** "Today" for the end-of-support check; a parameter so tests do not age. */
    today: Date;
}

function kubernetesVersion(today: Date) {
    return z
        .string({
            error: (issue) =>
                typeof issue.input === "number"
                    ? `must be a quoted string such as "${DEFAULT_KUBERNETES_MINOR}": YAML reads an unquoted 1.30 as the number 1.3`
                    : undefined,
        })
        .superRefine((minor, ctx) => {
            const support = minorSupport(minor, today);
            if (support.status === "unknown") {
                ctx.addIssue({
                    code: "custom",
                    input: minor,
                    message: `is not a Kubernetes minor Berth supports (supported: ${support.known.join(", ")})`,
                });
            } else if (support.status === "ended") {
                ctx.addIssue({
                    code: "custom",
                    input: minor,
                    message: `reached end of EKS standard support on ${support.endOfStandardSupport}; upgrade to ${DEFAULT_KUBERNETES_MINOR}`,
                });
            } else {
                // Only for a minor Berth knows and supports, so that one mistake gives one message.
                const autoscaler = clusterAutoscalerChart(minor);
                if ("refusal" in autoscaler) {
                    ctx.addIssue({ code: "custom", input: minor, message: autoscaler.refusal });
                }
            }
        })
        .default(DEFAULT_KUBERNETES_MINOR);
}

export function clusterSchema({ environment, today }: SchemaContext) {
    const defaults = ENVIRONMENT_DEFAULTS[environment];
    return z
        .strictObject({
            /** Cluster name: also the EKS cluster's name and the prefix of its resources. */
            name: z.string().regex(CLUSTER_NAME, { error: "must be 1-32 lowercase letters, digits or '-', starting with a letter" }),
            region: z.string().regex(REGION, { error: "must be an AWS region such as eu-west-1" }),
            kubernetesVersion: kubernetesVersion(today),
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
                        .union([z.number().int().min(2).max(6), z.array(z.string()).min(2).max(6)], {
                            error: "must be a number of zones (2-6) or a list of 2-6 zone names",
                        })
                        .default(defaults.azCount),
                    natGateways: z.enum(["single", "perAz"]).default(defaults.natGateways),
                })
                .superRefine((network, ctx) => {
                    const zones = network.availabilityZones;
                    if (Array.isArray(zones) && new Set(zones).size !== zones.length) {
                        ctx.addIssue({ code: "custom", path: ["availabilityZones"], input: zones, message: "lists a zone more than once" });
                    }
                }),
            endpoint: z
                .strictObject({
                    privateAccess: z.boolean().default(true),
                    publicAccess: z.boolean().default(true),
                    publicAccessCidrs: z.array(cidr).min(1).optional(),
                })
                .default({ privateAccess: true, publicAccess: true }),
            secretsEncryption: z.boolean().default(defaults.secretsEncryption),
            controlPlaneLogs: z.array(z.enum(ALL_CONTROL_PLANE_LOGS as [string, ...string[]])).default(defaults.controlPlaneLogs),
            deletionProtection: z.boolean().default(defaults.deletionProtection),
            /** IAM roles granted cluster-admin through EKS access entries. */
            adminRoleArns: z.array(z.string().regex(ROLE_ARN, { error: "must be an IAM role ARN" })).default([]),
            systemPool: systemPoolSchema(defaults.systemPool).default(() => ({ ...defaults.systemPool, diskSizeGiB: 50 })),
            nodePools: z
                .array(nodePoolSchema)
                .min(1)
                .default(() => defaults.nodePools.map((pool) => ({ ...pool, diskSizeGiB: 50, labels: {}, taints: [] }))),
            /** Overrides of platform:autoscaling for this cluster; resolved in the platform schema. */
            autoscaling: autoscalingSchema.optional(),
        })
        .superRefine((cluster, ctx) => {
            const zones = cluster.network.availabilityZones;
            if (Array.isArray(zones)) {
                for (const [index, zone] of zones.entries()) {
                    if (!new RegExp(`^${cluster.region}[a-z]$`).test(zone)) {
                        ctx.addIssue({
                            code: "custom",
                            path: ["network", "availabilityZones", index],
                            input: zone,
                            message: `must be a zone of ${cluster.region} such as ${cluster.region}a`,
                        });
                    }
                }
            }
            const names = cluster.nodePools.map((pool) => pool.name);
            for (const [index, name] of names.entries()) {
                if (names.indexOf(name) !== index) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["nodePools", index, "name"],
                        input: name,
                        message: "is used by another node pool of this cluster",
                    });
                }
            }
            if (!cluster.nodePools.some((pool) => pool.capacityType === "SPOT")) {
                ctx.addIssue({
                    code: "custom",
                    path: ["nodePools"],
                    input: names,
                    message: "must include at least one SPOT pool: spot capacity is what keeps the platform within budget",
                });
            }
            const endpoint = cluster.endpoint;
            if (!endpoint.privateAccess && !endpoint.publicAccess) {
                ctx.addIssue({
                    code: "custom",
                    path: ["endpoint"],
                    input: endpoint,
                    message: "enables neither private nor public access: nothing could reach the API",
                });
            }
            if (environment === "prod" && endpoint.publicAccess) {
                if (!endpoint.privateAccess) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["endpoint", "privateAccess"],
                        input: false,
                        message: "must be true in prod: nodes reach the API privately",
                    });
                }
                const cidrs = endpoint.publicAccessCidrs;
                if (cidrs === undefined) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["endpoint", "publicAccessCidrs"],
                        params: { nothingReceived: true },
                        message:
                            "is required in prod: list the CIDRs allowed to reach the public API (e.g. the CI runners'), or set publicAccess: false",
                    });
                } else if (cidrs.some((text) => parseCidr(text)?.prefix === 0)) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["endpoint", "publicAccessCidrs"],
                        input: cidrs,
                        message: "must not open the prod API to 0.0.0.0/0",
                    });
                }
            }
        })
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

export type ClusterConfig = z.output<ReturnType<typeof clusterSchema>>;
