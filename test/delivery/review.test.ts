import { expect } from "chai";
import { reviewPlan } from "../../delivery/review";
import { ofType, planOf } from "../helpers/plans";
import { planDocument, resource, SAMPLE_PLAN } from "./samplePlan";

describe("reviewPlan", () => {
    const review = reviewPlan(SAMPLE_PLAN);
    const cluster = (name: string) => review.clusters.find((c) => c.name === name)!;

    it("reads each cluster's region from its AWS provider, its version, network and endpoint from its resources", () => {
        const east = cluster("east");
        expect(east.region).to.equal("eu-west-1");
        expect(east.kubernetesVersion).to.equal("1.35");
        expect(east.network).to.deep.equal({ vpcCidr: "10.20.0.0/16", zones: ["eu-west-1a", "eu-west-1b"], subnets: 3, natGateways: 1 });
        expect(east.endpoint).to.deep.equal({
            privateAccess: true,
            publicAccess: true,
            publicAccessCidrs: ["203.0.113.0/24", "198.51.100.10/32"],
        });
    });

    it("lists each node pool by its pool name with capacity, sizes, AMI, architecture and its own version", () => {
        expect(cluster("east").nodePools).to.deep.equal([
            {
                name: "graviton",
                capacityType: "SPOT",
                instanceTypes: ["m7g.xlarge", "m6g.xlarge", "c7g.xlarge"],
                amiType: "AL2023_ARM_64_STANDARD",
                architecture: "arm64",
                kubernetesVersion: "1.34",
                minSize: 0,
                maxSize: 20,
                desiredSize: "[unknown]",
            },
            {
                name: "system",
                capacityType: "ON_DEMAND",
                instanceTypes: ["m6i.large", "m6a.large"],
                amiType: "AL2023_x86_64_STANDARD",
                architecture: "x86_64",
                kubernetesVersion: undefined,
                minSize: 3,
                maxSize: 6,
                desiredSize: 3,
            },
        ]);
    });

    it("lists EKS managed add-ons and Helm releases anywhere under the cluster, with their versions", () => {
        expect(cluster("east").addons).to.deep.equal([
            { name: "vpc-cni", source: "eks", chart: "vpc-cni", version: "v1.19.2-eksbuild.1" },
            {
                name: "metrics-server",
                source: "helm",
                chart: "metrics-server",
                version: "3.13.1",
                repository: "https://kubernetes-sigs.github.io/metrics-server/",
            },
        ]);
    });

    it("keeps what the engine could not know as [unknown] and leaves out what the program did not set", () => {
        const west = cluster("west");
        expect(west.region).to.equal(undefined);
        expect(west.kubernetesVersion).to.equal("[unknown]");
        expect(west.network.zones).to.deep.equal(["[unknown]"]);
        // A provider's booleans may arrive as strings; they are still switches.
        expect(west.endpoint).to.deep.equal({ privateAccess: false, publicAccess: false, publicAccessCidrs: undefined });
        expect(west.nodePools[0]).to.include({
            name: "west-general",
            minSize: "[unknown]",
            maxSize: "[unknown]",
            desiredSize: "[unknown]",
        });
        expect(west.nodePools[0].instanceTypes).to.deep.equal(["[unknown]"]);
        expect(west.nodePools[0].capacityType).to.equal(undefined);
        expect(west.addons).to.deep.equal([
            { name: "west-unpinned", source: "helm", chart: "cluster-autoscaler", version: undefined, repository: undefined },
        ]);
    });

    it("does not throw on a cluster without any of the resources it reads, or on inputs of an unexpected shape", () => {
        const stack = resource("pulumi:pulumi:Stack", "s", null);
        const bare = resource("berth:cluster:Cluster", "bare", stack, { provider: "urn:missing" });
        const odd = resource("aws:eks/nodeGroup:NodeGroup", "bare-odd", bare, {
            inputs: { labels: null, scalingConfig: [1, 2], instanceTypes: { a: 1 }, amiType: 7 },
        });
        const eks = resource("eks:index:Cluster", "bare-eks", bare, { inputs: { publicAccessCidrs: null, endpointPublicAccess: true } });
        const peering = resource("aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "p", stack, { dependencies: ["urn:gone"] });
        const result = reviewPlan(planDocument([stack, bare, odd, eks, peering]));
        expect(result.clusters[0]).to.deep.include({ name: "bare", region: undefined, kubernetesVersion: undefined });
        expect(result.clusters[0].network).to.deep.equal({ vpcCidr: undefined, zones: [], subnets: 0, natGateways: 0 });
        expect(result.clusters[0].endpoint.publicAccessCidrs).to.equal(undefined);
        expect(result.clusters[0].nodePools[0]).to.deep.include({
            name: "bare-odd",
            instanceTypes: [],
            amiType: 7,
            architecture: undefined,
        });
        expect(result.peerings[0].sides).to.have.length(2);
    });

    it("summarises the registry: home region, repositories, replicas, caches per region and scanning", () => {
        expect(review.registries).to.deep.equal([
            {
                name: "berth-prod-registry",
                region: "eu-west-1",
                repositories: [
                    { name: "apps/storefront", tagMutability: "IMMUTABLE" },
                    { name: "apps/payments", tagMutability: "IMMUTABLE" },
                ],
                replicatedTo: ["us-east-1"],
                pullThroughCaches: [{ prefix: "ecr-public", upstream: "public.ecr.aws", regions: ["eu-west-1", "us-east-1"] }],
                scanType: "ENHANCED",
            },
        ]);
    });

    it("names a peering's sides by the clusters that own the peered VPCs", () => {
        expect(review.peerings).to.deep.equal([
            {
                name: "west-to-east",
                sides: [
                    { cluster: "east", region: "eu-west-1", cidr: "10.20.0.0/16" },
                    { cluster: "west", region: undefined, cidr: "10.30.0.0/16" },
                ],
            },
        ]);
    });

    it("counts every resource towards its nearest cluster, the rest towards the environment", () => {
        expect(review.counts.byCluster).to.deep.equal({ "(environment)": 13, east: 13, west: 7 });
        expect(review.counts.byType).to.equal(SAMPLE_PLAN.summary.byType);
    });

    it("covers every node group and Helm release of the prod stack, each cluster in its provider's region", async () => {
        const prod = await planOf("prod");
        const { clusters } = reviewPlan(prod);
        expect(clusters.map((c) => c.name)).to.deep.equal(ofType(prod, "berth:cluster:Cluster").map((c) => c.name));
        expect(clusters.flatMap((c) => c.nodePools)).to.have.length(ofType(prod, "aws:eks/nodeGroup:NodeGroup").length);
        const releases = ofType(prod, "kubernetes:helm.sh/v3:Release");
        const helm = clusters.flatMap((c) => c.addons.filter((a) => a.source === "helm"));
        expect(helm.map((a) => `${a.chart}@${a.version}`).sort()).to.deep.equal(
            releases.map((r) => `${r.inputs.chart}@${r.inputs.version}`).sort(),
        );
        const regions = ofType(prod, "pulumi:providers:aws").map((p) => p.inputs.region);
        for (const c of clusters) {
            expect(regions, c.name).to.include(c.region);
            expect(c.kubernetesVersion, c.name).to.be.a("string");
            expect(c.network.zones.length, c.name).to.be.greaterThan(1);
        }
    });

    it("says when repositories scan on push though the registry configures no scanning (dev)", async () => {
        expect(reviewPlan(await planOf("dev")).registries.map((registry) => registry.scanType)).to.deep.equal(["BASIC on push"]);
    });

    it("shows each cluster's ingress: scheme, domains, where TLS ends and the mesh's mTLS mode", async () => {
        const [prod, dev] = await Promise.all([planOf("prod"), planOf("dev")]);
        expect(reviewPlan(prod).clusters.find((c) => c.name === "prod-use1")?.ingress).to.deep.equal({
            scheme: "internet-facing",
            domains: ["*.apps.example.com"],
            tls: { terminatesAt: "NLB", source: "arn:aws:acm:us-east-1:123456789012:certificate/7c6b5a49-3827-4165-9d4e-3f2a1b0c9d8e" },
            mtls: "STRICT",
        });
        expect(reviewPlan(dev).clusters[0].ingress).to.deep.equal({
            scheme: "internet-facing",
            domains: ["*"],
            tls: { terminatesAt: "none" },
            mtls: "PERMISSIVE",
        });
    });

    it("lists each cluster's onboarded applications with their image, hosts and the objects they write", async () => {
        const [application] = reviewPlan(await planOf("dev")).clusters[0].applications;
        expect(application.name).to.equal("dev-euw1-storefront");
        expect(application.image).to.match(/\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/apps\/storefront:v1\.4\.2@sha256:/);
        expect(application.hosts).to.deep.equal(["storefront.dev.example.com"]);
        expect(application.kinds).to.include.members([
            "Deployment",
            "Service",
            "HorizontalPodAutoscaler",
            "PodDisruptionBudget",
            "VirtualService",
            "ServiceMonitor",
        ]);
    });
});
