import { expect } from "chai";
import { ClusterAutoscaler } from "../../../components/autoscaling";
import type { PlanDocument } from "../../../delivery/plan";
import { byUrn, named, ofType, planOf } from "../../helpers/plans";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";

describe("berth:autoscaling", () => {
    let dev: PlanDocument;
    let prod: PlanDocument;
    before(async () => {
        [dev, prod] = await Promise.all([planOf("dev"), planOf("prod")]);
    });

    const inputs = (plan: PlanDocument, type: string, name: string) => named(plan, type, name).inputs as Record<string, any>;
    const autoscalerValues = (plan: PlanDocument, cluster: string) => inputs(plan, RELEASE, `${cluster}-cluster-autoscaler`).values;

    it("installs one cluster-autoscaler and one metrics-server release per prod cluster, at exact chart versions", () => {
        const releases = ofType(prod, RELEASE)
            .filter((release) => ["cluster-autoscaler", "metrics-server"].includes((release.inputs as any).chart))
            .map((release) => {
                const { name, chart, version, namespace, repositoryOpts } = release.inputs as Record<string, any>;
                return { resource: release.name, name, chart, version, namespace, repo: repositoryOpts.repo };
            });
        const autoscaler = { name: "cluster-autoscaler", chart: "cluster-autoscaler", version: "9.59.0", namespace: "kube-system" };
        const metrics = { name: "metrics-server", chart: "metrics-server", version: "3.13.1", namespace: "kube-system" };
        expect(releases).to.have.deep.members([
            { resource: "prod-euw1-cluster-autoscaler", ...autoscaler, repo: "https://kubernetes.github.io/autoscaler" },
            { resource: "prod-euw1-metrics-server", ...metrics, repo: "https://kubernetes-sigs.github.io/metrics-server/" },
            { resource: "prod-use1-cluster-autoscaler", ...autoscaler, repo: "https://kubernetes.github.io/autoscaler" },
            { resource: "prod-use1-metrics-server", ...metrics, repo: "https://kubernetes-sigs.github.io/metrics-server/" },
        ]);
    });

    it("runs the autoscaler image of the cluster's own Kubernetes minor", () => {
        expect(autoscalerValues(prod, "prod-euw1").image).to.deep.equal({ tag: "v1.35.0" });
    });

    it("annotates each cluster's service account with that cluster's own role, trusted only by that account", () => {
        const regions = { "prod-euw1": "eu-west-1", "prod-use1": "us-east-1" };
        for (const [cluster, region] of Object.entries(regions)) {
            const policy = inputs(prod, "aws:iam/rolePolicy:RolePolicy", `${cluster}-cluster-autoscaler-irsa-inline`);
            const annotations = autoscalerValues(prod, cluster).rbac.serviceAccount.annotations;
            expect(annotations["eks.amazonaws.com/role-arn"]).to.equal(`arn:aws:iam::123456789012:role/${policy.role}`);

            const role = named(prod, "aws:iam/role:Role", `${cluster}-cluster-autoscaler-irsa`);
            expect((byUrn(prod, role.provider).inputs as any).region, "the role's provider").to.equal(region);
            const trust = JSON.parse((role.inputs as any).assumeRolePolicy).Statement[0];
            const subjects = Object.entries(trust.Condition.StringEquals).filter(([key]) => key.endsWith(":sub"));
            expect(subjects.map(([, subject]) => subject)).to.deep.equal(["system:serviceaccount:kube-system:cluster-autoscaler"]);
            expect(trust.Principal.Federated).to.match(new RegExp(`:oidc-provider/oidc\\.eks\\.${region}\\.amazonaws\\.com/id/`));
        }
    });

    it("scopes each prod role's write actions by its own cluster's tag, so the two policies differ", () => {
        const conditions = ["prod-euw1", "prod-use1"].map(
            (cluster) =>
                JSON.parse(inputs(prod, "aws:iam/rolePolicy:RolePolicy", `${cluster}-cluster-autoscaler-irsa-inline`).policy).Statement[1]
                    .Condition,
        );
        expect(conditions).to.deep.equal([
            { StringEquals: { "autoscaling:ResourceTag/k8s.io/cluster-autoscaler/prod-euw1": "owned" } },
            { StringEquals: { "autoscaling:ResourceTag/k8s.io/cluster-autoscaler/prod-use1": "owned" } },
        ]);
    });

    it("discovers the node groups of its own cluster in its own region", () => {
        const values = autoscalerValues(prod, "prod-use1");
        expect(values.autoDiscovery).to.deep.equal({ clusterName: "prod-use1" });
        expect(values.awsRegion).to.equal("us-east-1");
    });

    it("prefers every spot pool of the cluster by its Auto Scaling group and falls back to the rest", () => {
        // prod-use1 has two spot pools (general, memory) and one on-demand pool besides the system pool.
        const priorities = autoscalerValues(prod, "prod-use1").expanderPriorities;
        expect(Object.keys(priorities)).to.deep.equal(["10", "50"]);
        expect(priorities["10"]).to.deep.equal([".*"]);
        expect(priorities["50"]).to.have.length(2);
        expect(priorities["50"][0]).to.match(/^\^eks-spot-general-\d{18}[0-9a-f]{8}-[0-9a-f-]{36}\$$/);
        expect(priorities["50"][1]).to.match(/^\^eks-spot-memory-\d{18}[0-9a-f]{8}-[0-9a-f-]{36}\$$/);
        expect(autoscalerValues(prod, "prod-euw1").expanderPriorities["50"]).to.have.length(1);
    });

    it("waits for the cluster's node pools and add-ons and deploys through the cluster's own Kubernetes provider", () => {
        for (const plan of [dev, prod]) {
            for (const cluster of ofType(plan, "berth:cluster:Cluster")) {
                const provider = named(plan, "pulumi:providers:kubernetes", `${cluster.name}-k8s`).urn;
                const groups = ofType(plan, NODE_GROUP)
                    .filter((group) => group.parent === cluster.urn)
                    .map((group) => group.urn);
                const storage = named(plan, "kubernetes:storage.k8s.io/v1:StorageClass", `${cluster.name}-gp3`).urn;
                for (const addon of ["cluster-autoscaler", "metrics-server"]) {
                    const release = named(plan, RELEASE, `${cluster.name}-${addon}`);
                    expect(release.provider, release.name).to.equal(provider);
                    expect(release.dependencies, release.name).to.include.members([...groups, storage]);
                }
            }
        }
    });

    it("builds each add-on as a component under its cluster, named after it, holding its role and release", () => {
        const cluster = named(prod, "berth:cluster:Cluster", "prod-euw1");
        const component = named(prod, "berth:autoscaling:ClusterAutoscaler", "prod-euw1-cluster-autoscaler");
        expect(component.parent).to.equal(cluster.urn);
        expect(named(prod, "berth:autoscaling:MetricsServer", "prod-euw1-metrics-server").parent).to.equal(cluster.urn);
        expect(
            prod.resources.filter((resource) => resource.parent === component.urn).map((resource) => `${resource.type} ${resource.name}`),
        ).to.have.members([
            "aws:iam/role:Role prod-euw1-cluster-autoscaler-irsa",
            "aws:iam/rolePolicy:RolePolicy prod-euw1-cluster-autoscaler-irsa-inline",
            `${RELEASE} prod-euw1-cluster-autoscaler`,
        ]);
        const metrics = named(prod, "berth:autoscaling:MetricsServer", "prod-euw1-metrics-server");
        expect(byUrn(prod, named(prod, RELEASE, "prod-euw1-metrics-server").parent).urn).to.equal(metrics.urn);
    });

    it("scales dev down fast and prod conservatively, with a standby replica of each add-on in prod", () => {
        const scaleDown = (plan: PlanDocument, cluster: string) => {
            const args = autoscalerValues(plan, cluster).extraArgs;
            return [args["scale-down-unneeded-time"], args["scale-down-delay-after-add"], args["scale-down-utilization-threshold"]];
        };
        expect(scaleDown(dev, "dev-euw1")).to.deep.equal(["5m", "5m", 0.6]);
        expect(scaleDown(prod, "prod-euw1")).to.deep.equal(["15m", "15m", 0.5]);
        expect(autoscalerValues(dev, "dev-euw1").replicaCount).to.equal(1);
        expect(autoscalerValues(prod, "prod-euw1").replicaCount).to.equal(2);
        expect(inputs(dev, RELEASE, "dev-euw1-metrics-server").values.replicas).to.equal(1);
        expect(inputs(prod, RELEASE, "prod-euw1-metrics-server").values.replicas).to.equal(2);
    });

    it("refuses a cluster whose Kubernetes minor has no cluster-autoscaler release, naming both", () => {
        const cluster = { kubernetesVersion: "1.36" } as ConstructorParameters<typeof ClusterAutoscaler>[1]["cluster"];
        expect(() => new ClusterAutoscaler("x", { cluster, settings: undefined as never })).to.throw(
            "x: no cluster-autoscaler release matches Kubernetes 1.36 (cluster-autoscaler is pinned for 1.35, 1.34, 1.33, 1.32)",
        );
    });
});
