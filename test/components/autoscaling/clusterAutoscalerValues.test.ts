import { expect } from "chai";
import { ClusterAutoscalerSettings, clusterAutoscalerValues, expanderPriorities } from "../../../components/autoscaling";

const settings: ClusterAutoscalerSettings = {
    scaleDown: { unneededTime: "15m", delayAfterAdd: "15m", utilizationThreshold: 0.5 },
    skipNodesWithLocalStorage: false,
    expendablePodsPriorityCutoff: -10,
    replicas: 2,
};

const ROLE = "arn:aws:iam::123456789012:role/prod-euw1-cluster-autoscaler-irsa-0083289";
const SPOT_ASG = "eks-spot-general-20260101120000123400000001-4e4d361e-744e-4c3e-a8d0-fb1cff64c58a";
const ON_DEMAND_ASG = "eks-ondemand-general-20260101120000123400000002-02993922-ef0d-4edc-af05-06b2fa609963";

describe("cluster-autoscaler Helm values", () => {
    it("discovers its own cluster's groups, runs on the system pool as the IRSA service account and scales spot first", () => {
        const values = clusterAutoscalerValues({
            clusterName: "prod-euw1",
            region: "eu-west-1",
            roleArn: ROLE,
            appVersion: "1.35.0",
            groups: [
                { capacityType: "ON_DEMAND", autoScalingGroups: ["eks-system-1"] },
                { capacityType: "SPOT", autoScalingGroups: [SPOT_ASG] },
                { capacityType: "ON_DEMAND", autoScalingGroups: [ON_DEMAND_ASG] },
            ],
            settings,
        });
        expect(values).to.deep.equal({
            fullnameOverride: "cluster-autoscaler",
            autoDiscovery: { clusterName: "prod-euw1" },
            awsRegion: "eu-west-1",
            image: { tag: "v1.35.0" },
            rbac: { serviceAccount: { create: true, name: "cluster-autoscaler", annotations: { "eks.amazonaws.com/role-arn": ROLE } } },
            replicaCount: 2,
            priorityClassName: "system-cluster-critical",
            nodeSelector: { "berth.dev/pool": "system" },
            tolerations: [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }],
            podDisruptionBudget: { maxUnavailable: 1 },
            expanderPriorities: { "50": [`^${SPOT_ASG}$`], "10": [".*"] },
            extraArgs: {
                expander: "priority,least-waste",
                "balance-similar-node-groups": true,
                "skip-nodes-with-local-storage": false,
                "expendable-pods-priority-cutoff": -10,
                "scale-down-unneeded-time": "15m",
                "scale-down-delay-after-add": "15m",
                "scale-down-utilization-threshold": 0.5,
            },
        });
    });

    describe("priority expander tiers", () => {
        it("prefers every spot group by its exact name and falls back to anything else", () => {
            expect(
                expanderPriorities([
                    { capacityType: "SPOT", autoScalingGroups: ["eks-spot-a-1", "eks-spot-a-2"] },
                    { capacityType: "ON_DEMAND", autoScalingGroups: ["eks-ondemand-1"] },
                    { capacityType: "SPOT", autoScalingGroups: ["eks-spot-b-1"] },
                ]),
            ).to.deep.equal({ "50": ["^eks-spot-a-1$", "^eks-spot-a-2$", "^eks-spot-b-1$"], "10": [".*"] });
        });

        it("escapes regex characters so that a name matches only itself", () => {
            expect(expanderPriorities([{ capacityType: "SPOT", autoScalingGroups: ["eks-a.b+c"] }])["50"]).to.deep.equal([
                "^eks-a\\.b\\+c$",
            ]);
        });

        it("has only the fallback tier when the cluster has no spot group", () => {
            expect(expanderPriorities([{ capacityType: "ON_DEMAND", autoScalingGroups: ["eks-ondemand-1"] }])).to.deep.equal({
                "10": [".*"],
            });
        });
    });
});
