import { z } from "zod";
import { CERTIFICATE_ARN, DOMAIN, IngressScheme, IngressTls, MtlsMode } from "../../components";
import type { Environment } from "./defaults";
import { isMap, Loose, mapsOf, stringOrUndefined, wholeNumber } from "./partial";

/** The ingress of one cluster, every field resolved. */
export interface IngressConfig {
    scheme: IngressScheme;
    domains: string[];
    tls: IngressTls;
    mtls: MtlsMode;
    replicas: { controller: number; istiod: number; gateway: { min: number; max: number } };
}

/** Per-environment defaults; the README's config reference lists the same values. */
export const INGRESS_DEFAULTS: Record<Environment, Omit<IngressConfig, "domains" | "tls"> & { domains?: string[] }> = {
    // dev answers any host name on plain HTTP unless told otherwise, and lets workloads join the mesh gradually.
    dev: {
        scheme: "internet-facing",
        domains: ["*"],
        mtls: "PERMISSIVE",
        // Two gateway pods even in dev: a spot interruption of one must not take the whole environment offline.
        replicas: { controller: 1, istiod: 1, gateway: { min: 2, max: 4 } },
    },
    // prod must name its domains and its TLS, refuses plain-text traffic between workloads, and survives a zone.
    prod: { scheme: "internet-facing", mtls: "STRICT", replicas: { controller: 2, istiod: 2, gateway: { min: 3, max: 10 } } },
};

const tlsSchema = z.strictObject({
    /** Terminate TLS at the NLB with this ACM certificate (of the cluster's region). */
    certificateArn: z
        .string()
        .regex(CERTIFICATE_ARN, { error: "must be an ACM certificate ARN such as arn:aws:acm:eu-west-1:123456789012:certificate/<id>" })
        .optional(),
    /** Terminate TLS at the gateway with this kubernetes.io/tls Secret in the istio-ingress namespace. */
    gatewaySecret: z
        .string()
        .regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, { error: "must be a Kubernetes Secret name" })
        .optional(),
});

/**
 * `platform:ingress` (the environment) and `clusters[].ingress` (one cluster) take the same keys, all optional:
 * a cluster's value wins over the environment's, which wins over the default. `tls` is taken whole, never merged.
 */
export const ingressSchema = z.strictObject({
    scheme: z.enum(["internet-facing", "internal"]).optional(),
    domains: z
        .array(z.string().regex(DOMAIN, { error: "must be a lowercase DNS name such as apps.example.com or *.apps.example.com" }))
        .min(1)
        .optional(),
    tls: tlsSchema.optional(),
    mtls: z.enum(["STRICT", "PERMISSIVE"]).optional(),
    replicas: z
        .strictObject({
            controller: wholeNumber().min(1).max(5).optional(),
            istiod: wholeNumber().min(1).max(10).optional(),
            gateway: z.strictObject({ min: wholeNumber().min(1), max: wholeNumber().min(1).max(100) }).optional(),
        })
        .optional(),
});

export type IngressOverrides = z.output<typeof ingressSchema>;

function tlsOf(tls: z.output<typeof tlsSchema> | undefined): IngressTls {
    if (tls?.certificateArn !== undefined) return { terminateAt: "nlb", certificateArn: tls.certificateArn };
    if (tls?.gatewaySecret !== undefined) return { terminateAt: "gateway", secretName: tls.gatewaySecret };
    return { terminateAt: "none" };
}

/** The environment's defaults overlaid with the environment's layer, then the cluster's. */
export function resolveIngress(environment: Environment, ...layers: (IngressOverrides | undefined)[]): IngressConfig {
    const defaults = INGRESS_DEFAULTS[environment];
    const pick = <K extends keyof IngressOverrides>(key: K) =>
        layers.reduce((value, layer) => layer?.[key] ?? value, undefined as IngressOverrides[K]);
    const replicas = layers.reduce((resolved, layer) => ({ ...resolved, ...layer?.replicas }), defaults.replicas);
    return {
        scheme: pick("scheme") ?? defaults.scheme,
        // The checks below guarantee prod has domains of its own.
        domains: pick("domains") ?? defaults.domains ?? [],
        tls: tlsOf(pick("tls")),
        mtls: pick("mtls") ?? defaults.mtls,
        replicas: { controller: replicas.controller, istiod: replicas.istiod, gateway: replicas.gateway },
    };
}

/** Where a setting of a cluster's ingress comes from: the cluster's own layer, else the environment's. */
function setting(root: Loose, clusterIndex: number, cluster: Loose, key: string): { value: unknown; path: PropertyKey[] } | undefined {
    const own = isMap(cluster.ingress) ? cluster.ingress[key] : undefined;
    if (own !== undefined) return { value: own, path: ["clusters", clusterIndex, "ingress", key] };
    const shared = isMap(root.ingress) ? root.ingress[key] : undefined;
    return shared !== undefined ? { value: shared, path: ["ingress", key] } : undefined;
}

/**
 * Rules on each cluster's resolved ingress. Read defensively: they run even when other parts of the config did not
 * parse, and stay silent about a value that has a problem of its own.
 */
export function checkIngress(environment: Environment, root: Loose, ctx: z.RefinementCtx): void {
    for (const [index, cluster] of mapsOf(root.clusters).entries()) {
        const name = stringOrUndefined(cluster.name) ?? `clusters[${index}]`;
        const tls = setting(root, index, cluster, "tls");
        const tlsMap = isMap(tls?.value) ? tls.value : undefined;
        if (tlsMap && tlsMap.certificateArn !== undefined && tlsMap.gatewaySecret !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: tls!.path,
                input: tlsMap,
                message: "sets both certificateArn (TLS at the NLB) and gatewaySecret (TLS at the gateway): choose one",
            });
        }
        const certificateRegion = CERTIFICATE_ARN.exec(stringOrUndefined(tlsMap?.certificateArn) ?? "")?.[1];
        const region = stringOrUndefined(cluster.region);
        if (certificateRegion !== undefined && region !== undefined && certificateRegion !== region) {
            ctx.addIssue({
                code: "custom",
                path: [...tls!.path, "certificateArn"],
                input: tlsMap!.certificateArn,
                message: `is in ${certificateRegion}, but cluster ${name}'s load balancer is in ${region}: ACM certificates are regional, so give the cluster its own under platform:clusters[${index}].ingress.tls`,
            });
        }
        if (environment !== "prod") continue;
        if (setting(root, index, cluster, "domains") === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["ingress", "domains"],
                params: { nothingReceived: true },
                message: `is required in prod (here or as platform:clusters[${index}].ingress.domains): the host names cluster ${name}'s gateway serves`,
            });
        }
        if (tlsMap === undefined || (tlsMap.certificateArn === undefined && tlsMap.gatewaySecret === undefined)) {
            ctx.addIssue({
                code: "custom",
                path: tls?.path ?? ["ingress", "tls"],
                params: { nothingReceived: true },
                message: `is required in prod for cluster ${name}: give certificateArn (TLS at the NLB) or gatewaySecret (TLS at the gateway)`,
            });
        }
    }
    for (const [path, layer] of [
        [["ingress"], root.ingress] as const,
        ...mapsOf(root.clusters).map((cluster, index) => [["clusters", index, "ingress"], cluster.ingress] as const),
    ]) {
        const gateway = isMap(layer) && isMap(layer.replicas) && isMap(layer.replicas.gateway) ? layer.replicas.gateway : undefined;
        if (gateway && typeof gateway.min === "number" && typeof gateway.max === "number" && gateway.max < gateway.min) {
            ctx.addIssue({
                code: "custom",
                path: [...path, "replicas", "gateway", "max"],
                input: gateway.max,
                message: `must be >= min (got ${gateway.max}, min ${gateway.min})`,
            });
        }
    }
}
