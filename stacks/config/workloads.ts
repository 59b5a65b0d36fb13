import { z } from "zod";
import {
    applicationNameProblem,
    CanarySettings,
    ENV_NAME,
    HOST_NAME,
    IMAGE_DIGEST,
    IMAGE_TAG,
    ISTIO_DURATION,
    isRepository,
    mebibytes,
    millicores,
    namesRegistryHost,
    portProblem,
    PROMETHEUS_DURATION,
    SECRET_KEY,
    secretReferenceProblem,
    secretRegion,
    URI_PATH,
    WORKLOAD_DEFAULTS,
    WORKLOAD_MEMORY,
} from "../../components";
import { canarySchema, checkCanary, resolveCanary } from "./canary";
import { Environment, ENVIRONMENT_DEFAULTS } from "./defaults";
import { INGRESS_DEFAULTS } from "./ingress";
import { everyMap, isMap, Loose, mapsOf, stringOrUndefined, stringsOrUndefined, wholeNumber, wholeOrUndefined } from "./partial";

/** Per-environment defaults; the README's config reference lists the same values. */
export const WORKLOAD_CONFIG_DEFAULTS: Record<Environment, { replicas: { min: number; max: number } }> = {
    // dev: one pod is enough to try a change; the autoscaler still adds two under load.
    dev: { replicas: { min: 1, max: 3 } },
    // prod: one pod per zone of a three-zone cluster, so losing a zone or a spot node never loses the service.
    prod: { replicas: { min: 3, max: 10 } },
};

/** Reports the problem a component rule finds with a value, as the component itself would refuse it. */
const refusedBy =
    <T>(problem: (value: T) => string | undefined) =>
    (value: T, ctx: z.RefinementCtx) => {
        const message = problem(value);
        if (message !== undefined) ctx.addIssue({ code: "custom", input: value, message });
    };

const port = wholeNumber().superRefine(refusedBy(portProblem));
const urlPath = z.string().regex(URI_PATH, { error: 'must be a URL path starting with "/"' });
const duration = z.string().regex(ISTIO_DURATION, { error: 'must be a duration such as "15s" or "500ms"' });
const compute = z.strictObject({
    cpu: z
        .string()
        .refine((quantity) => millicores(quantity) >= 1, { error: 'must be a CPU quantity such as "250m" or "1"' })
        .optional(),
    memory: z.string().regex(WORKLOAD_MEMORY, { error: 'must be a memory quantity such as "256Mi" or "1Gi"' }).optional(),
});
const envName = z
    .string()
    .regex(ENV_NAME, { error: "must be an environment variable name: letters, digits and _, not starting with a digit" });

const imageSchema = z
    .strictObject(
        {
            /** One of platform:registry.repositories (its name), or a full repository with its registry host. */
            repository: z.string().min(1),
            tag: z
                .string()
                .regex(IMAGE_TAG, {
                    error: 'must be an image tag: up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"',
                })
                .optional(),
            digest: z.string().regex(IMAGE_DIGEST, { error: "must be a content digest: sha256: and 64 lowercase hex digits" }).optional(),
        },
        {
            error: (issue) =>
                typeof issue.input === "string"
                    ? "must be a map such as { repository: storefront, tag: v1.4.2 } (the tag and digest have keys of their own)"
                    : undefined,
        },
    )
    .superRefine((image: Loose, ctx) => {
        if (image.tag === undefined && image.digest === undefined) {
            ctx.addIssue({
                code: "custom",
                input: image,
                message:
                    "must give a tag or a digest: a workload runs an image pinned by immutable tag or digest, never whatever is newest",
            });
        }
    }, everyMap);

/** One application, as `platform:workloads[]` takes it; the keys are the Workload component's arguments. */
const workloadSchema = z.strictObject({
    name: z.string().superRefine(refusedBy(applicationNameProblem)),
    /** The clusters it runs on, by name. */
    clusters: z.array(z.string()).min(1),
    image: imageSchema,
    port: port.optional(),
    env: z.record(envName, z.string()).optional(),
    resources: z.strictObject({ requests: compute.optional(), limits: compute.optional() }).optional(),
    replicas: z.strictObject({ min: wholeNumber().min(1).max(1000).optional(), max: wholeNumber().min(1).max(1000).optional() }).optional(),
    autoscaling: z
        .strictObject({
            cpuUtilization: wholeNumber().min(1).max(100).optional(),
            memoryUtilization: wholeNumber().min(1).max(100).optional(),
        })
        .optional(),
    probes: z.strictObject({ readinessPath: urlPath.optional(), livenessPath: urlPath.optional() }).optional(),
    routing: z
        .strictObject({
            hosts: z.array(z.string().regex(HOST_NAME, { error: "must be a lowercase DNS name such as shop.apps.example.com" })).min(1),
            paths: z.array(urlPath).min(1).optional(),
            timeout: duration.optional(),
            retries: z.strictObject({ attempts: wholeNumber().min(0).max(10).optional(), perTryTimeout: duration.optional() }).optional(),
        })
        .optional(),
    metrics: z
        .strictObject({
            port: port.optional(),
            path: urlPath.optional(),
            interval: z.string().regex(PROMETHEUS_DURATION, { error: 'must be a Prometheus duration such as "30s"' }).optional(),
        })
        .optional(),
    spot: z.boolean().optional(),
    runAsUser: wholeNumber().min(1).max(2147483647).optional(),
    secrets: z
        .array(
            z.strictObject({
                env: envName,
                secret: z.string().superRefine(refusedBy(secretReferenceProblem)),
                key: z
                    .string()
                    .regex(SECRET_KEY, { error: "must be a key of the secret's JSON value: letters, digits and _ . - /" })
                    .optional(),
            }),
        )
        .optional(),
    canary: canarySchema.optional(),
});

/** `platform:workloads`: the applications of the environment, each placed on one or more of its clusters. */
export const workloadsSchema = z.array(workloadSchema);

type WorkloadInput = z.output<typeof workloadSchema>;

/** One application with the environment's defaults applied; what Berth's stack passes to the Workload component. */
export type WorkloadConfig = Omit<WorkloadInput, "replicas" | "spot" | "canary"> & {
    replicas: { min: number; max: number };
    spot: boolean;
    /** Canary releases with the environment's defaults applied; none: rolling updates. */
    canary?: CanarySettings;
};

export function resolveWorkloads(environment: Environment, workloads: WorkloadInput[] | undefined): WorkloadConfig[] {
    const defaults = WORKLOAD_CONFIG_DEFAULTS[environment];
    return (workloads ?? []).map(({ replicas, spot, canary, ...workload }) => ({
        ...workload,
        replicas: { ...defaults.replicas, ...replicas },
        spot: spot ?? WORKLOAD_DEFAULTS.spot,
        ...(canary ? { canary: resolveCanary(environment, canary) } : {}),
    }));
}

/** What the rules need to know of one cluster, read defensively from the raw config. */
interface ClusterFacts {
    index: number;
    region?: string;
    /** The gateway's domains, as resolved (the cluster's, else the environment's, else the dev default); undefined when unknown. */
    domains?: string[];
    /** Names of the cluster's workload pools that on-demand-only pods can run on: ON_DEMAND, without taints. */
    onDemandPools: string[];
    poolNames: string[];
}

function clusterFacts(environment: Environment, root: Loose): Map<string, ClusterFacts> {
    const facts = new Map<string, ClusterFacts>();
    const sharedDomains = isMap(root.ingress) ? root.ingress.domains : undefined;
    for (const [index, cluster] of mapsOf(root.clusters).entries()) {
        const name = stringOrUndefined(cluster.name);
        if (name === undefined || facts.has(name)) continue;
        const ownDomains = isMap(cluster.ingress) ? cluster.ingress.domains : undefined;
        const domains = ownDomains ?? sharedDomains;
        const pools: Loose[] =
            cluster.nodePools === undefined
                ? ENVIRONMENT_DEFAULTS[environment].nodePools.map((pool) => ({ ...pool }))
                : mapsOf(cluster.nodePools);
        facts.set(name, {
            index,
            region: stringOrUndefined(cluster.region),
            domains: domains === undefined ? INGRESS_DEFAULTS[environment].domains : stringsOrUndefined(domains),
            onDemandPools: pools
                .filter(
                    (pool) =>
                        pool.capacityType === "ON_DEMAND" &&
                        (pool.taints === undefined || (Array.isArray(pool.taints) && pool.taints.length === 0)),
                )
                .map((pool) => String(pool.name)),
            poolNames: pools.map((pool) => String(pool.name)),
        });
    }
    return facts;
}

/** Whether the gateway serves `host` under `domain`: "*" serves any, "*.apps.example.com" one level below it. */
function serves(domain: string, host: string): boolean {
    if (domain === "*") return true;
    if (domain.startsWith("*.")) {
        const dot = host.indexOf(".");
        return dot > 0 && host.slice(dot + 1) === domain.slice(2);
    }
    return domain === host;
}

/**
 * Rules across an application's keys, and between applications, clusters, the ingress and the registry. Read
 * defensively: they run even when other parts of the config did not parse, and stay silent about a value that has a
 * problem of its own.
 */
export function checkWorkloads(environment: Environment, root: Loose, ctx: z.RefinementCtx): void {
    const workloads = mapsOf(root.workloads);
    const clusters = clusterFacts(environment, root);
    const clusterList = [...clusters.keys()].join(", ") || "none";
    const registry = isMap(root.registry) ? mapsOf(root.registry.repositories).map((repository) => repository.name) : [];
    const names = workloads.map((workload) => workload.name);
    /** Per cluster, each host and the application that claimed it first. */
    const claimed = new Map<string, Map<string, { workload: number; name: string }>>();

    for (const [index, workload] of workloads.entries()) {
        const at = (...path: PropertyKey[]) => ["workloads", index, ...path];
        const issue = (path: PropertyKey[], input: unknown, message: string, nothingReceived = false) =>
            ctx.addIssue({
                code: "custom",
                path: at(...path),
                input,
                message,
                ...(nothingReceived ? { params: { nothingReceived } } : {}),
            });
        const name = stringOrUndefined(workload.name) ?? `workloads[${index}]`;
        if (typeof workload.name === "string" && names.indexOf(workload.name) !== index) {
            issue(
                ["name"],
                workload.name,
                `duplicates platform:workloads[${names.indexOf(workload.name)}].name: an application's namespace is named after it`,
            );
        }

        const placed = stringsOrUndefined(workload.clusters) ?? [];
        for (const [clusterIndex, cluster] of placed.entries()) {
            if (!clusters.has(cluster)) {
                issue(["clusters", clusterIndex], cluster, `names no cluster of this stack (platform:clusters: ${clusterList})`);
            } else if (placed.indexOf(cluster) !== clusterIndex) {
                issue(["clusters", clusterIndex], cluster, `repeats platform:workloads[${index}].clusters[${placed.indexOf(cluster)}]`);
            }
        }
        const targets = [...new Set(placed)].flatMap((cluster) => {
            const facts = clusters.get(cluster);
            return facts ? [{ name: cluster, ...facts }] : [];
        });

        checkImage(environment, workload, registry, issue);
        checkReplicas(environment, workload, issue);
        checkResources(workload, issue);
        checkCanary(environment, workload, index, issue);

        const port = wholeOrUndefined(workload.port) ?? WORKLOAD_DEFAULTS.port;
        const metrics = isMap(workload.metrics) ? workload.metrics : undefined;
        if (metrics && (wholeOrUndefined(metrics.port) ?? WORKLOAD_DEFAULTS.metrics.port) === port) {
            issue(
                metrics.port === undefined ? ["port"] : ["metrics", "port"],
                port,
                `must differ from the ${metrics.port === undefined ? `metrics port (${WORKLOAD_DEFAULTS.metrics.port}, the default)` : "serving port"}: the metrics port admits Prometheus's plain-text scrapes, which the serving port must not`,
            );
        }

        const plainEnv = isMap(workload.env) ? Object.keys(workload.env) : [];
        const secrets = mapsOf(workload.secrets);
        const secretEnvs = secrets.map((secret) => secret.env);
        for (const [secretIndex, secret] of secrets.entries()) {
            if (typeof secret.env === "string" && plainEnv.includes(secret.env)) {
                issue(
                    ["secrets", secretIndex, "env"],
                    secret.env,
                    `is also set in platform:workloads[${index}].env: a variable has one source`,
                );
            } else if (typeof secret.env === "string" && secretEnvs.indexOf(secret.env) !== secretIndex) {
                issue(
                    ["secrets", secretIndex, "env"],
                    secret.env,
                    `repeats platform:workloads[${index}].secrets[${secretEnvs.indexOf(secret.env)}].env`,
                );
            }
            const region = typeof secret.secret === "string" ? secretRegion(secret.secret) : undefined;
            const elsewhere = targets.filter(
                (cluster) => region !== undefined && cluster.region !== undefined && cluster.region !== region,
            );
            if (elsewhere.length > 0) {
                issue(
                    ["secrets", secretIndex, "secret"],
                    secret.secret,
                    `is a secret in ${region}, but ${name} runs in ${elsewhere.map((cluster) => `${cluster.region} (cluster ${cluster.name})`).join(", ")}: give the secret's name instead, and replicate the secret to every region the application runs in`,
                );
            }
        }

        if (workload.spot === false) {
            for (const cluster of targets.filter((target) => target.onDemandPools.length === 0)) {
                issue(
                    ["spot"],
                    false,
                    `keeps ${name} off spot capacity, but cluster ${cluster.name} has no untainted ON_DEMAND node pool for it (its pools: ${cluster.poolNames.join(", ") || "none"}): add one under platform:clusters[${cluster.index}].nodePools`,
                );
            }
        }

        const routing = isMap(workload.routing) ? workload.routing : undefined;
        const hosts = stringsOrUndefined(routing?.hosts) ?? [];
        for (const [hostIndex, host] of hosts.entries()) {
            if (!HOST_NAME.test(host)) continue;
            const path = ["routing", "hosts", hostIndex];
            if (hosts.indexOf(host) !== hostIndex) {
                issue(path, host, `repeats platform:workloads[${index}].routing.hosts[${hosts.indexOf(host)}]`);
                continue;
            }
            for (const cluster of targets) {
                if (
                    cluster.domains !== undefined &&
                    cluster.domains.length > 0 &&
                    !cluster.domains.some((domain) => serves(domain, host))
                ) {
                    issue(
                        path,
                        host,
                        `is not among the domains cluster ${cluster.name}'s gateway serves (${cluster.domains.join(", ")}): use a host under one of them, or add it to the cluster's ingress.domains`,
                    );
                }
                const hostsOnCluster = claimed.get(cluster.name) ?? new Map<string, { workload: number; name: string }>();
                claimed.set(cluster.name, hostsOnCluster);
                const first = hostsOnCluster.get(host);
                if (first === undefined) {
                    hostsOnCluster.set(host, { workload: index, name });
                } else if (first.workload !== index) {
                    issue(
                        path,
                        host,
                        `is already routed to platform:workloads[${first.workload}] (${first.name}) on cluster ${cluster.name}: one host belongs to one application per cluster`,
                    );
                }
            }
        }
    }
}

type Issue = (path: PropertyKey[], input: unknown, message: string, nothingReceived?: boolean) => void;

function checkImage(environment: Environment, workload: Loose, registry: unknown[], issue: Issue): void {
    const image = isMap(workload.image) ? workload.image : undefined;
    const repository = stringOrUndefined(image?.repository);
    if (image === undefined || repository === undefined || repository === "") return;
    const full = namesRegistryHost(repository);
    if (!isRepository(repository)) {
        issue(["image", "repository"], repository, "must be a repository without tag or digest: give those as image.tag and image.digest");
    } else if (!full && !registry.includes(repository)) {
        const names = registry.filter((name) => typeof name === "string");
        issue(
            ["image", "repository"],
            repository,
            `is not one of platform:registry.repositories (${names.join(", ") || "none"}): name one of them, or give a full repository with its registry host, such as public.ecr.aws/nginx/nginx`,
        );
    }
    if (environment !== "prod") return;
    if (image.tag === "latest") {
        issue(
            ["image", "tag"],
            image.tag,
            'must not be "latest" in prod: it names whatever was pushed last; pin a release tag or a digest',
        );
    }
    if (full && image.digest === undefined) {
        issue(
            ["image", "digest"],
            undefined,
            "is required in prod for an image outside the platform's registry, whose tags may be moved: pin it by digest",
            true,
        );
    }
}

function checkReplicas(environment: Environment, workload: Loose, issue: Issue): void {
    const replicas = isMap(workload.replicas) ? workload.replicas : {};
    const defaults = WORKLOAD_CONFIG_DEFAULTS[environment].replicas;
    const min = wholeOrUndefined(replicas.min);
    const max = wholeOrUndefined(replicas.max);
    const resolvedMin = replicas.min === undefined ? defaults.min : min;
    const resolvedMax = replicas.max === undefined ? defaults.max : max;
    if (resolvedMin === undefined || resolvedMax === undefined || resolvedMin <= resolvedMax) return;
    if (max !== undefined) {
        issue(
            ["replicas", "max"],
            max,
            `must be >= min (got ${max}, min ${resolvedMin}${min === undefined ? `, the ${environment} default` : ""})`,
        );
    } else {
        issue(["replicas", "min"], min, `must be <= max (got ${min}, max ${resolvedMax}, the ${environment} default)`);
    }
}

function checkResources(workload: Loose, issue: Issue): void {
    const resources = isMap(workload.resources) ? workload.resources : {};
    const requests = isMap(resources.requests) ? resources.requests : {};
    const limits = isMap(resources.limits) ? resources.limits : {};
    const defaults = WORKLOAD_DEFAULTS.resources;
    for (const [key, amount, unit] of [
        ["cpu", millicores, "CPU"],
        ["memory", mebibytes, "memory"],
    ] as const) {
        const request = stringOrUndefined(requests[key]) ?? defaults.requests[key];
        const limit = stringOrUndefined(limits[key]) ?? defaults.limits[key];
        if (amount(request) > amount(limit)) {
            const given = limits[key] !== undefined;
            issue(
                ["resources", "limits", key],
                given ? limit : undefined,
                `must be >= the ${unit} request (got ${limit}${given ? "" : ", the default"}; request ${request})`,
                !given,
            );
        }
    }
}
