import { z } from "zod";
import { DOMAIN, HOST_NAME, MEMORY_QUANTITY, millicores, PrometheusSize, PROMETHEUS_DURATION } from "../../components";
import type { Environment } from "./defaults";
import { isMap, Loose, mapsOf, stringOrUndefined, stringsOrUndefined, wholeNumber } from "./partial";
import { keyPath } from "./problems";
import { secretsManagerValueSchema } from "./secrets";

/** The monitoring of one cluster, every field resolved. */
export interface ClusterMonitoringConfig {
    prometheus: PrometheusSize;
    alertmanager: { replicas: number };
}

/** What exists once per environment: the hub's receiver and Grafana, where alerts go, and the alerts' thresholds. */
export interface MonitoringConfig {
    receiver: PrometheusSize;
    grafana: {
        /** Served through the hub's ingress gateway at this host; without one, an internal load balancer. */
        host?: string;
        /** A secret; generated when absent and not read from Secrets Manager. */
        adminPassword?: string;
        /** Read from Secrets Manager, never held by Pulumi. */
        adminPasswordFrom?: { secret: string; key?: string };
    };
    /** Each credential a secure: value or a Secrets Manager reference (`...From`); checkSecrets requires one of the two. */
    alerting: {
        slack?: { webhookUrl?: string; webhookUrlFrom?: { secret: string; key?: string }; channel?: string };
        pagerDuty?: { routingKey?: string; routingKeyFrom?: { secret: string; key?: string } };
    };
    runbookBaseUrl: string;
    spotInterruptionsPerHour: number;
}

type Defaults = ClusterMonitoringConfig & Pick<MonitoringConfig, "receiver" | "spotInterruptionsPerHour">;

/** Per-environment defaults; the README's config reference lists the same values. */
export const MONITORING_DEFAULTS: Record<Environment, Defaults> = {
    // dev keeps a few days on small volumes, one replica of everything: a restart loses minutes of data, nobody is paged.
    dev: {
        prometheus: { retention: "3d", storageGiB: 20, replicas: 1, cpu: "200m", memory: "1Gi" },
        alertmanager: { replicas: 1 },
        receiver: { retention: "7d", storageGiB: 20, replicas: 1, cpu: "200m", memory: "1Gi" },
        spotInterruptionsPerHour: 5,
    },
    // prod survives a node or zone loss without a gap in alerting; the hub's receiver keeps a month of every cluster.
    prod: {
        prometheus: { retention: "15d", storageGiB: 100, replicas: 2, cpu: "500m", memory: "3Gi" },
        alertmanager: { replicas: 2 },
        receiver: { retention: "30d", storageGiB: 200, replicas: 2, cpu: "500m", memory: "4Gi" },
        spotInterruptionsPerHour: 3,
    },
};

/** Where Berth's runbooks are published (docs/runbooks.md of this repository); a fork sets platform:monitoring.runbookBaseUrl. */
export const DEFAULT_RUNBOOK_BASE_URL = "https://github.com/example-org/berth/blob/main/docs/runbooks.md";

const sizeSchema = z.strictObject({
    retention: z.string().regex(PROMETHEUS_DURATION, { error: 'must be a Prometheus duration such as "15d" or "12h"' }).optional(),
    storageGiB: wholeNumber().min(1).max(16384).optional(),
    replicas: wholeNumber().min(1).max(5).optional(),
    cpu: z
        .string()
        .refine((quantity) => millicores(quantity) >= 1, { error: 'must be a CPU quantity such as "500m" or "2"' })
        .optional(),
    memory: z.string().regex(MEMORY_QUANTITY, { error: 'must be a memory quantity such as "512Mi" or "4Gi"' }).optional(),
});

/**
 * A credential: `secure:` in the stack file (set with `pulumi config set --secret --path`). Checked without `z.string()`
 * so that no problem ever shows the value received.
 */
const secret = (what: string) =>
    z.unknown().superRefine((value, ctx) => {
        if (typeof value !== "string" || value === "") {
            ctx.addIssue({
                code: "custom",
                params: { nothingReceived: true },
                message: `must be ${what} as a secret (pulumi config set --secret --path ...); the value is not shown`,
            });
        }
    }) as unknown as z.ZodType<string>;

/** `clusters[].monitoring`: what a cluster may size for itself. */
export const clusterMonitoringSchema = z.strictObject({
    prometheus: sizeSchema.optional(),
    alertmanager: z.strictObject({ replicas: wholeNumber().min(1).max(5).optional() }).optional(),
});

/** `platform:monitoring`: every cluster's defaults, plus what exists once per environment. */
export const monitoringSchema = clusterMonitoringSchema.extend({
    /** The hub's metrics receiver, which every cluster writes to and Grafana reads. */
    receiver: sizeSchema.optional(),
    grafana: z
        .strictObject({
            host: z.string().regex(HOST_NAME, { error: "must be a lowercase DNS name such as grafana.apps.example.com" }).optional(),
            adminPassword: secret("a password").optional(),
            adminPasswordFrom: secretsManagerValueSchema.optional(),
        })
        .optional(),
    alerting: z
        .strictObject({
            slack: z
                .strictObject({
                    webhookUrl: secret("a Slack incoming-webhook URL").optional(),
                    webhookUrlFrom: secretsManagerValueSchema.optional(),
                    channel: z
                        .string()
                        .regex(/^[#@][\w.-]+$/, { error: "must be a channel such as #platform-alerts" })
                        .optional(),
                })
                .optional(),
            pagerDuty: z
                .strictObject({
                    routingKey: secret("a PagerDuty Events API v2 routing key").optional(),
                    routingKeyFrom: secretsManagerValueSchema.optional(),
                })
                .optional(),
        })
        .optional(),
    runbookBaseUrl: z
        .string()
        .regex(/^https:\/\/\S+$/, { error: "must be an https URL" })
        .optional(),
    spotInterruptionsPerHour: wholeNumber().min(1).optional(),
});

export type ClusterMonitoringOverrides = z.output<typeof clusterMonitoringSchema>;
export type MonitoringOverrides = z.output<typeof monitoringSchema>;

/** A cluster's monitoring: the environment's defaults overlaid with the environment's layer, then the cluster's. */
export function resolveClusterMonitoring(
    environment: Environment,
    ...layers: (ClusterMonitoringOverrides | undefined)[]
): ClusterMonitoringConfig {
    const defaults = MONITORING_DEFAULTS[environment];
    return layers.reduce<ClusterMonitoringConfig>(
        (resolved, layer) => ({
            prometheus: { ...resolved.prometheus, ...layer?.prometheus },
            alertmanager: { ...resolved.alertmanager, ...layer?.alertmanager },
        }),
        { prometheus: defaults.prometheus, alertmanager: defaults.alertmanager },
    );
}

/** The environment's monitoring: the defaults overlaid with `platform:monitoring`. */
export function resolveMonitoring(environment: Environment, layer: MonitoringOverrides | undefined): MonitoringConfig {
    const defaults = MONITORING_DEFAULTS[environment];
    return {
        receiver: { ...defaults.receiver, ...layer?.receiver },
        grafana: { ...layer?.grafana },
        alerting: { ...layer?.alerting },
        runbookBaseUrl: layer?.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL,
        spotInterruptionsPerHour: layer?.spotInterruptionsPerHour ?? defaults.spotInterruptionsPerHour,
    };
}

/** Whether a gateway domain ("*", "*.apps.example.com" or an exact name) serves `host`. */
function serves(domain: string, host: string): boolean {
    if (domain === "*") return true;
    if (domain.startsWith("*.")) {
        const parent = domain.slice(2);
        return host.endsWith(`.${parent}`) && !host.slice(0, -parent.length - 1).includes(".");
    }
    return domain === host;
}

/**
 * Rules across sections: Grafana's host must be one the hub's gateway serves. Read defensively (partial.ts); silent
 * about values that have problems of their own.
 */
export function checkMonitoring(environment: Environment, root: Loose, ctx: z.RefinementCtx): void {
    const grafana = isMap(root.monitoring) && isMap(root.monitoring.grafana) ? root.monitoring.grafana : undefined;
    const host = stringOrUndefined(grafana?.host);
    if (host === undefined || !HOST_NAME.test(host)) return;
    const clusters = mapsOf(root.clusters);
    const hubName = stringOrUndefined(root.hubCluster) ?? (clusters.length === 1 ? stringOrUndefined(clusters[0].name) : undefined);
    const hubIndex = clusters.findIndex((cluster) => cluster.name === hubName);
    if (hubIndex < 0) return;
    const hub = clusters[hubIndex];
    const own = isMap(hub.ingress) ? hub.ingress.domains : undefined;
    const shared = isMap(root.ingress) ? root.ingress.domains : undefined;
    const domains = stringsOrUndefined(own ?? shared) ?? (environment === "dev" ? ["*"] : undefined);
    if (domains === undefined || domains.some((domain) => !DOMAIN.test(domain))) return;
    if (!domains.some((domain) => serves(domain, host))) {
        const where = own !== undefined ? keyPath(["clusters", hubIndex, "ingress", "domains"]) : "platform:ingress.domains";
        ctx.addIssue({
            code: "custom",
            path: ["monitoring", "grafana", "host"],
            input: host,
            message: `is not served by the hub cluster ${hubName}'s gateway (${where}: ${domains.join(", ")}): add it there, or leave the host out for an internal load balancer`,
        });
    }
}
