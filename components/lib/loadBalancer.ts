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

/** An internal load balancer Service in front of some pods, on one TCP port. */
export interface InternalLoadBalancerArgs {
    /** Labels of the pods it sends to. */
    selector: Record<string, string>;
    /** The pods' port it sends to. */
    targetPort: number;
    /** The only networks it admits (the cluster's VPC, its peers, the office VPN). */
    allowedCidrs: readonly string[];
    /** The load balancer's own port and that port's name. @default { name: "http", port: 80 } */
    listener?: { name: string; port: number };
}

/** The annotations and spec of an internal NLB Service that sends straight to `selector`'s pods, open to `allowedCidrs` only. */
export function internalLoadBalancerService(args: InternalLoadBalancerArgs) {
    const listener = args.listener ?? { name: "http", port: 80 };
    return {
        annotations: internalNlbAnnotations(),
        spec: {
            type: "LoadBalancer",
            selector: { ...args.selector },
            ports: [{ name: listener.name, port: listener.port, targetPort: args.targetPort, protocol: "TCP" }],
            // The NLB's security group admits exactly these networks, rather than whatever the controller's default for
            // the scheme is (see internalNlbAnnotations).
            loadBalancerSourceRanges: [...args.allowedCidrs],
        },
    };
}
