// A hand-built plan document for the review and render tests: one cluster with every input the review reads,
// one whose inputs the mock engine could not know or the program left out, a registry and a peering.
import type { Registration } from "../../delivery/monitor";
import type { PlanDocument } from "../../delivery/plan";

const urn = (type: string, name: string) => `urn:pulumi:prod::platform::${type}::${name}`;

export function resource(
    type: string,
    name: string,
    parent: Registration | null,
    more: Partial<Omit<Registration, "urn" | "type" | "name" | "parent">> = {},
): Registration {
    return {
        urn: urn(type, name),
        type,
        name,
        custom: !type.startsWith("berth:") && type !== "pulumi:pulumi:Stack",
        parent: parent?.urn ?? null,
        provider: null,
        dependencies: [],
        protect: false,
        inputs: {},
        ...more,
    };
}

/** A plan document around `resources`, with its summary counted from them. */
export function planDocument(resources: Registration[], warnings: PlanDocument["warnings"] = []): PlanDocument {
    const byType: Record<string, number> = {};
    for (const r of resources) byType[r.type] = (byType[r.type] ?? 0) + 1;
    return {
        version: 1,
        project: "platform",
        stack: "prod",
        resources,
        outputs: {},
        summary: { resources: resources.length, byType },
        warnings,
    };
}

const stack = resource("pulumi:pulumi:Stack", "platform-prod", null);
const platform = resource("berth:stack:Platform", "berth-prod", stack);
const euWest = resource("pulumi:providers:aws", "aws-eu-west-1", platform, { inputs: { region: "eu-west-1" } });
const usEast = resource("pulumi:providers:aws", "aws-us-east-1", platform, { inputs: { region: "us-east-1" } });
const inEuWest = { provider: euWest.urn };

const east = resource("berth:cluster:Cluster", "east", platform, { provider: euWest.urn, providers: { aws: euWest.urn } });
const eastNet = resource("berth:cluster:Network", "east-net", east);
const eastVpc = resource("aws:ec2/vpc:Vpc", "east-vpc", eastNet, { ...inEuWest, inputs: { cidrBlock: "10.20.0.0/16" } });
const subnet = (name: string, zone: unknown, parent: Registration) =>
    resource("aws:ec2/subnet:Subnet", name, parent, { ...inEuWest, inputs: { availabilityZone: zone, cidrBlock: "10.20.0.0/19" } });
const metricsServer = resource("berth:autoscaling:MetricsServer", "east-metrics-server", east);

const west = resource("berth:cluster:Cluster", "west", platform);
const westNet = resource("berth:cluster:Network", "west-net", west);
const westVpc = resource("aws:ec2/vpc:Vpc", "west-vpc", westNet, { inputs: { cidrBlock: "10.30.0.0/16" } });

const registry = resource("berth:registry:Registry", "berth-prod-registry", platform);
const peering = resource("berth:cluster:VpcPeering", "west-to-east", platform);

export const SAMPLE_PLAN = planDocument(
    [
        stack,
        platform,
        euWest,
        usEast,
        east,
        eastNet,
        eastVpc,
        subnet("east-private-1", "eu-west-1b", eastNet),
        subnet("east-private-0", "eu-west-1a", eastNet),
        subnet("east-public-0", "eu-west-1a", eastNet),
        resource("aws:ec2/natGateway:NatGateway", "east-nat-0", eastNet, inEuWest),
        resource("eks:index:Cluster", "east-eks", east, {
            ...inEuWest,
            inputs: {
                version: "1.35",
                endpointPrivateAccess: true,
                endpointPublicAccess: true,
                publicAccessCidrs: ["203.0.113.0/24", "198.51.100.10/32"],
            },
        }),
        resource("aws:eks/nodeGroup:NodeGroup", "east-system", east, {
            ...inEuWest,
            inputs: {
                capacityType: "ON_DEMAND",
                instanceTypes: ["m6i.large", "m6a.large"],
                amiType: "AL2023_x86_64_STANDARD",
                labels: { "berth.dev/pool": "system" },
                scalingConfig: { minSize: 3, maxSize: 6, desiredSize: 3 },
            },
        }),
        resource("aws:eks/nodeGroup:NodeGroup", "east-graviton", east, {
            ...inEuWest,
            inputs: {
                capacityType: "SPOT",
                instanceTypes: ["m7g.xlarge", "m6g.xlarge", "c7g.xlarge"],
                amiType: "AL2023_ARM_64_STANDARD",
                version: "1.34",
                labels: { "berth.dev/pool": "graviton" },
                scalingConfig: { minSize: 0, maxSize: 20, desiredSize: "[unknown]" },
            },
        }),
        resource("aws:eks/addon:Addon", "east-vpc-cni", east, {
            ...inEuWest,
            inputs: { addonName: "vpc-cni", addonVersion: "v1.19.2-eksbuild.1" },
        }),
        metricsServer,
        resource("kubernetes:helm.sh/v3:Release", "east-metrics-server", metricsServer, {
            inputs: {
                name: "metrics-server",
                chart: "metrics-server",
                version: "3.13.1",
                repositoryOpts: { repo: "https://kubernetes-sigs.github.io/metrics-server/" },
            },
        }),
        west,
        westNet,
        westVpc,
        subnet("west-private-0", "[unknown]", westNet),
        resource("eks:index:Cluster", "west-eks", west, {
            inputs: { version: "[unknown]", endpointPrivateAccess: "false", endpointPublicAccess: false },
        }),
        resource("aws:eks/nodeGroup:NodeGroup", "west-general", west, {
            inputs: { instanceTypes: "[unknown]", scalingConfig: "[unknown]" },
        }),
        resource("kubernetes:helm.sh/v3:Release", "west-unpinned", west, { inputs: { chart: "cluster-autoscaler" } }),
        registry,
        resource("aws:ecr/repository:Repository", "berth-prod-registry-storefront", registry, {
            ...inEuWest,
            inputs: { name: "apps/storefront", imageTagMutability: "IMMUTABLE" },
        }),
        resource("aws:ecr/repository:Repository", "berth-prod-registry-payments", registry, {
            ...inEuWest,
            inputs: { name: "apps/payments", imageTagMutability: "IMMUTABLE" },
        }),
        ...[euWest, usEast].map((provider) =>
            resource("aws:ecr/pullThroughCacheRule:PullThroughCacheRule", `cache-ecr-public-${provider.name}`, registry, {
                provider: provider.urn,
                inputs: { ecrRepositoryPrefix: "ecr-public", upstreamRegistryUrl: "public.ecr.aws" },
            }),
        ),
        resource("aws:ecr/replicationConfiguration:ReplicationConfiguration", "berth-prod-registry-replication", registry, {
            ...inEuWest,
            inputs: { replicationConfiguration: { rules: [{ destinations: [{ region: "us-east-1", registryId: "123456789012" }] }] } },
        }),
        resource("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", "berth-prod-registry-scanning", registry, {
            ...inEuWest,
            inputs: { scanType: "ENHANCED" },
        }),
        peering,
        resource("aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "west-to-east-request", peering, {
            provider: usEast.urn,
            dependencies: [eastVpc.urn, westVpc.urn],
            inputs: { vpcId: "vpc-west", peerVpcId: "vpc-east", peerRegion: "eu-west-1" },
        }),
    ],
    [
        {
            severity: "warning",
            message: "Kubernetes 1.34 leaves standard support on 2026-12-02",
            urn: urn("aws:eks/nodeGroup:NodeGroup", "east-graviton"),
        },
    ],
);
