import { expect } from "chai";
import { clusterAutoscalerPolicy } from "../../../components/autoscaling";
import { ACCOUNT, allowedActionsOffThread, allows } from "../../helpers/iam";

// What cluster-autoscaler calls on AWS with auto-discovery and the dynamic instance-type list (the upstream AWS
// README's "Full Cluster Autoscaler Features Policy"): reads everywhere, two writes on the groups it scales.
const DISCOVERY = [
    "autoscaling:DescribeAutoScalingGroups",
    "autoscaling:DescribeAutoScalingInstances",
    "autoscaling:DescribeLaunchConfigurations",
    "autoscaling:DescribeScalingActivities",
    "autoscaling:DescribeTags",
    "ec2:DescribeImages",
    "ec2:DescribeInstanceTypes",
    "ec2:DescribeLaunchTemplateVersions",
    "ec2:GetInstanceTypesFromInstanceRequirements",
    "eks:DescribeNodegroup",
];
const SCALING = ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"];

const CLUSTER = "prod-euw1";
const policy = clusterAutoscalerPolicy(CLUSTER);
const group = `arn:aws:autoscaling:eu-west-1:${ACCOUNT}:autoScalingGroup:0f6c1e2a-1111-2222-3333-444455556666:autoScalingGroupName/eks-general-1`;
/** The request context of an Auto Scaling group carrying `tags`: AWS sets both the service's and the global tag keys. */
const taggedGroup = (tags: Record<string, string>) =>
    Object.fromEntries(
        Object.entries(tags).flatMap(([key, value]) => [
            [`autoscaling:ResourceTag/${key}`, value],
            [`aws:ResourceTag/${key}`, value],
        ]),
    );

describe("cluster-autoscaler IAM policy", () => {
    // Asked for as mocha loads this file: the sweep runs in the worker thread meanwhile (test/helpers/offThread.ts).
    const allowedOnItsOwnCluster = allowedActionsOffThread(policy, ["autoscaling", "ec2", "eks", "iam", "sts"], {
        tags: { [`k8s.io/cluster-autoscaler/${CLUSTER}`]: "owned" },
    });

    it("lets the autoscaler discover every node group, launch template and instance type, on any resource", async () => {
        for (const action of DISCOVERY) {
            expect(await allows(policy, { action, resource: "*" }), action).to.equal(true);
        }
    });

    it("resizes and shrinks an Auto Scaling group tagged as owned by its own cluster", async () => {
        for (const action of SCALING) {
            const context = taggedGroup({ [`k8s.io/cluster-autoscaler/${CLUSTER}`]: "owned", "k8s.io/cluster-autoscaler/enabled": "true" });
            expect(await allows(policy, { action, resource: group, context }), action).to.equal(true);
        }
    });

    it("leaves alone the groups of another cluster, untagged groups, and groups merely enabled for autoscaling", async () => {
        const others = {
            "another cluster's": taggedGroup({
                "k8s.io/cluster-autoscaler/prod-use1": "owned",
                "k8s.io/cluster-autoscaler/enabled": "true",
            }),
            untagged: {},
            "enabled but not owned": taggedGroup({ "k8s.io/cluster-autoscaler/enabled": "true" }),
            "shared, not owned": taggedGroup({ [`k8s.io/cluster-autoscaler/${CLUSTER}`]: "shared" }),
        };
        for (const action of SCALING) {
            for (const [which, context] of Object.entries(others)) {
                expect(await allows(policy, { action, resource: group, context }), `${action} on ${which} group`).to.equal(false);
            }
        }
    });

    it("may do nothing else in Auto Scaling, EC2, EKS, IAM or STS, even on its own cluster's resources", async () => {
        const allowed = await allowedOnItsOwnCluster;
        expect(allowed).to.deep.equal([...DISCOVERY, ...SCALING].sort());
        expect(allowed).to.not.include.members(["ec2:TerminateInstances", "autoscaling:CreateOrUpdateTags", "iam:PassRole"]);
    });

    it("scopes two clusters' policies to their own groups only", async () => {
        const other = clusterAutoscalerPolicy("prod-use1");
        const ownedBy = (cluster: string) => taggedGroup({ [`k8s.io/cluster-autoscaler/${cluster}`]: "owned" });
        const request = (cluster: string) => ({ action: "autoscaling:SetDesiredCapacity", resource: group, context: ownedBy(cluster) });
        expect([await allows(policy, request(CLUSTER)), await allows(policy, request("prod-use1"))]).to.deep.equal([true, false]);
        expect([await allows(other, request(CLUSTER)), await allows(other, request("prod-use1"))]).to.deep.equal([false, true]);
    });
});
