/** Tags every Berth resource carries, so that cost reports and audits can group by them. */
export function baseTags(environment: string, extra: Record<string, string> = {}): Record<string, string> {
    return { "berth:environment": environment, "managed-by": "pulumi-berth", ...extra };
}

/** Tags that let cluster-autoscaler discover a node group by auto-discovery. */
export function autoscalerDiscoveryTags(clusterName: string): Record<string, string> {
    return {
        "k8s.io/cluster-autoscaler/enabled": "true",
        [`k8s.io/cluster-autoscaler/${clusterName}`]: "owned",
    };
}
