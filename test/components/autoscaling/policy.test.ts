import { expect } from "chai";
import { clusterAutoscalerPolicy } from "../../../components/autoscaling";

describe("cluster-autoscaler IAM policy", () => {
    it("lets the autoscaler describe everything but resize only its own cluster's node groups", () => {
        expect(JSON.parse(clusterAutoscalerPolicy("prod-euw1"))).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "DiscoverNodeGroups",
                    Effect: "Allow",
                    Action: [
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
                    ],
                    Resource: "*",
                },
                {
                    Sid: "ScaleOwnNodeGroups",
                    Effect: "Allow",
                    Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                    Resource: "*",
                    Condition: { StringEquals: { "autoscaling:ResourceTag/k8s.io/cluster-autoscaler/prod-euw1": "owned" } },
                },
            ],
        });
    });

    it("scopes two clusters' write actions by two different tags", () => {
        const scope = (cluster: string) => JSON.parse(clusterAutoscalerPolicy(cluster)).Statement[1].Condition;
        expect(scope("prod-use1")).to.deep.equal({
            StringEquals: { "autoscaling:ResourceTag/k8s.io/cluster-autoscaler/prod-use1": "owned" },
        });
        expect(scope("prod-use1")).to.not.deep.equal(scope("prod-euw1"));
    });

    it("grants no write action without the ownership condition", () => {
        const statements = JSON.parse(clusterAutoscalerPolicy("dev-euw1")).Statement as { Action: string[]; Condition?: unknown }[];
        const unconditioned = statements.filter((statement) => statement.Condition === undefined).flatMap((statement) => statement.Action);
        expect(
            unconditioned.every((action) => /^(autoscaling|ec2|eks):(Describe|Get)/.test(action)),
            unconditioned.join(", "),
        ).to.equal(true);
    });
});
