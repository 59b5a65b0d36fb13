import * as aws from "@pulumi/aws";
import { expect } from "chai";
// Everything here comes from the package's public surface, as another team's program would import it.
import {
    Cluster,
    ClusterArgs,
    ClusterAutoscaler,
    ClusterAutoscalerSettings,
    KUBERNETES_API_PORT,
    MetricsServer,
    NodePoolSpec,
    PeeringPort,
    Registry,
    VpcPeering,
} from "../../components";
import type { PlanDocument } from "../../delivery/plan";
import { planInline } from "../helpers/inline";
import { byUrn, named, ofType } from "../helpers/plans";

const spot: NodePoolSpec = {
    name: "spot",
    capacityType: "SPOT",
    instanceTypes: ["c7g.large", "m7g.large", "r7g.large"],
    minSize: 0,
    maxSize: 4,
    desiredSize: 1,
};

const settings: ClusterAutoscalerSettings = {
    scaleDown: { unneededTime: "5m", delayAfterAdd: "5m", utilizationThreshold: 0.5 },
    skipNodesWithLocalStorage: false,
    expendablePodsPriorityCutoff: -10,
    replicas: 1,
};

const METRICS_PORT: PeeringPort = { name: "metrics", port: 9090, description: "Prometheus remote write" };

function clusterArgs(provider: aws.Provider, region: string, cidr: string): ClusterArgs {
    return {
        provider,
        region,
        kubernetesVersion: "1.35",
        network: { cidr, availabilityZones: 2, natGateways: "single" },
        endpoint: { publicAccessCidrs: ["203.0.113.0/24"] },
        systemPool: { instanceTypes: ["m6i.large"], minSize: 1, maxSize: 2, desiredSize: 1 },
        nodePools: [spot],
    };
}

/** Another team's two-region platform, built without Berth's stack config. */
function smallPlatform(): void {
    const defaultTags = { tags: { team: "payments" } };
    const west = new aws.Provider("west", { region: "eu-west-1", allowedAccountIds: ["123456789012"], defaultTags });
    const east = new aws.Provider("east", { region: "us-east-1", allowedAccountIds: ["123456789012"], defaultTags });
    const hub = new Cluster("pay-euw1", clusterArgs(west, "eu-west-1", "10.50.0.0/16"));
    const spoke = new Cluster("pay-use1", clusterArgs(east, "us-east-1", "10.60.0.0/16"));
    for (const cluster of [hub, spoke]) {
        new ClusterAutoscaler(`${cluster.clusterName}-autoscaler`, { cluster, settings }, { parent: cluster });
        new MetricsServer(`${cluster.clusterName}-metrics`, { cluster }, { parent: cluster });
    }
    const side = (cluster: Cluster) => ({
        network: cluster.network,
        region: cluster.region,
        provider: cluster.awsProvider,
        securityGroupId: cluster.securityGroupId,
    });
    new VpcPeering("pay-peering", { requester: side(spoke), accepter: side(hub), ports: [KUBERNETES_API_PORT, METRICS_PORT] });
    new Registry("pay-registry", {
        homeRegion: "eu-west-1",
        providers: { "eu-west-1": west, "us-east-1": east },
        clusters: [hub, spoke].map((cluster) => ({ name: cluster.clusterName, region: cluster.region, nodeRoleArn: cluster.nodeRoleArn })),
        repositories: ["checkout"],
    });
}

describe("the component package on its own", () => {
    let plan: PlanDocument;
    before(async () => {
        plan = await planInline(smallPlatform);
    });

    it("builds two clusters with their add-ons, a peering and a registry from the package API alone", () => {
        const components = plan.resources.filter((r) => r.type.startsWith("berth:")).map((r) => `${r.type} ${r.name}`);
        expect(components).to.include.members([
            "berth:cluster:Cluster pay-euw1",
            "berth:cluster:Cluster pay-use1",
            "berth:autoscaling:ClusterAutoscaler pay-euw1-autoscaler",
            "berth:autoscaling:MetricsServer pay-use1-metrics",
            "berth:cluster:VpcPeering pay-peering",
            "berth:registry:Registry pay-registry",
        ]);
        expect(ofType(plan, "aws:eks/nodeGroup:NodeGroup").map((group) => (group.inputs as any).amiType)).to.have.members([
            "AL2023_x86_64_STANDARD",
            "AL2023_ARM_64_STANDARD",
            "AL2023_x86_64_STANDARD",
            "AL2023_ARM_64_STANDARD",
        ]);
    });

    it("creates each add-on's AWS resources through its cluster's provider", () => {
        const role = named(plan, "aws:iam/role:Role", "pay-use1-autoscaler-irsa");
        expect(byUrn(plan, role.provider).name).to.equal("east");
    });

    it("opens every port the peering is given, in both directions", () => {
        const rules = ofType(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((rule) => {
            const inputs = rule.inputs as any;
            return `${byUrn(plan, rule.provider).name} ${inputs.cidrIpv4} ${inputs.fromPort}`;
        });
        expect(rules).to.have.members([
            "west 10.60.0.0/16 443",
            "west 10.60.0.0/16 9090",
            "east 10.50.0.0/16 443",
            "east 10.50.0.0/16 9090",
        ]);
    });
});
