import { expect } from "chai";
import { estimateCost } from "../../../delivery/cost/estimate";
import type { Registration } from "../../../delivery/monitor";
import { planDocument, resource } from "../samplePlan";

/** A hand-made plan: one cluster in eu-west-1 with what `more` adds, and a provider for a region without prices. */
function planWith(more: (cluster: Registration, inCluster: Partial<Registration>) => Registration[]) {
    const stack = resource("pulumi:pulumi:Stack", "platform-prod", null);
    const provider = resource("pulumi:providers:aws", "aws-eu-west-1", stack, { inputs: { region: "eu-west-1" } });
    const cluster = resource("berth:cluster:Cluster", "blue", stack, { providers: { aws: provider.urn } });
    return planDocument([stack, provider, cluster, ...more(cluster, { provider: provider.urn })]);
}

const k8s = (type: string, name: string, parent: Registration, inputs: Record<string, unknown>) =>
    resource(`kubernetes:${type}`, name, parent, { inputs });

describe("reading a plan for its cost", () => {
    it("finds volumes in Helm values and claims, skips switched-off parts, and uses the cluster's default storage class", () => {
        const cost = estimateCost(
            planWith((cluster) => [
                k8s("storage.k8s.io/v1:StorageClass", "blue-gp2", cluster, {
                    metadata: { name: "standard", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
                    provisioner: "kubernetes.io/aws-ebs",
                }),
                k8s("helm.sh/v3:Release", "blue-grafana", cluster, {
                    values: {
                        grafana: { persistence: { enabled: true, size: "10Gi" } },
                        alertmanager: {
                            enabled: false,
                            alertmanagerSpec: {
                                storage: { volumeClaimTemplate: { spec: { resources: { requests: { storage: "50Gi" } } } } },
                            },
                        },
                    },
                }),
                k8s("core/v1:PersistentVolumeClaim", "blue-data", cluster, {
                    spec: { storageClassName: "fast", resources: { requests: { storage: "1Ti" } } },
                }),
            ]),
        );
        expect(cost.items.map((i) => [i.name, i.detail])).to.deep.equal([
            ["blue-data", "1 volume × 1024 GiB gp3 (storage class not in the plan: priced as gp3) × $0.088/GB-month"],
            ["blue-grafana grafana", "1 volume × 10 GiB gp2 × $0.11/GB-month"],
        ]);
    });

    it("notes what it cannot price, and prices the rest: a region without prices, unknown sizes, an unknown instance type", () => {
        const cost = estimateCost(
            planWith((cluster, inCluster) => {
                const elsewhere = resource("pulumi:providers:aws", "aws-ap-south-2", cluster, { inputs: { region: "ap-south-2" } });
                return [
                    elsewhere,
                    resource("aws:kms/key:Key", "far-key", cluster, { provider: elsewhere.urn }),
                    resource("aws:eks/nodeGroup:NodeGroup", "blue-later", cluster, {
                        ...inCluster,
                        inputs: { scalingConfig: "[unknown]" },
                    }),
                    resource("aws:eks/nodeGroup:NodeGroup", "blue-mixed", cluster, {
                        ...inCluster,
                        inputs: { instanceTypes: ["x9.huge", "m6i.large"], scalingConfig: { minSize: 1, maxSize: 2, desiredSize: 1 } },
                    }),
                    resource("aws:kms/key:Key", "near-key", cluster, inCluster),
                ];
            }),
        );
        expect(cost.notes).to.have.members([
            "KMS key far-key: not priced, there is no price file for ap-south-2 (delivery/cost/prices)",
            "node pool blue-later: not priced, its sizes are not known before deploy",
            "node pool blue-mixed: no eu-west-1 price for x9.huge; priced from m6i.large",
        ]);
        expect(cost.items.map((i) => [i.category, i.name, i.monthly])).to.deep.equal([
            ["nodes", "blue-mixed", 78.11],
            ["KMS keys", "near-key", 1],
        ]);
    });

    it("prices a plan without the program's support output at standard support, and says so", () => {
        const cost = estimateCost(
            planWith((cluster, inCluster) => [
                resource("eks:index:Cluster", "blue-eks", cluster, { ...inCluster, inputs: { name: "blue" } }),
            ]),
        );
        expect(cost.items.map((i) => [i.category, i.monthly])).to.deep.equal([["control plane", 73]]);
        expect(cost.notes).to.deep.equal(["the plan has no controlPlaneSupport output: every control plane is priced at standard support"]);
    });
});
