/**
 * The spec of an internal load balancer Service (annotated with `internalNlbAnnotations`) in front of `selector`'s
 * pods on one TCP port, open to `sourceRanges` only. TLS passes through to the pods, whose certificates Berth's CA issues.
 */
export function internalLoadBalancerSpec(port: { name: string; port: number }, selector: Record<string, string>, sourceRanges: string[]) {
    return {
        type: "LoadBalancer",
        selector,
        ports: [{ name: port.name, port: port.port, targetPort: port.port, protocol: "TCP" }],
        // The NLB's security group admits exactly these networks (the hub's VPC, the peered spokes', operators'),
        // rather than whatever the controller's default for the scheme is.
        loadBalancerSourceRanges: [...sourceRanges],
    };
}
