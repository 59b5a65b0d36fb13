import { SYSTEM_POOL_PLACEMENT } from "../lib/placement";

/**
 * Helm values of the metrics-server chart: the resource metrics API that HorizontalPodAutoscalers
 * and `kubectl top` read. The chart's defaults already suit EKS: kubelets are reached by InternalIP,
 * and the pod listens on 10250, a port the control plane may always reach on nodes.
 */
export function metricsServerValues(replicas: number) {
    return {
        replicas,
        ...SYSTEM_POOL_PLACEMENT,
        // With one replica a budget would block every node drain; with more it keeps the API answering.
        podDisruptionBudget: replicas > 1 ? { enabled: true, minAvailable: 1 } : { enabled: false },
    };
}
