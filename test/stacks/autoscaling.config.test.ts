import { expect } from "chai";
import { parsePlatformConfig } from "../../stacks/config";
import { ACCOUNT_IDS, cluster, problemsOf, prodCluster, today } from "../helpers/config";

describe("stack config: autoscaling", () => {
    it("scales dev down after 5 minutes at 60% requested, with one replica of each add-on", () => {
        const { config } = parsePlatformConfig({ clusters: [cluster()] }, { stack: "dev", today });
        expect(config.clusters[0].autoscaling).to.deep.equal({
            scaleDown: { unneededTime: "5m", delayAfterAdd: "5m", utilizationThreshold: 0.6 },
            skipNodesWithLocalStorage: false,
            expendablePodsPriorityCutoff: -10,
            replicas: 1,
        });
    });

    it("scales prod down after 15 minutes at upstream's 50%, with two replicas of each add-on", () => {
        const { config } = parsePlatformConfig({ allowedAccountIds: ACCOUNT_IDS, clusters: [prodCluster()] }, { stack: "prod", today });
        expect(config.clusters[0].autoscaling).to.deep.equal({
            scaleDown: { unneededTime: "15m", delayAfterAdd: "15m", utilizationThreshold: 0.5 },
            skipNodesWithLocalStorage: false,
            expendablePodsPriorityCutoff: -10,
            replicas: 2,
        });
    });

    it("lets a cluster override the environment, which overrides the defaults, key by key", () => {
        const { config } = parsePlatformConfig(
            {
                allowedAccountIds: ACCOUNT_IDS,
                hubCluster: "prod-euw1",
                autoscaling: { scaleDown: { unneededTime: "30m", utilizationThreshold: 0.4 }, replicas: 3 },
                clusters: [
                    prodCluster({ autoscaling: { scaleDown: { unneededTime: "1h" }, skipNodesWithLocalStorage: true } }),
                    prodCluster({ name: "prod-use1", region: "us-east-1", network: { cidr: "10.30.0.0/16" } }),
                ],
            },
            { stack: "prod", today },
        );
        expect(config.clusters.map((c) => c.autoscaling)).to.deep.equal([
            {
                scaleDown: { unneededTime: "1h", delayAfterAdd: "15m", utilizationThreshold: 0.4 },
                skipNodesWithLocalStorage: true,
                expendablePodsPriorityCutoff: -10,
                replicas: 3,
            },
            {
                scaleDown: { unneededTime: "30m", delayAfterAdd: "15m", utilizationThreshold: 0.4 },
                skipNodesWithLocalStorage: false,
                expendablePodsPriorityCutoff: -10,
                replicas: 3,
            },
        ]);
    });

    it("reports every bad autoscaling value with its key path", () => {
        expect(
            problemsOf({
                autoscaling: { scaleDown: { unneededTime: "10 minutes", utilizationThreshold: 0 }, replicas: 0, scaleUp: {} },
                clusters: [cluster({ autoscaling: { expendablePodsPriorityCutoff: -1.5, scaleDown: { delayAfterAdd: "" } } })],
            }),
        ).to.have.members([
            'platform:autoscaling.scaleDown.unneededTime: must be a duration such as "10m", "90s" or "1h30m" (got "10 minutes")',
            "platform:autoscaling.scaleDown.utilizationThreshold: must be > 0 and <= 1: the requested share of a node's CPU or memory (got 0)",
            "platform:autoscaling.replicas: must be >= 1 (got 0)",
            "platform:autoscaling.scaleUp: unknown key; the keys here are scaleDown, skipNodesWithLocalStorage, expendablePodsPriorityCutoff, replicas",
            "platform:clusters[0].autoscaling.expendablePodsPriorityCutoff: must be a whole number (got -1.5)",
            'platform:clusters[0].autoscaling.scaleDown.delayAfterAdd: must be a duration such as "10m", "90s" or "1h30m" (got "")',
        ]);
    });

    it("reports an unsupported Kubernetes minor once, not again as a missing autoscaler release", () => {
        expect(problemsOf({ clusters: [cluster({ kubernetesVersion: "1.31" })] })).to.deep.equal([
            'platform:clusters[0].kubernetesVersion: is not a Kubernetes minor Berth has versions for (known: 1.35, 1.34, 1.33, 1.32) (got "1.31")',
        ]);
    });
});
