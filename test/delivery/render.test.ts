import { expect } from "chai";
import { renderPlan, renderPlanParts } from "../../delivery/render";
import { planDocument, resource, SAMPLE_PLAN } from "./samplePlan";

describe("renderPlan", () => {
    it("leads with what a reviewer checks: per cluster, then the environment", () => {
        expect(renderPlanParts(SAMPLE_PLAN).body).to.equal(`Plan for platform/prod: 33 resources, 2 clusters, 1 warning

Cluster east
  region          eu-west-1
  Kubernetes      1.35
  network         VPC 10.20.0.0/16; zones eu-west-1a, eu-west-1b; 3 subnets, 1 NAT gateway
  endpoint        private on; public on, from 203.0.113.0/24, 198.51.100.10/32
  node pools:
    name      capacity   min-max  desired    version     AMI                     instance types
    graviton  SPOT       0-20     [unknown]  1.34        AL2023_ARM_64_STANDARD  m7g.xlarge, m6g.xlarge, c7g.xlarge
    system    ON_DEMAND  3-6      3          as cluster  AL2023_x86_64_STANDARD  m6i.large, m6a.large
  add-ons:
    name            version             from
    vpc-cni         v1.19.2-eksbuild.1  EKS add-on
    metrics-server  3.13.1              Helm chart metrics-server from https://kubernetes-sigs.github.io/metrics-server/

Cluster west
  region          not set
  Kubernetes      [unknown]
  network         VPC 10.30.0.0/16; zones [unknown]; 1 subnet, 0 NAT gateways
  endpoint        private off; public off
  node pools:
    name          capacity  min-max              desired    instance types
    west-general  not set   [unknown]-[unknown]  [unknown]  [unknown]
  add-ons:
    name           version     from
    west-unpinned  not pinned  Helm chart cluster-autoscaler

Environment
  registry        berth-prod-registry in eu-west-1
  repositories    apps/storefront, apps/payments (tags IMMUTABLE)
  replicated to   us-east-1
  pull-through    ecr-public <- public.ecr.aws (eu-west-1, us-east-1)
  scanning        ENHANCED
  peering         east (eu-west-1, 10.20.0.0/16) <-> west (not set, 10.30.0.0/16)
`);
    });

    it("follows with the warnings, then counts by type and by cluster", () => {
        const text = renderPlan(SAMPLE_PLAN);
        const parts = renderPlanParts(SAMPLE_PLAN);
        expect(text).to.equal(parts.body + parts.warnings + parts.counts);
        expect(parts.warnings).to.equal(
            "\nWarnings (1):\n  warning: Kubernetes 1.34 leaves standard support on 2026-12-02 (east-graviton)\n",
        );
        expect(parts.counts).to.match(/^\nBy type:\n {2}4 {2}aws:ec2\/subnet:Subnet\n {2}3 {2}aws:eks\/nodeGroup:NodeGroup\n/);
        expect(parts.counts).to.match(/\nBy cluster:\n {2}13 {2}\(environment\)\n {2}13 {2}east\n {3}7 {2}west\n$/);
    });

    it("says when the endpoint is open to the internet, also by EKS's default", () => {
        const stack = resource("pulumi:pulumi:Stack", "s", null);
        const endpointOf = (inputs: Record<string, unknown>) => {
            const cluster = resource("berth:cluster:Cluster", "c", stack);
            const body = renderPlanParts(planDocument([stack, cluster, resource("eks:index:Cluster", "c-eks", cluster, { inputs })])).body;
            return body.split("\n").find((line) => line.startsWith("  endpoint"));
        };
        expect(endpointOf({ endpointPrivateAccess: true, endpointPublicAccess: true })).to.equal(
            "  endpoint        private on; public on, from anywhere (0.0.0.0/0, the EKS default)",
        );
        expect(
            endpointOf({ endpointPrivateAccess: false, endpointPublicAccess: true, publicAccessCidrs: ["10.0.0.0/8", "0.0.0.0/0"] }),
        ).to.equal("  endpoint        private off; public on, from anywhere (0.0.0.0/0)");
        expect(endpointOf({})).to.equal("  endpoint        private not set; public not set");
    });

    it("counts no warnings in the header and prints no warnings section when there are none", () => {
        const quiet = { ...SAMPLE_PLAN, warnings: [] };
        expect(renderPlanParts(quiet).body.split("\n")[0]).to.equal("Plan for platform/prod: 33 resources, 2 clusters, no warnings");
        expect(renderPlanParts(quiet).warnings).to.equal("");
    });

    it("draws the full tree in build order with --tree, protected resources marked", () => {
        const stack = resource("pulumi:pulumi:Stack", "platform-prod", null);
        const east = resource("berth:cluster:Cluster", "east", stack);
        const key = resource("aws:kms/key:Key", "east-key", east, { protect: true });
        const vpc = resource("aws:ec2/vpc:Vpc", "east-vpc", east, { dependencies: [key.urn] });
        const repository = resource("aws:ecr/repository:Repository", "api", stack, { dependencies: [vpc.urn] });
        const plan = planDocument([stack, repository, east, vpc, key]);
        expect(renderPlanParts(plan, { tree: true }).body).to.equal(`Plan for platform/prod: 5 resources, 1 cluster, no warnings

  pulumi:pulumi:Stack platform-prod
    berth:cluster:Cluster east
      aws:kms/key:Key east-key (protected)
      aws:ec2/vpc:Vpc east-vpc
    aws:ecr/repository:Repository api
`);
    });
});
