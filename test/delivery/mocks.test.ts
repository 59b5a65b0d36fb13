import * as path from "path";
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import { expect } from "chai";
import { BerthMocks } from "../../delivery/mocks";
import { planStack } from "../../delivery/plan";

const dir = path.join(__dirname, "..", "fixtures", "planner");

describe("BerthMocks", () => {
    it("answers invokes for the calling provider's region", () => {
        const mocks = new BerthMocks();
        const provider = mocks.newResource({ type: "pulumi:providers:aws", name: "west", inputs: { region: "us-west-2" }, custom: true });
        const ref = `urn:pulumi:dev::p::pulumi:providers:aws::west::${provider.id}`;
        expect(mocks.call({ token: "aws:index/getRegion:getRegion", inputs: {}, provider: ref })).to.include({
            name: "us-west-2",
            region: "us-west-2",
        });
        expect(mocks.call({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: {}, provider: ref })).to.deep.include({
            names: ["us-west-2a", "us-west-2b", "us-west-2c"],
        });
        expect(mocks.call({ token: "aws:index/getCallerIdentity:getCallerIdentity", inputs: {} })).to.include({
            accountId: "123456789012",
        });
        expect(mocks.call({ token: "aws:index/getPartition:getPartition", inputs: {} })).to.include({ partition: "aws" });
    });

    it("names the token of a call it has no answer for", () => {
        expect(() => new BerthMocks().call({ token: "aws:s3/getBucket:getBucket", inputs: {} })).to.throw(/aws:s3\/getBucket:getBucket/);
    });

    it("keeps the inputs and adds realistic ids and ARNs, the same on every run", () => {
        const make = () =>
            new BerthMocks().newResource({
                type: "aws:ecr/repository:Repository",
                name: "api",
                inputs: { name: "team/api" },
                custom: true,
            });
        const repo = make();
        expect(repo).to.deep.equal(make());
        expect(repo.id).to.equal("team/api");
        expect(repo.state).to.include({
            name: "team/api",
            registryId: "123456789012",
            arn: "arn:aws:ecr:us-east-1:123456789012:repository/team/api",
            repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api",
        });
        const vpc = new BerthMocks().newResource({
            type: "aws:ec2/vpc:Vpc",
            name: "v",
            inputs: { cidrBlock: "10.0.0.0/16" },
            custom: true,
        });
        expect(vpc.id).to.match(/^vpc-[0-9a-f]{17}$/);
        expect(vpc.state).to.include({
            cidrBlock: "10.0.0.0/16",
            ownerId: "123456789012",
            arn: `arn:aws:ec2:us-east-1:123456789012:vpc/${vpc.id}`,
        });
        expect(vpc.state.mainRouteTableId).to.match(/^rtb-[0-9a-f]{17}$/);
    });

    it("gives node groups the <cluster>:<name> id and an ACTIVE status with their autoscaling group", () => {
        const ng = new BerthMocks().newResource({
            type: "aws:eks/nodeGroup:NodeGroup",
            name: "system",
            inputs: { clusterName: "prod-east", nodeGroupName: "system" },
            custom: true,
        });
        expect(ng.id).to.equal("prod-east:system");
        expect(ng.state.status).to.equal("ACTIVE");
        expect(ng.state.resources[0].autoscalingGroups[0].name).to.match(/^eks-system-/);
    });

    it("gives a remote eks Cluster the region of the aws provider it was handed", async () => {
        const plan = await planStack({
            stack: "dev",
            dir,
            program: () => {
                const east = new aws.Provider("east", { region: "ap-southeast-2" });
                const cluster = new eks.Cluster("c", { name: "berth-dev-east", skipDefaultNodeGroup: true }, { providers: { aws: east } });
                return {
                    kubeconfigJson: cluster.kubeconfigJson,
                    oidcProviderArn: cluster.oidcProviderArn,
                    endpoint: cluster.eksCluster.endpoint,
                };
            },
        });
        const outputs = plan.outputs as Record<string, string>;
        expect(outputs.oidcProviderArn).to.match(
            /^arn:aws:iam::123456789012:oidc-provider\/oidc\.eks\.ap-southeast-2\.amazonaws\.com\/id\/[0-9A-F]{32}$/,
        );
        expect(outputs.endpoint).to.match(/^https:\/\/[0-9A-F]{32}\.gr7\.ap-southeast-2\.eks\.amazonaws\.com$/);
        const kubeconfig = JSON.parse(outputs.kubeconfigJson!);
        expect(kubeconfig.users[0].user.exec.args).to.deep.equal([
            "eks",
            "get-token",
            "--cluster-name",
            "berth-dev-east",
            "--region",
            "ap-southeast-2",
        ]);
        const cluster = plan.resources.find((r) => r.type === "eks:index:Cluster")!;
        expect(cluster.provider).to.equal("urn:pulumi:dev::fixture::pulumi:pulumi:Stack$pulumi:providers:aws::east");
    });
});
