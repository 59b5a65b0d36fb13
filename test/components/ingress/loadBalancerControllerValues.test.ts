import { expect } from "chai";
import { LOAD_BALANCER_CONTROLLER_ACCOUNT, loadBalancerControllerValues } from "../../../components/ingress/loadBalancerControllerValues";

const ROLE = "arn:aws:iam::123456789012:role/prod-euw1-aws-load-balancer-controller-irsa-5c1e9a2";
const args = { clusterName: "prod-euw1", region: "eu-west-1", vpcId: "vpc-0a1b2c3d4e5f67890", roleArn: ROLE, replicas: 2 };

describe("AWS Load Balancer Controller Helm values", () => {
    it("names its cluster, region and VPC, so that nothing depends on the instance metadata service pods cannot reach", () => {
        const values = loadBalancerControllerValues(args);
        expect({ clusterName: values.clusterName, region: values.region, vpcId: values.vpcId }).to.deep.equal({
            clusterName: "prod-euw1",
            region: "eu-west-1",
            vpcId: "vpc-0a1b2c3d4e5f67890",
        });
    });

    it("runs as the one service account its IRSA role trusts, annotated with that role", () => {
        expect(loadBalancerControllerValues(args).serviceAccount).to.deep.equal({
            create: true,
            name: "aws-load-balancer-controller",
            annotations: { "eks.amazonaws.com/role-arn": ROLE },
        });
        expect(LOAD_BALANCER_CONTROLLER_ACCOUNT).to.deep.equal({ namespace: "kube-system", name: "aws-load-balancer-controller" });
    });

    it("runs on the system pool, tolerating its taint", () => {
        const values = loadBalancerControllerValues(args);
        expect(values.nodeSelector).to.deep.equal({ "berth.dev/pool": "system" });
        expect(values.tolerations).to.deep.equal([{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }]);
    });

    it("spreads its replicas across zones, counting the controller's own pods", () => {
        expect(loadBalancerControllerValues(args).topologySpreadConstraints).to.deep.equal([
            {
                maxSkew: 1,
                topologyKey: "topology.kubernetes.io/zone",
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: { matchLabels: { "app.kubernetes.io/name": "aws-load-balancer-controller" } },
            },
        ]);
    });

    it("keeps one replica up through node drains when it has several, and sets no budget for a single replica", () => {
        const ha = loadBalancerControllerValues({ ...args, replicas: 3 });
        expect(ha.replicaCount).to.equal(3);
        expect(ha.podDisruptionBudget).to.deep.equal({ maxUnavailable: 1 });
        const single = loadBalancerControllerValues({ ...args, replicas: 1 });
        expect(single.replicaCount).to.equal(1);
        expect(single).to.not.have.property("podDisruptionBudget");
    });

    it("leaves Services that do not ask for the controller alone: no mutating webhook on every LoadBalancer Service", () => {
        expect(loadBalancerControllerValues(args).enableServiceMutatorWebhook).to.equal(false);
    });
});
