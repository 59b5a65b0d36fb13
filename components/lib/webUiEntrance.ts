import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { internalLoadBalancerService } from "./loadBalancer";

/** How people reach an add-on's web UI. Neither way is public unless the cluster's gateway is. */
export type WebUiAccess =
    /**
     * A VirtualService on the cluster's default Gateway ("istio-ingress/default") at `host`, which must be one of the
     * gateway's domains and resolve to its load balancer. As public as that gateway. `https` says whether the gateway's
     * clients use TLS (at the NLB or the gateway), for the URL.
     */
    | { via: "gateway"; gateway: string; host: string; https: boolean }
    /**
     * An internal Network Load Balancer on port 80, admitting the given networks only (the cluster's VPC, its peers, the
     * office VPN). Works on the first deploy: its URL is the NLB's own DNS name. It waits for the load balancer
     * controller, so that destroy removes the NLB before the controller goes.
     */
    | { via: "internal-load-balancer"; allowedCidrs: readonly string[]; loadBalancerController: pulumi.Resource };

export interface WebUiEntranceArgs {
    access: WebUiAccess;
    /** Logical names of the VirtualService and of the load balancer Service: public API, renaming one replaces it. */
    resourceNames: { route: string; loadBalancer: string };
    /** Kubernetes name of the VirtualService; the load balancer Service is "<name>-nlb". */
    name: string;
    /** The UI's namespace, where the VirtualService or the load balancer Service goes. */
    namespace: string;
    /** The chart's Service in front of the UI, which the VirtualService routes to. */
    service: { name: string; port: number };
    /** The UI's pods, which the load balancer sends to directly, and their port. */
    pods: { selector: Record<string, string>; port: number };
    /** Options of either resource, given what it waits for besides the UI's release (the load balancer controller). */
    options: (dependsOn: pulumi.Resource[]) => pulumi.CustomResourceOptions;
}

/** Where a web UI answers on the gateway, for the UI's own settings as well as its entrance. */
export function gatewayUrl(access: { host: string; https: boolean }): string {
    return `${access.https ? "https" : "http"}://${access.host}`;
}

/** The VirtualService spec that routes every request for `host` on `gateway` to one in-cluster Service. */
export function gatewayRouteSpec(gateway: string, host: string, service: { name: string; namespace: string; port: number }) {
    return {
        hosts: [host],
        gateways: [gateway],
        http: [
            {
                route: [
                    { destination: { host: `${service.name}.${service.namespace}.svc.cluster.local`, port: { number: service.port } } },
                ],
            },
        ],
    };
}

/** An add-on's web UI's way in, as `access` asks: a VirtualService on the gateway or an internal NLB. Returns its URL. */
export function webUiEntrance(args: WebUiEntranceArgs): pulumi.Output<string> {
    const { access, namespace } = args;
    if (access.via === "gateway") {
        new k8s.apiextensions.CustomResource(
            args.resourceNames.route,
            {
                apiVersion: "networking.istio.io/v1",
                kind: "VirtualService",
                metadata: { name: args.name, namespace },
                spec: gatewayRouteSpec(access.gateway, access.host, { ...args.service, namespace }),
            },
            args.options([]),
        );
        return pulumi.output(gatewayUrl(access));
    }
    const service = internalLoadBalancerService({
        selector: args.pods.selector,
        targetPort: args.pods.port,
        allowedCidrs: access.allowedCidrs,
    });
    const nlb = new k8s.core.v1.Service(
        args.resourceNames.loadBalancer,
        { metadata: { name: `${args.name}-nlb`, namespace, annotations: service.annotations }, spec: service.spec },
        args.options([access.loadBalancerController]),
    );
    return nlb.status.loadBalancer.ingress[0].hostname.apply((hostname) => `http://${hostname}`);
}
