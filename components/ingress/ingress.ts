import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { refuseBadArgs } from "../lib/argProblems";
import { AddonCluster, addonRelease } from "../lib/helm";
import { irsaRole } from "../lib/irsa";
import { CHARTS } from "../lib/versions";
import { GATEWAY_SELECTOR, gatewayService } from "./gatewayService";
import { gatewayValues, istioBaseValues, istiodValues } from "./istioValues";
import { loadBalancerControllerPolicy } from "./loadBalancerControllerPolicy";
import { LOAD_BALANCER_CONTROLLER_ACCOUNT, loadBalancerControllerValues } from "./loadBalancerControllerValues";
import { defaultGatewaySpec, GATEWAY_NAMESPACE, ISTIO_NAMESPACE, MtlsMode, peerAuthenticationSpec } from "./meshObjects";
import type { IngressScheme, IngressTls } from "./tls";
import { ingressArgProblems } from "./validate";

/** What the ingress needs from its cluster. */
export interface IngressCluster extends AddonCluster {
    clusterName: string;
    region: string;
    /** The region's AWS provider, for the controller's IAM role. */
    awsProvider: aws.Provider;
    oidcProviderArn: pulumi.Input<string>;
    oidcProviderUrl: pulumi.Input<string>;
    /** The VPC the controller places load balancers in. */
    network: { vpcId: pulumi.Input<string> };
}

export interface IngressArgs {
    cluster: IngressCluster;
    /** Internet-facing or internal (reachable from the VPC and its peers only) load balancer. @default "internal" */
    scheme?: IngressScheme;
    /** Hosts the default Gateway serves, e.g. ["*.apps.example.com"]; "*" serves any. */
    domains: string[];
    /** Where TLS ends: at the NLB with an ACM certificate of the cluster's region, at the gateway, or nowhere. */
    tls: IngressTls;
    /** Mesh-wide mutual TLS between workloads. @default "STRICT" */
    mtls?: MtlsMode;
    /** Replicas of the controller and of istiod, and the gateway's autoscaling bounds. @default { controller: 2, istiod: 2, gateway: { min: 3, max: 10 } } */
    replicas?: { controller?: number; istiod?: number; gateway?: { min: number; max: number } };
}

/**
 * The cluster's way in: the AWS Load Balancer Controller (IRSA, upstream's IAM policy), Istio (base CRDs, then
 * istiod, then the ingress gateway), a Network Load Balancer in front of the gateway, the default Gateway for the
 * configured domains and mesh-wide mutual TLS. Turning the mesh on for an application is a namespace label
 * (`meshNamespace`), not a migration.
 *
 * Order, both ways: the gateway and its load balancer wait for the controller and istiod; on destroy the load
 * balancer Service goes first and Pulumi waits until the controller has deleted the NLB, then the releases, then
 * the cluster, so that no load balancer or network interface is left to block the VPC's deletion.
 */
export class Ingress extends pulumi.ComponentResource {
    /** The default Gateway, as a VirtualService names it: "istio-ingress/default". */
    readonly gateway: string;
    /** The cluster's Kubernetes provider, for namespaces and objects placed in the mesh. */
    readonly kubernetesProvider: k8s.Provider;
    /** What a workload joining the mesh must wait for: the control plane that injects its sidecar, and the mTLS policy. */
    readonly meshReady: pulumi.Resource[];
    /** The AWS Load Balancer Controller's release: other LoadBalancer Services wait for it, so destroy removes their NLBs first. */
    readonly loadBalancerController: pulumi.Resource;
    /** The DNS name of the gateway's Network Load Balancer. */
    readonly loadBalancerHostname: pulumi.Output<string>;

    constructor(name: string, args: IngressArgs, opts: pulumi.ComponentResourceOptions = {}) {
        refuseBadArgs("berth:ingress:Ingress", name, ingressArgProblems(args));
        super("berth:ingress:Ingress", name, {}, opts);
        const { cluster } = args;
        const replicas = { controller: 2, istiod: 2, gateway: { min: 3, max: 10 }, ...args.replicas };
        const inCluster = (dependsOn: pulumi.Resource[]) => ({ parent: this, provider: cluster.kubernetesProvider, dependsOn });

        const role = irsaRole(
            `${name}-lb-controller-irsa`,
            {
                oidcProviderArn: cluster.oidcProviderArn,
                oidcProviderUrl: cluster.oidcProviderUrl,
                serviceAccount: LOAD_BALANCER_CONTROLLER_ACCOUNT,
                inlinePolicy: loadBalancerControllerPolicy(),
                tags: { "berth:cluster": cluster.clusterName },
            },
            { parent: this, provider: cluster.awsProvider },
        );
        const controller = addonRelease(
            `${name}-lb-controller`,
            {
                releaseName: "aws-load-balancer-controller",
                chart: CHARTS.awsLoadBalancerController,
                namespace: LOAD_BALANCER_CONTROLLER_ACCOUNT.namespace,
                values: pulumi.all([role.arn, cluster.network.vpcId]).apply(([roleArn, vpcId]) =>
                    loadBalancerControllerValues({
                        clusterName: cluster.clusterName,
                        region: cluster.region,
                        vpcId,
                        roleArn,
                        replicas: replicas.controller,
                    }),
                ),
                cluster,
            },
            this,
        );

        const istioNamespace = new k8s.core.v1.Namespace(
            `${name}-istio-system`,
            { metadata: { name: ISTIO_NAMESPACE } },
            inCluster(cluster.readyForAddons),
        );
        const gatewayNamespace = new k8s.core.v1.Namespace(
            `${name}-istio-ingress`,
            { metadata: { name: GATEWAY_NAMESPACE } },
            inCluster(cluster.readyForAddons),
        );
        const base = addonRelease(
            `${name}-istio-base`,
            {
                releaseName: "istio-base",
                chart: CHARTS.istioBase,
                namespace: ISTIO_NAMESPACE,
                values: istioBaseValues(),
                cluster,
                dependsOn: [istioNamespace],
            },
            this,
        );
        const istiod = addonRelease(
            `${name}-istiod`,
            {
                releaseName: "istiod",
                chart: CHARTS.istiod,
                namespace: ISTIO_NAMESPACE,
                values: istiodValues(replicas.istiod),
                cluster,
                dependsOn: [base],
            },
            this,
        );
        const gateway = addonRelease(
            `${name}-istio-gateway`,
            {
                releaseName: "istio-ingressgateway",
                chart: CHARTS.istioGateway,
                namespace: GATEWAY_NAMESPACE,
                values: gatewayValues(replicas.gateway),
                cluster,
                dependsOn: [istiod, controller, gatewayNamespace],
            },
            this,
        );

        const service = gatewayService(args.scheme ?? "internal", args.tls);
        const nlb = new k8s.core.v1.Service(
            `${name}-gateway-nlb`,
            {
                metadata: { name: "istio-ingressgateway-nlb", namespace: GATEWAY_NAMESPACE, annotations: service.annotations },
                spec: { type: "LoadBalancer", selector: { ...GATEWAY_SELECTOR }, ports: service.ports },
            },
            inCluster([gateway, controller]),
        );

        const mtls = new k8s.apiextensions.CustomResource(
            `${name}-mtls`,
            {
                apiVersion: "security.istio.io/v1",
                kind: "PeerAuthentication",
                metadata: { name: "default", namespace: ISTIO_NAMESPACE },
                spec: peerAuthenticationSpec(args.mtls ?? "STRICT"),
            },
            inCluster([istiod]),
        );
        new k8s.apiextensions.CustomResource(
            `${name}-gateway`,
            {
                apiVersion: "networking.istio.io/v1",
                kind: "Gateway",
                metadata: { name: "default", namespace: GATEWAY_NAMESPACE },
                spec: defaultGatewaySpec(args.domains, args.tls),
            },
            inCluster([istiod, gatewayNamespace]),
        );

        this.gateway = `${GATEWAY_NAMESPACE}/default`;
        this.kubernetesProvider = cluster.kubernetesProvider;
        this.meshReady = [istiod, mtls];
        this.loadBalancerController = controller;
        this.loadBalancerHostname = nlb.status.loadBalancer.ingress[0].hostname;
        this.registerOutputs({ gateway: this.gateway });
    }
}
