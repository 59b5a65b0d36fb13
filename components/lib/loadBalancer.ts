const ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer";

/**
 * Annotations of a Service that the AWS Load Balancer Controller turns into an internal Network Load Balancer: reachable
 * from the VPC and its peers only, sending to pod IPs, across zones so that a target alone in one zone is reached from
 * every zone. Pair it with `spec.loadBalancerSourceRanges`: the controller's security group on the NLB admits only those
 * networks, and without them only the cluster's own VPC, so a peered VPC would be refused.
 */
export function internalNlbAnnotations(): Record<string, string> {
    return {
        [`${ANNOTATION}-type`]: "external",
        [`${ANNOTATION}-nlb-target-type`]: "ip",
        [`${ANNOTATION}-scheme`]: "internal",
        [`${ANNOTATION}-attributes`]: "load_balancing.cross_zone.enabled=true",
    };
}
