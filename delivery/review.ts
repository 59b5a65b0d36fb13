import { CANARY_TYPE, CanarySummary, summariseCanary } from "./canaries";
import { codeUnitOrder } from "./codeUnitOrder";
import type { Registration } from "./monitor";
import type { PlanDocument } from "./plan";

/**
 * What a platform engineer checks before approving a plan, read from the plan's resources alone.
 *
 * Inputs are read defensively: the components change under this summary, so a missing input is left out
 * (`undefined`), a value the mock engine could not know stays "[unknown]", and nothing here throws.
 */
export interface Review {
    clusters: ClusterReview[];
    registries: RegistryReview[];
    peerings: PeeringReview[];
    counts: { byType: Record<string, number>; byCluster: Record<string, number> };
}

/** A scalar input as the program passed it; "[unknown]" and "[secret]" stay strings. */
export type Scalar = string | number | boolean;

export interface ClusterReview {
    name: string;
    /** The region of the cluster's AWS provider. */
    region?: string;
    kubernetesVersion?: Scalar;
    network: {
        vpcCidr?: Scalar;
        /** Distinct availability zones of the cluster's subnets, sorted. */
        zones: string[];
        subnets: number;
        natGateways: number;
    };
    endpoint: {
        privateAccess?: Scalar;
        publicAccess?: Scalar;
        /** Who may reach the public endpoint; undefined when the program left it to EKS (which allows 0.0.0.0/0). */
        publicAccessCidrs?: string[];
    };
    nodePools: NodePoolReview[];
    addons: AddonReview[];
    /** The cluster's way in, when it has an ingress gateway. */
    ingress?: IngressReview;
    /** Applications onboarded on the cluster (Workload components), by name. */
    applications: ApplicationReview[];
}

export interface ApplicationReview {
    name: string;
    /** The Deployment's image. */
    image?: Scalar;
    /** Hosts its VirtualService (or, under canary releases, its Canary) routes, if it is routed. */
    hosts: string[];
    /** How its releases go out as canaries, when they do (`canarySummaries`). */
    canary?: CanarySummary;
    /** The Kubernetes kinds it writes, e.g. Deployment, HorizontalPodAutoscaler, ServiceMonitor. */
    kinds: string[];
}

export interface IngressReview {
    /** internet-facing or internal, from the load balancer Service's annotation. */
    scheme?: Scalar;
    /** Hosts the Istio Gateways serve. */
    domains: string[];
    /** Where TLS ends: "NLB" (with the certificate), "gateway" (with the Secret) or "none". */
    tls: { terminatesAt: "NLB" | "gateway" | "none"; source?: Scalar };
    /** The mesh-wide mutual TLS mode. */
    mtls?: Scalar;
}

export interface NodePoolReview {
    /** The pool's own name (label `berth.dev/pool`), else the node group's resource name. */
    name: string;
    capacityType?: Scalar;
    instanceTypes: string[];
    amiType?: Scalar;
    /** Read from the AMI type, when it names one. */
    architecture?: "x86_64" | "arm64";
    /** The pool's own Kubernetes version, when it sets one (else EKS uses the cluster's). */
    kubernetesVersion?: Scalar;
    minSize?: Scalar;
    maxSize?: Scalar;
    desiredSize?: Scalar;
}

export interface AddonReview {
    /** The EKS add-on name, or the Helm release name. */
    name: string;
    source: "eks" | "helm";
    /** The Helm chart (for an EKS add-on, its add-on name). */
    chart?: Scalar;
    version?: Scalar;
    /** The Helm repository the chart comes from. */
    repository?: Scalar;
}

export interface RegistryReview {
    name: string;
    /** The region the repositories live in. */
    region?: string;
    repositories: { name: string; tagMutability?: Scalar }[];
    /** Regions the repositories replicate to. */
    replicatedTo: string[];
    /** Pull-through caches, each with the regions that have it. */
    pullThroughCaches: { prefix?: Scalar; upstream?: Scalar; regions: string[] }[];
    /** ENHANCED or BASIC from the registry's scanning configuration, else "BASIC on push" when repositories scan as pushed. */
    scanType?: Scalar;
}

export interface PeeringReview {
    name: string;
    /** The peered networks, each as its cluster (or VPC id when no cluster owns it). */
    sides: { cluster?: string; vpc?: Scalar; region?: string; cidr?: Scalar }[];
}

const CLUSTER_TYPE = "berth:cluster:Cluster";
/** Where resources outside any cluster (providers, registries, the stack itself) are counted. */
const ENVIRONMENT = "(environment)";

const EKS_CLUSTER = "eks:index:Cluster";
const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const NAT_GATEWAY = "aws:ec2/natGateway:NatGateway";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const EKS_ADDON = "aws:eks/addon:Addon";
const HELM_RELEASES = new Set(["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"]);
const REGISTRY = "berth:registry:Registry";
const REPOSITORY = "aws:ecr/repository:Repository";
const REPLICATION = "aws:ecr/replicationConfiguration:ReplicationConfiguration";
const PULL_THROUGH_CACHE = "aws:ecr/pullThroughCacheRule:PullThroughCacheRule";
const SCANNING = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";
const PEERING = "aws:ec2/vpcPeeringConnection:VpcPeeringConnection";
const SERVICE = "kubernetes:core/v1:Service";
const ISTIO_GATEWAY = /^kubernetes:networking\.istio\.io\/v[0-9a-z]+:Gateway$/;
const PEER_AUTHENTICATION = /^kubernetes:security\.istio\.io\/v[0-9a-z]+:PeerAuthentication$/;
const LB_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer";
const WORKLOAD = "berth:workload:Workload";
const POOL_LABEL = "berth.dev/pool";

/** Summarises a plan for its reviewer. Pure: the same document always gives the same review. */
export function reviewPlan(plan: PlanDocument): Review {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const clusterOfUrn = new Map(plan.resources.map((r) => [r.urn, clusterOf(r, byUrn)]));
    const inCluster = (name: string) => plan.resources.filter((r) => clusterOfUrn.get(r.urn) === name);

    const clusters = plan.resources.filter((r) => r.type === CLUSTER_TYPE).map((c) => reviewCluster(c, inCluster(c.name), byUrn));
    const byCluster: Record<string, number> = {};
    for (const cluster of clusterOfUrn.values()) byCluster[cluster] = (byCluster[cluster] ?? 0) + 1;
    return {
        clusters,
        registries: plan.resources
            .filter((r) => r.type === REGISTRY)
            .map((r) => reviewRegistry(r, descendants(r, plan.resources, byUrn), byUrn)),
        peerings: plan.resources.filter((r) => r.type === PEERING).map((r) => reviewPeering(r, byUrn, clusterOfUrn, clusters)),
        counts: { byType: plan.summary.byType, byCluster },
    };
}

/** The name of the nearest enclosing cluster component, or ENVIRONMENT. A cluster counts towards itself. */
function clusterOf(r: Registration, byUrn: Map<string, Registration>): string {
    const seen = new Set<string>();
    for (let at: Registration | undefined = r; at && !seen.has(at.urn); at = at.parent ? byUrn.get(at.parent) : undefined) {
        if (at.type === CLUSTER_TYPE) return at.name;
        seen.add(at.urn);
    }
    return ENVIRONMENT;
}

function reviewCluster(cluster: Registration, resources: Registration[], byUrn: Map<string, Registration>): ClusterReview {
    const ofType = (type: string) => resources.filter((r) => r.type === type);
    const eks = ofType(EKS_CLUSTER)[0];
    const vpc = ofType(VPC)[0];
    const subnets = ofType(SUBNET);
    const zones = subnets.map((s) => scalar(s.inputs.availabilityZone) ?? scalar(s.inputs.availabilityZoneId)).filter(isDefined);
    const cidrs = eks?.inputs.publicAccessCidrs;
    const ingress = reviewIngress(resources);
    return {
        ...(ingress ? { ingress } : {}),
        applications: resources
            .filter((r) => r.type === WORKLOAD)
            .map((workload) => reviewApplication(workload, resources))
            .sort(byName),
        name: cluster.name,
        region: regionOf(cluster, byUrn) ?? (eks && regionOf(eks, byUrn)),
        kubernetesVersion: scalar(eks?.inputs.version),
        network: {
            vpcCidr: scalar(vpc?.inputs.cidrBlock),
            zones: [...new Set(zones.map(String))].sort(),
            subnets: subnets.length,
            natGateways: ofType(NAT_GATEWAY).length,
        },
        endpoint: {
            privateAccess: flag(eks?.inputs.endpointPrivateAccess),
            publicAccess: flag(eks?.inputs.endpointPublicAccess),
            publicAccessCidrs: cidrs === undefined || cidrs === null ? undefined : strings(cidrs),
        },
        nodePools: ofType(NODE_GROUP).map(reviewNodePool).sort(byName),
        addons: [
            ...ofType(EKS_ADDON)
                .map((a): AddonReview => ({
                    name: String(scalar(a.inputs.addonName) ?? a.name),
                    source: "eks",
                    chart: scalar(a.inputs.addonName),
                    version: scalar(a.inputs.addonVersion),
                }))
                .sort(byName),
            ...resources
                .filter((r) => HELM_RELEASES.has(r.type))
                .map((h): AddonReview => ({
                    name: String(scalar(h.inputs.name) ?? h.name),
                    source: "helm",
                    chart: scalar(h.inputs.chart),
                    version: scalar(h.inputs.version),
                    repository: scalar(record(h.inputs.repositoryOpts).repo),
                }))
                .sort(byName),
        ],
    };
}

function reviewNodePool(group: Registration): NodePoolReview {
    // The engine may not know the whole scaling config yet: then every size is that "[unknown]".
    const unknownScaling = scalar(group.inputs.scalingConfig);
    const scaling = record(group.inputs.scalingConfig);
    const size = (key: string) => unknownScaling ?? scalar(scaling[key]);
    const amiType = scalar(group.inputs.amiType);
    return {
        name: String(scalar(record(group.inputs.labels)[POOL_LABEL]) ?? group.name),
        capacityType: scalar(group.inputs.capacityType),
        instanceTypes: strings(group.inputs.instanceTypes),
        amiType,
        architecture: architectureOfAmi(amiType),
        kubernetesVersion: scalar(group.inputs.version),
        minSize: size("minSize"),
        maxSize: size("maxSize"),
        desiredSize: size("desiredSize"),
    };
}

/** One Workload: its image, its routed hosts and what it writes, from its children. */
function reviewApplication(workload: Registration, resources: Registration[]): ApplicationReview {
    const children = resources.filter((r) => r.parent === workload.urn);
    const deployment = children.find((r) => r.type === "kubernetes:apps/v1:Deployment");
    const containers = records(record(record(record(deployment?.inputs.spec).template).spec).containers);
    const virtualService = children.find((r) => /:VirtualService$/.test(r.type));
    const canary = children.find((r) => r.type === CANARY_TYPE);
    return {
        name: workload.name,
        image: scalar(containers[0]?.image),
        hosts: strings(record(virtualService?.inputs.spec).hosts ?? record(record(canary?.inputs.spec).service).hosts),
        ...(canary ? { canary: summariseCanary(canary, new Map(resources.map((r) => [r.urn, r]))) } : {}),
        kinds: [...new Set(children.map((r) => r.type.split(":").pop() ?? r.type))].sort(),
    };
}

/** The gateway's load balancer Service, the Istio Gateways and the mesh's mTLS policy, when the cluster has them. */
function reviewIngress(resources: Registration[]): IngressReview | undefined {
    const annotations = resources
        // The gateway's own: other add-ons (Grafana, Kibana) put internal load balancers in front of their services too.
        .filter(
            (r) =>
                r.type === SERVICE &&
                record(r.inputs.spec).type === "LoadBalancer" &&
                record(record(r.inputs.spec).selector).istio === "ingressgateway",
        )
        .map((r) => record(record(r.inputs.metadata).annotations))[0];
    const servers = resources.filter((r) => ISTIO_GATEWAY.test(r.type)).flatMap((r) => records(record(r.inputs.spec).servers));
    if (annotations === undefined && servers.length === 0) return undefined;
    const certificate = scalar(annotations?.[`${LB_ANNOTATION}-ssl-cert`]);
    const secret = servers.map((server) => scalar(record(server.tls).credentialName)).find(isDefined);
    return {
        scheme: scalar(annotations?.[`${LB_ANNOTATION}-scheme`]),
        domains: [...new Set(servers.flatMap((server) => strings(server.hosts)))],
        tls:
            certificate !== undefined
                ? { terminatesAt: "NLB", source: certificate }
                : secret !== undefined
                  ? { terminatesAt: "gateway", source: secret }
                  : { terminatesAt: "none" },
        mtls: resources
            .filter((r) => PEER_AUTHENTICATION.test(r.type))
            .map((r) => scalar(record(record(r.inputs.spec).mtls).mode))
            .find(isDefined),
    };
}

/** EKS AMI types spell the architecture into their name: AL2023_x86_64_STANDARD, AL2023_ARM_64_STANDARD, BOTTLEROCKET_ARM_64. */
function architectureOfAmi(amiType: Scalar | undefined): NodePoolReview["architecture"] {
    if (typeof amiType !== "string") return undefined;
    if (/ARM_64/i.test(amiType)) return "arm64";
    if (/x86_64/i.test(amiType)) return "x86_64";
    return undefined;
}

function reviewRegistry(registry: Registration, resources: Registration[], byUrn: Map<string, Registration>): RegistryReview {
    const ofType = (type: string) => resources.filter((r) => r.type === type);
    const repositories = ofType(REPOSITORY);
    const rules = ofType(REPLICATION).flatMap((r) => records(record(r.inputs.replicationConfiguration).rules));
    const destinations = rules.flatMap((rule) => records(rule.destinations)).map((d) => scalar(d.region));
    return {
        name: registry.name,
        region: repositories.map((r) => regionOf(r, byUrn)).find(isDefined) ?? regionOf(registry, byUrn),
        repositories: repositories.map((r) => ({
            name: String(scalar(r.inputs.name) ?? r.name),
            tagMutability: scalar(r.inputs.imageTagMutability),
        })),
        replicatedTo: [...new Set(destinations.filter(isDefined).map(String))],
        pullThroughCaches: pullThroughCaches(ofType(PULL_THROUGH_CACHE), byUrn),
        scanType:
            ofType(SCANNING)
                .map((s) => scalar(s.inputs.scanType))
                .find(isDefined) ??
            (repositories.some((r) => record(r.inputs.imageScanningConfiguration).scanOnPush === true) ? "BASIC on push" : undefined),
    };
}

/** One entry per cache (repository prefix and upstream), listing the regions that create it. */
function pullThroughCaches(rules: Registration[], byUrn: Map<string, Registration>): RegistryReview["pullThroughCaches"] {
    const caches = new Map<string, RegistryReview["pullThroughCaches"][number]>();
    for (const rule of rules) {
        const [prefix, upstream] = [scalar(rule.inputs.ecrRepositoryPrefix), scalar(rule.inputs.upstreamRegistryUrl)];
        const key = JSON.stringify([prefix, upstream]);
        const cache = caches.get(key) ?? { prefix, upstream, regions: [] };
        const region = regionOf(rule, byUrn);
        if (region !== undefined && !cache.regions.includes(region)) cache.regions.push(region);
        caches.set(key, cache);
    }
    return [...caches.values()];
}

/** A peering's two sides: the VPCs it depends on, named by the clusters that own them. */
function reviewPeering(
    peering: Registration,
    byUrn: Map<string, Registration>,
    clusterOfUrn: Map<string, string>,
    clusters: ClusterReview[],
): PeeringReview {
    const vpcs = peering.dependencies.map((urn) => byUrn.get(urn)).filter((r): r is Registration => r?.type === VPC);
    const owned = vpcs
        .map((vpc) => clusters.find((c) => c.name === clusterOfUrn.get(vpc.urn)))
        .filter(isDefined)
        .map((c) => ({ cluster: c.name, region: c.region, cidr: c.network.vpcCidr }));
    const sides =
        owned.length === 2
            ? owned
            : [
                  { vpc: scalar(peering.inputs.vpcId), region: regionOf(peering, byUrn) },
                  {
                      vpc: scalar(peering.inputs.peerVpcId),
                      region: scalar(peering.inputs.peerRegion)?.toString() ?? regionOf(peering, byUrn),
                  },
              ];
    return { name: peering.parent ? (byUrn.get(peering.parent)?.name ?? peering.name) : peering.name, sides };
}

/** Every resource under `root`, at any depth. */
function descendants(root: Registration, resources: Registration[], byUrn: Map<string, Registration>): Registration[] {
    return resources.filter((r) => {
        const seen = new Set<string>();
        for (
            let at = r.parent ? byUrn.get(r.parent) : undefined;
            at && !seen.has(at.urn);
            at = at.parent ? byUrn.get(at.parent) : undefined
        ) {
            if (at.urn === root.urn) return true;
            seen.add(at.urn);
        }
        return false;
    });
}

/** The region of a resource's AWS provider (its own, or the `aws` one a component was given). */
function regionOf(r: Registration, byUrn: Map<string, Registration>): string | undefined {
    const provider = byUrn.get(r.provider ?? "") ?? byUrn.get(r.providers?.aws ?? "");
    const region = provider?.type === "pulumi:providers:aws" ? scalar(provider.inputs.region) : undefined;
    return region === undefined ? undefined : String(region);
}

// Registration order of pools and add-ons follows the engine's timing, not the config: a reader finds them by name.
const byName = (a: { name: string }, b: { name: string }) => codeUnitOrder(a.name, b.name);

function scalar(value: unknown): Scalar | undefined {
    return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : undefined;
}

/** Booleans as booleans, also when a provider serialised them as "true"/"false"; anything else as it came. */
function flag(value: unknown): Scalar | undefined {
    if (value === "true") return true;
    if (value === "false") return false;
    return scalar(value);
}

/** A list input as strings; a whole list the engine could not know ("[unknown]") as a one-item list. */
function strings(value: unknown): string[] {
    if (Array.isArray(value)) return value.map(scalar).filter(isDefined).map(String);
    const one = scalar(value);
    return one === undefined ? [] : [String(one)];
}

function record(value: unknown): Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function records(value: unknown): Record<string, unknown>[] {
    return Array.isArray(value) ? value.map(record) : [];
}

function isDefined<T>(value: T | undefined): value is T {
    return value !== undefined;
}
