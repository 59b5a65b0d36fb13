const ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer";

/**
 * Annotations of a Service that the AWS Load Balancer Controller (not the in-tree cloud provider: type "external")
 * turns into a Network Load Balancer of the given scheme, sending to pod IPs, across zones so that a target alone
 * in one zone is reached from every zone.
 */
export function nlbAnnotations(scheme: "internet-facing" | "internal"): Record<string, string> {
    return {
        [`${ANNOTATION}-type`]: "external",
        [`${ANNOTATION}-nlb-target-type`]: "ip",
        [`${ANNOTATION}-scheme`]: scheme,
        [`${ANNOTATION}-attributes`]: "load_balancing.cross_zone.enabled=true",
    };
}

/**
 * An internal NLB's annotations: reachable from the VPC and its peers only. Pair them with
 * `spec.loadBalancerSourceRanges`: the controller's security group on the NLB admits only those networks, and
 * without them only the cluster's own VPC, so a peered VPC would be refused.
 */
export function internalNlbAnnotations(): Record<string, string> {
    return nlbAnnotations("internal");
}
