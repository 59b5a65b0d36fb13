import type * as k8s from "@pulumi/kubernetes";
import { everyVersionSelector, WorkloadSettings } from "./settings";

/**
 * The HorizontalPodAutoscaler: between the minimum and maximum replicas, on the application container's CPU and
 * memory use relative to its requests. Container metrics, not the pod's: the sidecar's own use would otherwise skew
 * the average.
 */
export function autoscalerSpec(settings: WorkloadSettings): k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerSpec {
    const { application, autoscaling } = settings;
    const target = (name: "cpu" | "memory", averageUtilization: number) => ({
        type: "ContainerResource",
        containerResource: { name, container: application, target: { type: "Utilization", averageUtilization } },
    });
    return {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: application },
        minReplicas: settings.replicas.min,
        maxReplicas: settings.replicas.max,
        metrics: [target("cpu", autoscaling.cpuUtilization), target("memory", autoscaling.memoryUtilization)],
    };
}

/**
 * The PodDisruptionBudget: node drains (upgrades, scale-down, spot interruptions handled by the autoscaler) evict one
 * pod at a time, never several at once. One at a time also lets a single-replica workload's node drain. A pod that is
 * not ready may always be evicted, so a broken rollout never blocks a drain.
 */
export function disruptionBudgetSpec(settings: WorkloadSettings): k8s.types.input.policy.v1.PodDisruptionBudgetSpec {
    return {
        maxUnavailable: 1,
        selector: { matchLabels: everyVersionSelector(settings) },
        unhealthyPodEvictionPolicy: "AlwaysAllow",
    };
}
