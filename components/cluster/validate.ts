import { ArgProblem, refuseBadArgs } from "../lib/argProblems";
import { parseCidr } from "../lib/cidr";
import { ROLE_ARN } from "../lib/awsIds";
import { KUBERNETES_MINORS } from "../lib/versions";
import { addonVersionRefusal } from "./addons";
import { poolArchitecture } from "./architecture";
import type { ClusterArgs } from "./cluster";
import type { NodePoolSpec } from "./nodePool";

/** The most nodes one EKS managed node group may have (EKS service quotas, "Nodes per managed node group"). */
export const EKS_MAX_NODES_PER_GROUP = 450;

const POOL_NAME = /^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/;

const isWhole = (value: number) => Number.isInteger(value) && value >= 0;

function poolProblems(pool: Omit<NodePoolSpec, "name" | "capacityType">, at: string): ArgProblem[] {
    const problems: ArgProblem[] = [];
    for (const key of ["minSize", "maxSize", "desiredSize"] as const) {
        if (!isWhole(pool[key])) {
            problems.push({ propertyPath: `${at}.${key}`, reason: `must be a whole number >= 0 (got ${pool[key]})` });
        } else if (pool[key] > EKS_MAX_NODES_PER_GROUP) {
            problems.push({
                propertyPath: `${at}.${key}`,
                reason: `must be <= ${EKS_MAX_NODES_PER_GROUP}, the EKS limit per node group (got ${pool[key]})`,
            });
        }
    }
    if (pool.maxSize < 1) {
        problems.push({ propertyPath: `${at}.maxSize`, reason: `must be >= 1 (got ${pool.maxSize})` });
    }
    if (pool.maxSize < pool.minSize) {
        problems.push({ propertyPath: `${at}.maxSize`, reason: `must be >= minSize (got ${pool.maxSize}, minSize ${pool.minSize})` });
    }
    if (pool.desiredSize < pool.minSize || pool.desiredSize > pool.maxSize) {
        problems.push({
            propertyPath: `${at}.desiredSize`,
            reason: `must be between minSize and maxSize (got ${pool.desiredSize}, minSize ${pool.minSize}, maxSize ${pool.maxSize})`,
        });
    }
    const architecture = poolArchitecture(pool.instanceTypes);
    if ("refusal" in architecture) {
        problems.push({ propertyPath: `${at}.instanceTypes`, reason: architecture.refusal });
    }
    return problems;
}

/** Every problem with a cluster's arguments, so that the component is safe to use without Berth's stack config. */
export function clusterArgProblems(args: ClusterArgs): ArgProblem[] {
    const problems: ArgProblem[] = [];
    const unversioned = addonVersionRefusal(args.kubernetesVersion);
    if (!KUBERNETES_MINORS.some((entry) => entry.minor === args.kubernetesVersion) || unversioned) {
        problems.push({
            propertyPath: "kubernetesVersion",
            reason: `Berth has no versions for Kubernetes ${args.kubernetesVersion} (known: ${KUBERNETES_MINORS.map((entry) => entry.minor).join(", ")})`,
        });
    }
    const prefix = parseCidr(args.network.cidr)?.prefix;
    if (prefix === undefined || prefix < 16 || prefix > 20) {
        problems.push({ propertyPath: "network.cidr", reason: `must be an IPv4 network from /16 to /20 (got ${args.network.cidr})` });
    }
    const zones = args.network.availabilityZones;
    const zoneCount = typeof zones === "number" ? zones : new Set(zones).size;
    if (!Number.isInteger(zoneCount) || zoneCount < 2 || zoneCount > 6 || (Array.isArray(zones) && zoneCount !== zones.length)) {
        problems.push({
            propertyPath: "network.availabilityZones",
            reason: `must be 2 to 6 distinct zones: EKS needs subnets in two (got ${JSON.stringify(zones)})`,
        });
    }
    if (args.endpoint.privateAccess === false && args.endpoint.publicAccess === false) {
        problems.push({ propertyPath: "endpoint", reason: "enables neither private nor public access: nothing could reach the API" });
    }
    for (const key of ["adminRoleArns", "developerRoleArns"] as const) {
        const roleArns = args[key] ?? [];
        for (const [index, arn] of roleArns.entries()) {
            if (!ROLE_ARN.test(arn)) {
                problems.push({ propertyPath: `${key}[${index}]`, reason: `must be an IAM role ARN (got ${arn})` });
            } else if (roleArns.indexOf(arn) !== index) {
                problems.push({ propertyPath: `${key}[${index}]`, reason: `lists ${arn} twice` });
            } else if (key === "developerRoleArns" && args.adminRoleArns?.includes(arn)) {
                // One principal has one access entry: EKS refuses a second.
                problems.push({ propertyPath: `${key}[${index}]`, reason: `${arn} is an admin already (adminRoleArns)` });
            }
        }
    }
    if (args.systemPool.minSize < 1) {
        problems.push({ propertyPath: "systemPool.minSize", reason: "must be >= 1: platform add-ons run only on the system pool" });
    }
    problems.push(...poolProblems(args.systemPool, "systemPool"));
    const names = args.nodePools.map((pool) => pool.name);
    for (const [index, pool] of args.nodePools.entries()) {
        const at = `nodePools[${index}]`;
        if (!POOL_NAME.test(pool.name) || pool.name === "system") {
            problems.push({
                propertyPath: `${at}.name`,
                reason: `must be 1-32 lowercase letters, digits or '-', and not "system" (got ${JSON.stringify(pool.name)})`,
            });
        } else if (names.indexOf(pool.name) !== index) {
            problems.push({ propertyPath: `${at}.name`, reason: `is used by nodePools[${names.indexOf(pool.name)}] too` });
        }
        problems.push(...poolProblems(pool, at));
    }
    return problems;
}

/** Refuses a cluster with any bad argument, naming every one. */
export function refuseBadClusterArgs(name: string, args: ClusterArgs): void {
    refuseBadArgs("berth:cluster:Cluster", name, clusterArgProblems(args));
}
