import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { Cluster, ClusterArgs } from "../../../components";
import { inlineFailure, planInline } from "../../helpers/inline";
import { named, ofType } from "../../helpers/plans";

/** A small valid cluster in `region`, with the given arguments replaced. */
function args(provider: aws.Provider, region: string, overrides: Partial<ClusterArgs> = {}): ClusterArgs {
    return {
        provider,
        region,
        kubernetesVersion: "1.35",
        network: { cidr: "10.40.0.0/16", availabilityZones: 2 },
        endpoint: {},
        systemPool: { instanceTypes: ["m6i.large"], minSize: 1, maxSize: 2, desiredSize: 1 },
        nodePools: [
            {
                name: "spot",
                capacityType: "SPOT",
                instanceTypes: ["m6i.large", "m6a.large", "m5.large"],
                minSize: 0,
                maxSize: 3,
                desiredSize: 0,
            },
        ],
        ...overrides,
    };
}

/** Builds one cluster through a provider of `region`. */
const oneCluster =
    (region: string, overrides: Partial<ClusterArgs> = {}) =>
    () => {
        const provider = new aws.Provider(`aws-${region}`, { region: region as aws.Region });
        new Cluster("blue", args(provider, region, overrides));
    };

describe("berth:cluster:Cluster through its own API", () => {
    it("keeps a private-only API private: no public access and no public CIDRs", async () => {
        const plan = await planInline(oneCluster("eu-west-1", { endpoint: { privateAccess: true, publicAccess: false } }));
        const eks = named(plan, "eks:index:Cluster", "blue-eks").inputs as any;
        expect(eks.endpointPrivateAccess).to.equal(true);
        expect(eks.endpointPublicAccess).to.equal(false);
        expect(eks.publicAccessCidrs).to.equal(undefined);
    });

    it("builds subnets in explicitly named zones, in the order given", async () => {
        const plan = await planInline(
            oneCluster("us-east-1", { network: { cidr: "10.40.0.0/16", availabilityZones: ["us-east-1f", "us-east-1a"] } }),
        );
        const zones = ofType(plan, "aws:ec2/subnet:Subnet")
            .filter((subnet) => subnet.name.startsWith("blue-net-private-"))
            .map((subnet) => (subnet.inputs as any).availabilityZone);
        expect(zones).to.deep.equal(["us-east-1f", "us-east-1a"]);
    });

    it("refuses an explicitly named zone where EKS places no control plane", async () => {
        const failure = await inlineFailure(
            oneCluster("us-east-1", { network: { cidr: "10.40.0.0/16", availabilityZones: ["us-east-1a", "us-east-1c"] } }),
        );
        expect(failure.message).to.contain("us-east-1c is use1-az3, where EKS does not place control planes");
    });

    it("boots an arm64 pool on the ARM Amazon Linux 2023 AMI", async () => {
        const graviton = {
            name: "graviton",
            capacityType: "SPOT" as const,
            instanceTypes: ["m7g.large", "m6g.large", "c7g.large"],
            minSize: 0,
            maxSize: 3,
            desiredSize: 0,
        };
        const plan = await planInline(oneCluster("eu-west-1", { nodePools: [graviton] }));
        expect((named(plan, "aws:eks/nodeGroup:NodeGroup", "blue-graviton").inputs as any).amiType).to.equal("AL2023_ARM_64_STANDARD");
        expect((named(plan, "aws:eks/nodeGroup:NodeGroup", "blue-system").inputs as any).amiType).to.equal("AL2023_x86_64_STANDARD");
    });

    it("refuses to list the deploying role as an admin, before any access entry is created", async () => {
        // The mocks deploy as the assumed role berth-planner (delivery/mocks.ts).
        const deployer = "arn:aws:iam::123456789012:role/berth-planner";
        const failure = await inlineFailure(
            oneCluster("eu-west-1", { adminRoleArns: ["arn:aws:iam::123456789012:role/platform-admins", deployer] }),
        );
        expect(failure.message).to.contain(`${deployer} is the identity running this deploy`);
        expect(failure.message).to.contain("blue");
    });

    it("refuses bad arguments itself, every one at once, each by its property path", () => {
        const bad = args(undefined as never, "eu-west-1", {
            kubernetesVersion: "1.29",
            network: { cidr: "10.40.0.0/12", availabilityZones: 1 },
            systemPool: { instanceTypes: ["m6i.large"], minSize: 0, maxSize: 2, desiredSize: 1 },
            nodePools: [
                {
                    name: "mixed",
                    capacityType: "SPOT",
                    instanceTypes: ["m6i.large", "m7g.large"],
                    minSize: 3,
                    maxSize: 2,
                    desiredSize: 1.5,
                },
                { name: "mixed", capacityType: "ON_DEMAND", instanceTypes: ["m6i.large"], minSize: 0, maxSize: 500, desiredSize: 0 },
            ],
        });
        let error: unknown;
        try {
            new Cluster("blue", bad);
        } catch (caught) {
            error = caught;
        }
        expect(pulumi.InputPropertiesError.isInstance(error), String(error)).to.equal(true);
        const paths = (error as pulumi.InputPropertiesError).errors.map((problem) => problem.propertyPath);
        expect(paths).to.deep.equal([
            "kubernetesVersion",
            "network.cidr",
            "network.availabilityZones",
            "systemPool.minSize",
            "nodePools[0].desiredSize",
            "nodePools[0].maxSize",
            "nodePools[0].desiredSize",
            "nodePools[0].instanceTypes",
            "nodePools[1].name",
            "nodePools[1].maxSize",
        ]);
    });
});
