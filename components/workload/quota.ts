import type * as k8s from "@pulumi/kubernetes";
import { millicores } from "../monitoring/sizing";

/** CPU and memory of one container, as Kubernetes quantities ("250m", "256Mi"). */
export interface Compute {
    cpu: string;
    memory: string;
}

export interface ContainerResources {
    requests: Compute;
    limits: Compute;
}

/** Memory quantities a workload takes: whole mebibytes or gibibytes. */
export const WORKLOAD_MEMORY = /^[1-9]\d*(Mi|Gi)$/;

/** Mebibytes of a memory quantity such as "256Mi" or "2Gi"; NaN for anything else. */
export function mebibytes(quantity: string): number {
    const match = WORKLOAD_MEMORY.exec(quantity);
    if (!match) return Number.NaN;
    return parseInt(quantity, 10) * (match[1] === "Gi" ? 1024 : 1);
}

/**
 * The Istio sidecar's own requests and limits, set on every pod through Istio's annotations so that the namespace's
 * quota can count them: a quota that ignored the sidecar would refuse pods long before the application reached its
 * maximum.
 */
export const SIDECAR_RESOURCES: ContainerResources = {
    requests: { cpu: "100m", memory: "128Mi" },
    limits: { cpu: "1000m", memory: "512Mi" },
};

/** The pod template annotations that size the injected sidecar. */
export function sidecarAnnotations(): Record<string, string> {
    return {
        "sidecar.istio.io/proxyCPU": SIDECAR_RESOURCES.requests.cpu,
        "sidecar.istio.io/proxyMemory": SIDECAR_RESOURCES.requests.memory,
        "sidecar.istio.io/proxyCPULimit": SIDECAR_RESOURCES.limits.cpu,
        "sidecar.istio.io/proxyMemoryLimit": SIDECAR_RESOURCES.limits.memory,
    };
}

/** Pods a rolling update may run at once at `maxReplicas`: the Deployment surges by a quarter, rounded up. */
export function podsAtMostDuringRollout(maxReplicas: number): number {
    return maxReplicas + Math.ceil(maxReplicas / 4);
}

/**
 * Pods at most during a canary release: Flagger's copy of the released version at its maximum, surging while the new
 * version is promoted into it, and the new version, which its own autoscaler may grow to the maximum too.
 */
export function podsAtMostDuringCanary(maxReplicas: number): number {
    return podsAtMostDuringRollout(maxReplicas) + maxReplicas;
}

function times(pods: number, app: Compute, sidecar: Compute): Compute {
    return {
        cpu: `${pods * (millicores(app.cpu) + millicores(sidecar.cpu))}m`,
        memory: `${pods * (mebibytes(app.memory) + mebibytes(sidecar.memory))}Mi`,
    };
}

/**
 * The namespace's ResourceQuota: exactly what the application needs at its maximum replicas during a rollout, sidecars
 * included, so that a runaway (a Job loop, a mistaken replica count) cannot take the cluster's capacity from the
 * others. Applications come in through the mesh's gateway, so the namespace may create no load balancer or node port
 * of its own (each NLB is billed). Under canary releases two versions run side by side at their busiest.
 */
export function resourceQuotaSpec(maxReplicas: number, app: ContainerResources, canary = false): k8s.types.input.core.v1.ResourceQuotaSpec {
    const pods = canary ? podsAtMostDuringCanary(maxReplicas) : podsAtMostDuringRollout(maxReplicas);
    const requests = times(pods, app.requests, SIDECAR_RESOURCES.requests);
    const limits = times(pods, app.limits, SIDECAR_RESOURCES.limits);
    return {
        hard: {
            pods: String(pods),
            "requests.cpu": requests.cpu,
            "requests.memory": requests.memory,
            "limits.cpu": limits.cpu,
            "limits.memory": limits.memory,
            "services.loadbalancers": "0",
            "services.nodeports": "0",
        },
    };
}

/**
 * The namespace's LimitRange: a container that declares no resources (an injected init container, a one-off Job
 * someone starts by hand) gets the sidecar's, instead of being refused by the quota, which admits only containers
 * with requests and limits.
 */
export function limitRangeSpec(): k8s.types.input.core.v1.LimitRangeSpec {
    return {
        limits: [{ type: "Container", defaultRequest: { ...SIDECAR_RESOURCES.requests }, default: { ...SIDECAR_RESOURCES.limits } }],
    };
}
