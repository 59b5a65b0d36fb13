import { z } from "zod";
import { cidrsOverlap, parseCidr } from "../../components";
import { autoscalingSchema, resolveAutoscaling } from "./autoscaling";
import { budgetSchema } from "./budget";
import { clusterSchema, SchemaContext } from "./cluster";
import { checkDashboard, dashboardSchema, resolveDashboard } from "./dashboard";
import { checkIngress, ingressSchema, resolveIngress } from "./ingress";
import { checkLogging, loggingSchema, resolveLogging } from "./logging";
import { checkMonitoring, monitoringSchema, resolveClusterMonitoring, resolveMonitoring } from "./monitoring";
import { everyMap, isMap, Loose, mapsOf } from "./partial";
import { ACCOUNT_ID } from "./patterns";
import { policiesSchema, resolvePolicies } from "./policies";
import { checkRegistryRegions, registrySchema } from "./registry";
import { checkSecrets, resolveSecrets, secretsSchema } from "./secrets";
import { tagsSchema } from "./tags";
import { checkWorkloads, resolveWorkloads, workloadsSchema } from "./workloads";

const accountId = z
    .string({
        error: (issue) =>
            typeof issue.input === "number"
                ? 'must be quoted, such as "012345678901": YAML reads an unquoted account id as a number and drops its leading zeros'
                : undefined,
    })
    .regex(ACCOUNT_ID, { error: "must be a 12-digit AWS account id" });

/**
 * Rules across clusters and across sections. They run even when some cluster has other mistakes (so every
 * problem is reported at once), which is why they read the input defensively.
 */
function checkPlatform({ environment }: SchemaContext, root: Loose, ctx: z.RefinementCtx): void {
    const clusters = mapsOf(root.clusters);
    const names = clusters.map((cluster) => cluster.name);
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
    const cidrs = clusters.map((cluster) => (isMap(cluster.network) ? cluster.network.cidr : undefined));
    const networks = cidrs.map((cidr) => (typeof cidr === "string" ? parseCidr(cidr) : undefined));
    for (const [index, network] of networks.entries()) {
        const earlier = networks.findIndex((other, otherIndex) => otherIndex < index && network && other && cidrsOverlap(network, other));
        if (earlier >= 0) {
            ctx.addIssue({
                code: "custom",
                path: ["clusters", index, "network", "cidr"],
                input: cidrs[index],
                message: `overlaps platform:clusters[${earlier}].network.cidr (${String(cidrs[earlier])}): peered VPCs need distinct networks`,
            });
        }
    }
    const named = [...new Set(names.filter((name) => typeof name === "string"))];
    const choices = named.length > 0 ? ` (${named.join(", ")})` : "";
    if (root.hubCluster === undefined && clusters.length > 1) {
        ctx.addIssue({
            code: "custom",
            path: ["hubCluster"],
            params: { nothingReceived: true },
            message: `is required with more than one cluster: name the one that holds the registry and that the others peer with${choices}, so that reordering platform:clusters moves neither`,
        });
    } else if (typeof root.hubCluster === "string" && !named.includes(root.hubCluster)) {
        ctx.addIssue({
            code: "custom",
            path: ["hubCluster"],
            input: root.hubCluster,
            message: `must name one of the clusters${choices}`,
        });
    }
    if (environment === "prod" && root.allowedAccountIds === undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["allowedAccountIds"],
            params: { nothingReceived: true },
            message:
                'is required in prod: every AWS provider then refuses to deploy with credentials of another account; list the account ids, quoted (["123456789012"])',
        });
    }
    checkRegistryRegions(root, ctx);
    checkIngress(environment, root, ctx);
    checkDashboard(environment, root, ctx);
    checkLogging(environment, root, ctx);
    checkMonitoring(environment, root, ctx);
    checkWorkloads(environment, root, ctx);
    checkSecrets(environment, root, ctx);
}

export function platformSchema(context: SchemaContext) {
    return z
        .strictObject({
            /** dev or prod: chooses the defaults. Defaults to the stack name when that is one of them. */
            environment: z.enum(["dev", "prod"]),
            /** The only AWS accounts this stack may deploy to; every AWS provider refuses others. @default any (required in prod) */
            allowedAccountIds: z.array(accountId).min(1).optional(),
            /** Extra tags on every AWS resource (cost centre, owner). */
            tags: tagsSchema,
            /** The cluster that holds the registry and that other clusters' VPCs peer with. @default the only cluster (required with more) */
            hubCluster: z.string().optional(),
            clusters: z.array(clusterSchema(context)).min(1),
            /** cluster-autoscaler and metrics-server settings for every cluster; clusters[].autoscaling overrides them. */
            autoscaling: autoscalingSchema.optional(),
            /** The ingress (load balancer controller, Istio, gateway) of every cluster; clusters[].ingress overrides it. */
            ingress: ingressSchema.optional(),
            /** Headlamp on every cluster, and who signs in as a developer; clusters[].dashboard overrides it. */
            dashboard: dashboardSchema.optional(),
            /** The environment's log analytics: Elasticsearch and Kibana on the hub, a log shipper on every cluster. */
            logging: loggingSchema.optional(),
            /** Prometheus and Alertmanager of every cluster (clusters[].monitoring overrides them), the hub's receiver and Grafana, alert receivers. */
            monitoring: monitoringSchema.optional(),
            /** External Secrets Operator on every cluster, reading the environment's secrets (berth/<environment>/*) from Secrets Manager. */
            secrets: secretsSchema.optional(),
            /** The environment's image registry, in the hub cluster's region. @default none */
            registry: registrySchema(context).optional(),
            /** The environment's applications, each placed on one or more of its clusters. @default none */
            workloads: workloadsSchema.optional(),
            /** The monthly VM bill the platform replaces and how far above it the estimate may go (`berth cost`). @default none: no budget check */
            budget: budgetSchema.optional(),
            /** How strictly Berth's policy rules judge this environment (`berth check`, the CrossGuard pack). @default POLICY_DEFAULTS */
            policies: policiesSchema.optional(),
        })
        .superRefine((root: Loose, ctx) => checkPlatform(context, root, ctx), everyMap)
        .transform(({ autoscaling, ingress, monitoring, dashboard, ...config }) => ({
            ...config,
            hubCluster: config.hubCluster ?? config.clusters[0].name,
            logging: resolveLogging(config.environment, config.logging),
            monitoring: resolveMonitoring(config.environment, monitoring),
            secrets: resolveSecrets(config.environment, config.secrets),
            workloads: resolveWorkloads(config.environment, config.workloads),
            policies: resolvePolicies(config.environment, config.policies),
            clusters: config.clusters.map((cluster) => ({
                ...cluster,
                autoscaling: resolveAutoscaling(config.environment, autoscaling, cluster.autoscaling),
                ingress: resolveIngress(config.environment, ingress, cluster.ingress),
                dashboard: resolveDashboard(config.environment, dashboard, cluster.dashboard),
                monitoring: resolveClusterMonitoring(config.environment, monitoring, cluster.monitoring),
            })),
        }));
}

export type PlatformConfig = z.output<ReturnType<typeof platformSchema>>;

/** One cluster as the stack builds it: its own settings with the environment's autoscaling and ingress resolved in. */
export type ClusterConfig = PlatformConfig["clusters"][number];
