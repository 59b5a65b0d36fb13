import { canaryArgProblems } from "../canary/validate";
import type { ArgProblem } from "../lib/argProblems";
import { millicores } from "../monitoring/sizing";
import { HOST_NAME, PROMETHEUS_DURATION } from "../monitoring/validate";
import { WORKLOAD_DEFAULTS } from "./defaults";
import { IMAGE_DIGEST, IMAGE_TAG, isRepository } from "./image";
import { applicationNameProblem } from "./names";
import { mebibytes } from "./quota";
import { outsidePrefixProblem, SECRET_KEY, secretReferenceProblem } from "../secrets/reference";
import { ENV_NAME } from "./secrets";
import type { WorkloadArgs } from "./workload";

/** A duration as Istio reads a route's timeouts. */
export const ISTIO_DURATION = /^[1-9]\d*(ms|s|m|h)$/;

/** A URI path prefix. */
export const URI_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;

/** Ports Istio's sidecar listens on in every pod of the mesh (Istio's "Ports used by Istio"). */
export const ISTIO_PORTS: readonly number[] = [15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090];

const whole = (value: unknown, min: number, max: number): value is number =>
    typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;

/** Why `port` cannot be a container port of the application, or undefined when it can. */
export function portProblem(port: number): string | undefined {
    if (!whole(port, 1, 65535)) return `must be a port number, 1-65535 (got ${port})`;
    if (ISTIO_PORTS.includes(port)) return `is a port Istio's sidecar uses in every pod (got ${port}): choose another`;
    return undefined;
}

/** Every problem with a workload's arguments, so that the component is safe to use without Berth's stack config. */
export function workloadArgProblems(name: string, args: WorkloadArgs): ArgProblem[] {
    const problems: ArgProblem[] = [];
    const add = (propertyPath: string, reason: string | undefined) => {
        if (reason !== undefined) problems.push({ propertyPath, reason });
    };

    add(args.application === undefined ? "name" : "application", applicationNameProblem(args.application ?? name));
    imageProblems(args, add);
    const port = args.port ?? WORKLOAD_DEFAULTS.port;
    if (args.port !== undefined) add("port", portProblem(args.port));
    if (args.replicas) {
        const { min, max } = args.replicas;
        if (!whole(min, 1, 1000)) add("replicas.min", `must be a whole number, 1-1000 (got ${min})`);
        if (!whole(max, 1, 1000)) add("replicas.max", `must be a whole number, 1-1000 (got ${max})`);
        else if (whole(min, 1, 1000) && min > max) add("replicas.min", `must be <= replicas.max (got ${min}, max ${max})`);
    }
    for (const key of ["cpuUtilization", "memoryUtilization"] as const) {
        const value = args.autoscaling?.[key];
        if (value !== undefined && !whole(value, 1, 100)) add(`autoscaling.${key}`, `must be a whole percentage, 1-100 (got ${value})`);
    }
    resourceProblems(args, add);
    for (const key of ["readinessPath", "livenessPath"] as const) {
        const path = args.probes?.[key];
        if (path !== undefined && !URI_PATH.test(path)) add(`probes.${key}`, `must be a URL path starting with "/" (got ${path})`);
    }
    routingProblems(args, add);
    if (args.metrics) {
        const { metrics } = args;
        if (metrics.port !== undefined) add("metrics.port", portProblem(metrics.port));
        if ((metrics.port ?? WORKLOAD_DEFAULTS.metrics.port) === port) {
            add(
                "metrics.port",
                `must differ from port (${port}): the metrics port admits Prometheus's plain-text scrapes, which the serving port must not`,
            );
        }
        if (metrics.path !== undefined && !URI_PATH.test(metrics.path))
            add("metrics.path", `must be a URL path starting with "/" (got ${metrics.path})`);
        if (metrics.interval !== undefined && !PROMETHEUS_DURATION.test(metrics.interval)) {
            add("metrics.interval", `must be a Prometheus duration such as "30s" (got ${metrics.interval})`);
        }
        if (!args.monitoring) add("monitoring", "is required with metrics: the cluster's monitoring is what scrapes them");
    }
    if (args.runAsUser !== undefined && !whole(args.runAsUser, 1, 2 ** 31 - 1)) {
        add("runAsUser", `must be a user id other than root's, 1-2147483647 (got ${args.runAsUser})`);
    }
    envProblems(args, add);
    canaryProblems(args, add);
    return problems;
}

/** What canary releases need: valid settings, routes for Flagger to shift, and the cluster's Flagger. */
function canaryProblems({ canary, routing, canaryAnalysis }: WorkloadArgs, add: Add): void {
    if (canary === undefined) return;
    for (const problem of canaryArgProblems(canary)) add(`canary.${problem.propertyPath}`, problem.reason);
    if (!routing) {
        add(
            "routing",
            "is required with canary: Flagger's Istio provider shifts the application's traffic in the VirtualService on the gateway, so the application needs hosts",
        );
    }
    if (!canaryAnalysis) add("canaryAnalysis", "is required with canary: the cluster's Flagger (a Flagger component) runs the analysis");
}

type Add = (propertyPath: string, reason: string | undefined) => void;

function imageProblems({ image }: WorkloadArgs, add: Add): void {
    if (typeof image.repository === "string" && !isRepository(image.repository)) {
        add(
            "image.repository",
            `must be a repository without tag or digest, such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/apps/storefront (got ${image.repository}): give the tag or digest in image.tag or image.digest`,
        );
    }
    if (image.tag === undefined && image.digest === undefined) {
        add("image", "must give a tag or a digest: a workload runs an image pinned by immutable tag or digest, never whatever is newest");
    }
    if (image.tag !== undefined && !IMAGE_TAG.test(image.tag)) {
        add(
            "image.tag",
            `must be an image tag: up to 128 letters, digits, "_", "." and "-", not starting with "." or "-" (got ${image.tag})`,
        );
    }
    if (image.digest !== undefined && !IMAGE_DIGEST.test(image.digest)) {
        add("image.digest", `must be a content digest, sha256: and 64 lowercase hex digits (got ${image.digest})`);
    }
}

function resourceProblems({ resources }: WorkloadArgs, add: Add): void {
    for (const kind of ["requests", "limits"] as const) {
        const cpu = resources?.[kind]?.cpu;
        const memory = resources?.[kind]?.memory;
        if (cpu !== undefined && !(millicores(cpu) >= 1))
            add(`resources.${kind}.cpu`, `must be a CPU quantity such as "250m" or "1" (got ${cpu})`);
        if (memory !== undefined && !(mebibytes(memory) >= 1)) {
            add(`resources.${kind}.memory`, `must be a memory quantity such as "256Mi" or "1Gi" (got ${memory})`);
        }
    }
    // Compared with the defaults filled in: a request raised above the default limit needs its limit raised too.
    const request = { ...WORKLOAD_DEFAULTS.resources.requests, ...resources?.requests };
    const limit = { ...WORKLOAD_DEFAULTS.resources.limits, ...resources?.limits };
    if (millicores(request.cpu) > millicores(limit.cpu)) {
        add("resources.limits.cpu", `must be >= the CPU request (got ${limit.cpu}, request ${request.cpu})`);
    }
    if (mebibytes(request.memory) > mebibytes(limit.memory)) {
        add("resources.limits.memory", `must be >= the memory request (got ${limit.memory}, request ${request.memory})`);
    }
}

function routingProblems({ routing }: WorkloadArgs, add: Add): void {
    if (!routing) return;
    if (routing.hosts.length === 0)
        add("routing.hosts", "must list at least one host: leave routing out for a service reached inside the cluster only");
    for (const [index, host] of routing.hosts.entries()) {
        if (!HOST_NAME.test(host))
            add(`routing.hosts[${index}]`, `must be a lowercase DNS name such as shop.apps.example.com (got ${host})`);
        else if (routing.hosts.indexOf(host) !== index)
            add(`routing.hosts[${index}]`, `repeats routing.hosts[${routing.hosts.indexOf(host)}] (${host})`);
    }
    if (routing.paths?.length === 0) add("routing.paths", 'must list at least one path prefix: "/" routes every path');
    for (const [index, path] of (routing.paths ?? []).entries()) {
        if (!URI_PATH.test(path)) add(`routing.paths[${index}]`, `must be a URL path prefix starting with "/" (got ${path})`);
    }
    for (const [key, value] of [
        ["timeout", routing.timeout],
        ["retries.perTryTimeout", routing.retries?.perTryTimeout],
    ] as const) {
        if (value !== undefined && !ISTIO_DURATION.test(value))
            add(`routing.${key}`, `must be a duration such as "15s" or "500ms" (got ${value})`);
    }
    const attempts = routing.retries?.attempts;
    if (attempts !== undefined && !whole(attempts, 0, 10))
        add("routing.retries.attempts", `must be a whole number, 0-10 (got ${attempts})`);
}

function envProblems({ env, secrets, secretStore }: WorkloadArgs, add: Add): void {
    const plain = Object.keys(env ?? {});
    for (const name of plain) {
        if (!ENV_NAME.test(name))
            add(`env.${name}`, "must be an environment variable name: letters, digits and _, not starting with a digit");
    }
    if ((secrets ?? []).length > 0 && !secretStore) {
        add("secretStore", "is required with secrets: the cluster's secrets operator (a Secrets component) is what reads them");
    }
    const names = (secrets ?? []).map((secret) => secret.env);
    for (const [index, secret] of (secrets ?? []).entries()) {
        const at = `secrets[${index}]`;
        if (!ENV_NAME.test(secret.env)) {
            add(`${at}.env`, `must be an environment variable name: letters, digits and _, not starting with a digit (got ${secret.env})`);
        } else if (plain.includes(secret.env)) {
            add(`${at}.env`, `is also set in env (${secret.env}): a variable has one source`);
        } else if (names.indexOf(secret.env) !== index) {
            add(`${at}.env`, `repeats secrets[${names.indexOf(secret.env)}].env (${secret.env})`);
        }
        const reference = secretReferenceProblem(secret.secret);
        add(`${at}.secret`, reference ?? (secretStore ? outsidePrefixProblem(secret.secret, secretStore.pathPrefix) : undefined));
        if (secret.key !== undefined && !SECRET_KEY.test(secret.key)) {
            add(`${at}.key`, `must be a key of the secret's JSON value: letters, digits and _ . - / (got ${secret.key})`);
        }
    }
}
