import { z } from "zod";
import { cidrsOverlap, parseCidr } from "../../components/lib/cidr";
import { autoscalingSchema, resolveAutoscaling } from "./autoscaling";
import { clusterSchema, SchemaContext } from "./cluster";
import { checkRegistryRegions, registrySchema } from "./registry";

type RawCluster = { name?: unknown; network?: { cidr?: unknown } };

/**
 * Rules across clusters. They run even when some cluster has other mistakes (so every problem is
 * reported at once), which is why they read the raw input defensively.
 */
function checkClusters(raw: unknown, ctx: z.RefinementCtx): void {
    const root = (raw ?? {}) as { clusters?: unknown; hubCluster?: unknown };
    const clusters: RawCluster[] = Array.isArray(root.clusters) ? root.clusters.filter((c) => typeof c === "object" && c !== null) : [];
    const names = clusters.map((c) => c.name);
    for (const [index, name] of names.entries()) {
        if (typeof name === "string" && names.indexOf(name) !== index) {
            ctx.addIssue({
                code: "custom",
                path: ["clusters", index, "name"],
                input: name,
                message: `duplicates platform:clusters[${names.indexOf(name)}].name`,
            });
        }
    }
    const networks = clusters.map((c) => (typeof c.network?.cidr === "string" ? parseCidr(c.network.cidr) : undefined));
    for (const [index, network] of networks.entries()) {
        const earlier = networks.findIndex((other, otherIndex) => otherIndex < index && network && other && cidrsOverlap(network, other));
        if (earlier >= 0) {
            ctx.addIssue({
                code: "custom",
                path: ["clusters", index, "network", "cidr"],
                input: clusters[index].network?.cidr,
                message: `overlaps platform:clusters[${earlier}].network.cidr (${String(clusters[earlier].network?.cidr)}): peered VPCs need distinct networks`,
            });
        }
    }
    if (root.hubCluster !== undefined && !names.includes(root.hubCluster)) {
        ctx.addIssue({
            code: "custom",
            path: ["hubCluster"],
            input: root.hubCluster,
            message: `must name one of the clusters (${names.map(String).join(", ")})`,
        });
    }
}

export function platformSchema(context: SchemaContext) {
    return z
        .strictObject({
            /** dev or prod: chooses the defaults. Defaults to the stack name when that is one of them. */
            environment: z.enum(["dev", "prod"]),
            /** Extra tags on every AWS resource (cost centre, owner). */
            tags: z.record(z.string(), z.string()).default({}),
            /** The cluster other clusters' VPCs peer with. @default the first cluster */
            hubCluster: z.string().optional(),
            clusters: z.array(clusterSchema(context)).min(1),
            /** cluster-autoscaler and metrics-server settings for every cluster; clusters[].autoscaling overrides them. */
            autoscaling: autoscalingSchema.optional(),
            /** The environment's image registry, in the hub cluster's region. @default none */
            registry: registrySchema(context).optional(),
        })
        .superRefine((config, ctx) => checkClusters(config, ctx), { when: () => true })
        .superRefine((config, ctx) => checkRegistryRegions(config, ctx), { when: () => true })
        .transform(({ autoscaling, ...config }) => ({
            ...config,
            hubCluster: config.hubCluster ?? config.clusters[0].name,
            clusters: config.clusters.map((cluster) => ({
                ...cluster,
                autoscaling: resolveAutoscaling(config.environment, autoscaling, cluster.autoscaling),
            })),
        }));
}

export type PlatformConfig = z.output<ReturnType<typeof platformSchema>>;
