import { expect } from "chai";
import { PlanDocument } from "../../delivery/plan";
import { renderPlan } from "../../delivery/render";

const urn = (type: string, name: string) => `urn:pulumi:prod::platform::${type}::${name}`;
const resource = (type: string, name: string, parent: string | null, protect = false) => ({
    urn: urn(type, name),
    type,
    name,
    custom: type !== "berth:cluster:Cluster",
    parent,
    provider: null,
    dependencies: [],
    protect,
    inputs: {},
});

const stack = resource("pulumi:pulumi:Stack", "platform-prod", null);
const east = resource("berth:cluster:Cluster", "east", stack.urn);
const plan: PlanDocument = {
    version: 1,
    project: "platform",
    stack: "prod",
    resources: [
        stack,
        east,
        resource("aws:ec2/vpc:Vpc", "east-vpc", east.urn),
        resource("aws:kms/key:Key", "east-key", east.urn, true),
        resource("aws:ecr/repository:Repository", "api", stack.urn),
    ],
    outputs: {},
    summary: {
        resources: 5,
        byType: {
            "aws:ec2/vpc:Vpc": 1,
            "aws:ecr/repository:Repository": 1,
            "aws:kms/key:Key": 1,
            "berth:cluster:Cluster": 1,
            "pulumi:pulumi:Stack": 1,
        },
    },
    warnings: [{ severity: "warning", message: "one NAT gateway", urn: east.urn }],
};

describe("renderPlan", () => {
    it("draws the tree by parent, counts by type and by cluster, then warnings", () => {
        expect(renderPlan(plan)).to.equal(`Plan for platform/prod: 5 resources

  pulumi:pulumi:Stack platform-prod
    berth:cluster:Cluster east
      aws:ec2/vpc:Vpc east-vpc
      aws:kms/key:Key east-key (protected)
    aws:ecr/repository:Repository api

By type:
  1  aws:ec2/vpc:Vpc
  1  aws:ecr/repository:Repository
  1  aws:kms/key:Key
  1  berth:cluster:Cluster
  1  pulumi:pulumi:Stack

By cluster:
  3  east
  2  (environment)

Warnings:
  warning: one NAT gateway (east)
`);
    });
});
