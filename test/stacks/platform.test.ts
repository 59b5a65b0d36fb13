import { expect } from "chai";
import type { PlanDocument } from "../../delivery/plan";
import { byUrn, named, ofType, planOf } from "../helpers/plans";

describe("berth:stack:Platform", () => {
    let dev: PlanDocument;
    let prod: PlanDocument;
    before(async () => {
        [dev, prod] = await Promise.all([planOf("dev"), planOf("prod")]);
    });

    it("builds prod's two clusters in two regions, each through a provider of its own region", () => {
        const clusters = ofType(prod, "eks:index:Cluster");
        expect(clusters.map((c) => c.name)).to.deep.equal(["prod-euw1-eks", "prod-use1-eks"]);
        const regions = clusters.map((c) => (byUrn(prod, c.providers?.aws ?? null).inputs as any).region);
        expect(regions).to.deep.equal(["eu-west-1", "us-east-1"]);
        expect(ofType(prod, "pulumi:providers:aws").map((p) => p.name)).to.deep.equal(["aws-eu-west-1", "aws-us-east-1"]);
    });

    it("gives every resource of a two-cluster stack a distinct URN", () => {
        const urns = prod.resources.map((r) => r.urn);
        expect(new Set(urns).size).to.equal(urns.length);
    });

    it("builds both prod clusters the same way", () => {
        const shape = (cluster: string) =>
            prod.resources
                .filter((r) => r.name.startsWith(`${cluster}-`))
                .map((r) => `${r.type} ${r.name.slice(cluster.length)}`)
                // prod-use1 adds a memory pool of its own; the peering belongs to the pair, not the cluster; the
                // environment's logging, metrics receiver, Grafana and dashboards live on the hub only.
                .filter((entry) => !entry.includes("-spot-memory") && !entry.includes("-to-prod-") && !/ -logging(-|$)/.test(entry))
                .filter((entry) => !/ -monitoring-(receiver|grafana|berth-)/.test(entry))
                .sort();
        expect(shape("prod-use1")).to.deep.equal(shape("prod-euw1"));
    });

    it("peers the spoke's VPC with the hub's across regions, accepted on the hub's side, with routes both ways", () => {
        const request = named(prod, "aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "prod-use1-to-prod-euw1-request");
        const accept = named(prod, "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter", "prod-use1-to-prod-euw1-accept");
        expect((request.inputs as any).peerRegion).to.equal("eu-west-1");
        expect((request.inputs as any).autoAccept).to.equal(false);
        expect((byUrn(prod, request.provider).inputs as any).region).to.equal("us-east-1");
        expect((byUrn(prod, accept.provider).inputs as any).region).to.equal("eu-west-1");
        expect(request.dependencies).to.include.members([
            named(prod, "aws:ec2/vpc:Vpc", "prod-use1-net-vpc").urn,
            named(prod, "aws:ec2/vpc:Vpc", "prod-euw1-net-vpc").urn,
        ]);

        const routes = ofType(prod, "aws:ec2/route:Route").filter((r) => r.name.startsWith("prod-use1-to-prod-euw1-"));
        const toHub = routes.filter((r) => (r.inputs as any).destinationCidrBlock === "10.20.0.0/16");
        const toSpoke = routes.filter((r) => (r.inputs as any).destinationCidrBlock === "10.30.0.0/16");
        // One route per route table: the public table plus one private table per AZ, on each side.
        expect(toHub).to.have.length(4);
        expect(toSpoke).to.have.length(4);
        for (const route of toHub) expect((byUrn(prod, route.provider).inputs as any).region).to.equal("us-east-1");
        for (const route of toSpoke) expect((byUrn(prod, route.provider).inputs as any).region).to.equal("eu-west-1");
        for (const route of routes) expect(route.dependencies).to.include(accept.urn);
    });

    it("admits each peer's network into the other cluster's security group on the API port and the hub services' ports, both ways", () => {
        const rules = ofType(prod, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((rule) =>
            rule.name.startsWith("prod-use1-to-prod-euw1-"),
        );
        const seen = rules.map((rule) => {
            const inputs = rule.inputs as any;
            const region = (byUrn(prod, rule.provider).inputs as any).region;
            return {
                region,
                from: inputs.cidrIpv4,
                protocol: inputs.ipProtocol,
                ports: [inputs.fromPort, inputs.toPort],
                group: inputs.securityGroupId,
            };
        });
        expect(seen.map(({ group, ...rest }) => rest)).to.have.deep.members([
            { region: "eu-west-1", from: "10.30.0.0/16", protocol: "tcp", ports: [443, 443] },
            { region: "us-east-1", from: "10.20.0.0/16", protocol: "tcp", ports: [443, 443] },
            // Elasticsearch, which the spoke's log shipper sends to.
            { region: "eu-west-1", from: "10.30.0.0/16", protocol: "tcp", ports: [9200, 9200] },
            { region: "us-east-1", from: "10.20.0.0/16", protocol: "tcp", ports: [9200, 9200] },
            // The metrics receiver, which the spoke's Prometheus writes to.
            { region: "eu-west-1", from: "10.30.0.0/16", protocol: "tcp", ports: [9090, 9090] },
            { region: "us-east-1", from: "10.20.0.0/16", protocol: "tcp", ports: [9090, 9090] },
        ]);
        const [euw1, use1] = ["eu-west-1", "us-east-1"].map((region) => seen.find((rule) => rule.region === region)?.group);
        expect(euw1).to.match(/^sg-/);
        expect(use1).to.match(/^sg-/);
        expect(euw1).to.not.equal(use1);
    });

    it("peers nothing in a single-cluster environment", () => {
        expect(ofType(dev, "berth:cluster:VpcPeering")).to.deep.equal([]);
    });

    it("exports name, region, endpoint, OIDC provider ARN and a secret kubeconfig per cluster", () => {
        const clusters = prod.outputs.clusters as Record<string, any>;
        expect(Object.keys(clusters)).to.deep.equal(["prod-euw1", "prod-use1"]);
        expect(clusters["prod-use1"]).to.include({
            name: "prod-use1",
            region: "us-east-1",
            kubernetesVersion: "1.35",
            kubeconfig: "[secret]",
        });
        expect(clusters["prod-use1"].endpoint).to.match(/^https:\/\/[0-9A-F]+\.gr7\.us-east-1\.eks\.amazonaws\.com$/);
        expect(clusters["prod-use1"].oidcProviderArn).to.match(
            /^arn:aws:iam::123456789012:oidc-provider\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\//,
        );
    });

    it("tags every AWS resource through its provider's defaultTags, and the nodes' instances and volumes by hand", () => {
        for (const provider of ofType(prod, "pulumi:providers:aws")) {
            expect(JSON.parse((provider.inputs as any).defaultTags).tags, provider.name).to.deep.equal({
                "berth:environment": "prod",
                "managed-by": "pulumi-berth",
                "cost-centre": "platform-prod",
            });
        }
        expect((named(prod, "aws:ec2/vpc:Vpc", "prod-use1-net-vpc").inputs as any).tags).to.deep.equal({
            "berth:cluster": "prod-use1",
            Name: "prod-use1",
        });
        const launched = (named(prod, "aws:ec2/launchTemplate:LaunchTemplate", "prod-use1-spot-general-lt").inputs as any)
            .tagSpecifications;
        for (const specification of launched) {
            expect(specification.tags, specification.resourceType).to.include({
                "berth:environment": "prod",
                "cost-centre": "platform-prod",
            });
        }
    });

    it("lets prod deploy only into its own account, through every AWS provider; dev names none", () => {
        for (const provider of ofType(prod, "pulumi:providers:aws")) {
            expect(JSON.parse((provider.inputs as any).allowedAccountIds), provider.name).to.deep.equal(["123456789012"]);
        }
        for (const provider of ofType(dev, "pulumi:providers:aws")) {
            expect((provider.inputs as any).allowedAccountIds, provider.name).to.equal(undefined);
        }
    });
});
