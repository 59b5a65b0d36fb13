import { z } from "zod";
import { DASHBOARD_HOST, MAX_SESSION_TTL_HOURS, parseCidr, ROLE_ARN } from "../../components";
import type { Environment } from "./defaults";
import { INGRESS_DEFAULTS } from "./ingress";
import { isMap, Loose, mapsOf, stringOrUndefined, stringsOrUndefined, wholeNumber } from "./partial";

/** The dashboard of one cluster, every field resolved. */
export interface DashboardConfig {
    /** Serve Headlamp through the cluster's gateway at this host; undefined: on an internal load balancer. */
    host?: string;
    /** Networks besides the clusters' VPCs that may reach the internal load balancer (e.g. the office VPN). */
    allowedCidrs: string[];
    /** IAM roles that sign in to the cluster as developers (Kubernetes group berth:developers). */
    developerRoleArns: string[];
    replicas: number;
    sessionTtlHours: number;
}

/** Per-environment defaults; the README's config reference lists the same values. */
export const DASHBOARD_DEFAULTS: Record<Environment, Omit<DashboardConfig, "host">> = {
    // dev: one pod, and a working day's sign-in lasts the day.
    dev: { allowedCidrs: [], developerRoleArns: [], replicas: 1, sessionTtlHours: 24 },
    // prod: two pods across zones; a sign-in lasts a working day at most.
    prod: { allowedCidrs: [], developerRoleArns: [], replicas: 2, sessionTtlHours: 8 },
};

const cidr = z
    .string()
    .refine((text) => parseCidr(text) !== undefined, { error: "must be an IPv4 network in CIDR notation such as 10.0.0.0/16" })
    .refine((text) => parseCidr(text)?.prefix !== 0, { error: "must not be 0.0.0.0/0: the dashboard is never public" });

/**
 * `platform:dashboard` (the environment) and `clusters[].dashboard` (one cluster) take the same keys, all optional: a
 * cluster's value wins over the environment's, which wins over the default. Lists are taken whole, never merged.
 */
export const dashboardSchema = z.strictObject({
    host: z.string().regex(DASHBOARD_HOST, { error: "must be a lowercase DNS name such as dashboard.example.com, no wildcard" }).optional(),
    allowedCidrs: z.array(cidr).optional(),
    developerRoleArns: z.array(z.string().regex(ROLE_ARN, { error: "must be an IAM role ARN" })).optional(),
    replicas: wholeNumber().min(1).max(5).optional(),
    sessionTtlHours: wholeNumber().min(1).max(MAX_SESSION_TTL_HOURS).optional(),
});

export type DashboardOverrides = z.output<typeof dashboardSchema>;

/** The environment's defaults overlaid with the environment's layer, then the cluster's. */
export function resolveDashboard(environment: Environment, ...layers: (DashboardOverrides | undefined)[]): DashboardConfig {
    const defaults = DASHBOARD_DEFAULTS[environment];
    const pick = <K extends keyof DashboardOverrides>(key: K) =>
        layers.reduce((value, layer) => layer?.[key] ?? value, undefined as DashboardOverrides[K]);
    const host = pick("host");
    return {
        ...(host !== undefined ? { host } : {}),
        allowedCidrs: pick("allowedCidrs") ?? defaults.allowedCidrs,
        developerRoleArns: pick("developerRoleArns") ?? defaults.developerRoleArns,
        replicas: pick("replicas") ?? defaults.replicas,
        sessionTtlHours: pick("sessionTtlHours") ?? defaults.sessionTtlHours,
    };
}

/** Where a setting of a cluster's section comes from: the cluster's own layer, else the environment's. */
function setting(
    root: Loose,
    index: number,
    cluster: Loose,
    section: string,
    key: string,
): { value: unknown; path: PropertyKey[] } | undefined {
    const own = isMap(cluster[section]) ? cluster[section][key] : undefined;
    if (own !== undefined) return { value: own, path: ["clusters", index, section, key] };
    const shared = isMap(root[section]) ? root[section][key] : undefined;
    return shared !== undefined ? { value: shared, path: [section, key] } : undefined;
}

/** Whether a gateway serving `domains` answers for `host`: "*", the host itself, or a one-level wildcard above it. */
export function gatewayServes(domains: readonly string[], host: string): boolean {
    return domains.some(
        (domain) => domain === "*" || domain === host || (domain.startsWith("*.") && host.slice(host.indexOf(".")) === domain.slice(1)),
    );
}

/**
 * Rules on each cluster's resolved dashboard. A host puts Headlamp on the cluster's gateway, so the gateway must be
 * internal (else the dashboard would be public), must serve that host, and no two clusters may share it. A developer
 * role must not be an admin role too (EKS takes one access entry per principal). Read defensively (see partial.ts).
 */
export function checkDashboard(environment: Environment, root: Loose, ctx: z.RefinementCtx): void {
    const hosts = new Map<string, string>();
    for (const [index, cluster] of mapsOf(root.clusters).entries()) {
        const name = stringOrUndefined(cluster.name) ?? `clusters[${index}]`;
        const host = setting(root, index, cluster, "dashboard", "host");
        if (typeof host?.value === "string" && DASHBOARD_HOST.test(host.value)) {
            const scheme = setting(root, index, cluster, "ingress", "scheme");
            const resolvedScheme = scheme?.value ?? INGRESS_DEFAULTS[environment].scheme;
            if (resolvedScheme === "internet-facing") {
                ctx.addIssue({
                    code: "custom",
                    path: host.path,
                    input: host.value,
                    message: `would put cluster ${name}'s dashboard on its internet-facing gateway (${scheme ? `platform:${scheme.path.join(".")}` : "the default ingress scheme"}): the dashboard is never public. Leave host out to reach it on an internal load balancer, or make the gateway internal`,
                });
            }
            const domains =
                stringsOrUndefined(setting(root, index, cluster, "ingress", "domains")?.value) ?? INGRESS_DEFAULTS[environment].domains;
            if (domains !== undefined && !gatewayServes(domains, host.value)) {
                ctx.addIssue({
                    code: "custom",
                    path: host.path,
                    input: host.value,
                    message: `is not one of the host names cluster ${name}'s gateway serves (${domains.join(", ")}): add it to the cluster's ingress domains`,
                });
            }
            const other = hosts.get(host.value);
            if (other !== undefined) {
                ctx.addIssue({
                    code: "custom",
                    path: host.path,
                    input: host.value,
                    message: `is cluster ${other}'s dashboard host too: give each cluster its own under platform:clusters[${index}].dashboard.host`,
                });
            } else {
                hosts.set(host.value, name);
            }
        }
        const developers = setting(root, index, cluster, "dashboard", "developerRoleArns");
        const admins = stringsOrUndefined(cluster.adminRoleArns) ?? [];
        for (const [position, arn] of (stringsOrUndefined(developers?.value) ?? []).entries()) {
            if (admins.includes(arn)) {
                ctx.addIssue({
                    code: "custom",
                    path: [...developers!.path, position],
                    input: arn,
                    message: `is one of cluster ${name}'s adminRoleArns: a role is an admin or a developer (EKS takes one access entry per role)`,
                });
            }
        }
    }
}
