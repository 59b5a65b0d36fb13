import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { Dashboard, DashboardArgs } from "../../../components";
import type { Registration } from "../../../delivery/monitor";
import type { PlanDocument } from "../../../delivery/plan";
import { planInline } from "../../helpers/inline";
import { byUrn, isUnder, named, ofType, planOf } from "../../helpers/plans";
import { validateAgainstApiSchema } from "../../helpers/schemas";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const SERVICE = "kubernetes:core/v1:Service";
const ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
const inputs = (resource: Registration) => resource.inputs as Record<string, any>;
const PROD_CLUSTERS = ["prod-euw1", "prod-use1"];

/** A dashboard on a stand-in cluster: a provider and one resource standing for the node pools. */
function standIn(args: Omit<DashboardArgs, "cluster">, name = "blue-dashboard"): () => void {
    return () => {
        const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
        const pools = new k8s.core.v1.ConfigMap("pools-stand-in", { data: {} }, { provider });
        new Dashboard(name, { cluster: { clusterName: "blue", kubernetesProvider: provider, readyForAddons: [pools] }, ...args });
    };
}

describe("berth:dashboard:Dashboard", () => {
    let prod: PlanDocument;
    before(async () => {
        prod = await planOf("prod");
    });

    it("installs Headlamp 0.45.0 from its official repository on every prod cluster, under the cluster, in its own namespace", () => {
        for (const cluster of PROD_CLUSTERS) {
            const component = named(prod, "berth:dashboard:Dashboard", `${cluster}-dashboard`);
            expect(byUrn(prod, component.parent).name).to.equal(cluster);
            const release = named(prod, RELEASE, `${cluster}-dashboard-headlamp`);
            const { chart, version, namespace, name, repositoryOpts } = inputs(release);
            expect({ chart, version, namespace, name, repo: repositoryOpts.repo }).to.deep.equal({
                chart: "headlamp",
                version: "0.45.0",
                namespace: "dashboard",
                name: "headlamp",
                repo: "https://kubernetes-sigs.github.io/headlamp/",
            });
            expect(isUnder(prod, release, component.urn)).to.equal(true);
            expect(release.dependencies).to.include(named(prod, "kubernetes:core/v1:Namespace", `${cluster}-dashboard-namespace`).urn);
        }
    });

    it("puts Headlamp on an internal NLB that admits the cluster's own network and its peers' only, never the internet", () => {
        const networks = { "prod-euw1": ["10.20.0.0/16", "10.30.0.0/16"], "prod-use1": ["10.30.0.0/16", "10.20.0.0/16"] };
        for (const cluster of PROD_CLUSTERS) {
            const service = named(prod, SERVICE, `${cluster}-dashboard-nlb`);
            expect(inputs(service).metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"]).to.equal("internal");
            expect(inputs(service).spec.loadBalancerSourceRanges).to.deep.equal(networks[cluster as keyof typeof networks]);
            expect(inputs(service).spec.selector).to.deep.equal({
                "app.kubernetes.io/name": "headlamp",
                "app.kubernetes.io/instance": "headlamp",
            });
            // Straight to Headlamp's container port: the chart's own Service is not in the way.
            expect(inputs(service).spec.ports).to.deep.equal([{ name: "http", port: 80, targetPort: 4466, protocol: "TCP" }]);
            // Destroy removes the NLB while the controller that deletes it still runs.
            expect(service.dependencies).to.include(named(prod, RELEASE, `${cluster}-ingress-lb-controller`).urn);
        }
        const dashboardServices = ofType(prod, SERVICE).filter((service) => inputs(service).metadata.namespace === "dashboard");
        for (const service of dashboardServices) {
            expect(inputs(service).metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"]).to.not.equal(
                "internet-facing",
            );
        }
    });

    it("exports each cluster's dashboard URL as clusters.<name>.dashboard, the NLB's DNS name", () => {
        for (const cluster of PROD_CLUSTERS) {
            expect((prod.outputs.clusters as Record<string, any>)[cluster].dashboard).to.match(
                /^http:\/\/k8s-dashboar-headlamp-[0-9a-f-]+\.elb\.[a-z0-9-]+\.amazonaws\.com$/,
            );
        }
    });

    it("gives Headlamp's own service account no role: every request carries the signed-in user's token", () => {
        for (const cluster of PROD_CLUSTERS) {
            const values = inputs(named(prod, RELEASE, `${cluster}-dashboard-headlamp`)).values;
            expect(values.clusterRoleBinding).to.deep.equal({ create: false });
            expect(values.config.unsafeUseServiceAccountToken).to.equal(false);
            expect(values.config.inCluster).to.equal(true);
        }
        const adminBindings = ofType(prod, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding").filter(
            (binding) => inputs(binding).roleRef.name === "cluster-admin",
        );
        expect(adminBindings.flatMap((binding) => inputs(binding).subjects)).to.deep.equal(
            PROD_CLUSTERS.map(() => ({ kind: "ServiceAccount", name: "platform-admin", namespace: "dashboard" })),
        );
    });

    it("writes only objects that the Kubernetes and Istio API schemas accept", async () => {
        const gateway = await planInline(
            standIn({ access: { via: "gateway", gateway: "istio-ingress/default", host: "dashboard.apps.example.com", https: true } }),
        );
        for (const plan of [prod, gateway]) {
            const objects = plan.resources.filter(
                (resource) =>
                    resource.custom &&
                    resource.type.startsWith("kubernetes:") &&
                    resource.type !== RELEASE &&
                    resource.type !== "pulumi:providers:kubernetes" &&
                    plan.resources.some((parent) => parent.type === "berth:dashboard:Dashboard" && isUnder(plan, resource, parent.urn)),
            );
            expect(objects.length).to.be.greaterThan(8);
            for (const object of objects) {
                expect(() => validateAgainstApiSchema(object), object.name).not.to.throw();
            }
        }
    });

    it("leaves the namespace bindings to the applications: the storefront binds its own on every cluster it runs on", async () => {
        const dev = await planOf("dev");
        for (const [plan, cluster] of [[dev, "dev-euw1"], ...PROD_CLUSTERS.map((name) => [prod, name] as const)] as const) {
            const binding = named(plan, ROLE_BINDING, `${cluster}-storefront-developers`);
            expect(inputs(binding).metadata).to.deep.include({ name: "developers-read-only", namespace: "storefront" });
            expect(isUnder(plan, binding, named(plan, "berth:workload:Workload", `${cluster}-storefront`).urn)).to.equal(true);
        }
        // Besides the storefront's, prod's only bindings are the sign-in binding, one per cluster.
        expect(ofType(prod, ROLE_BINDING).map((found) => `${found.name}: ${inputs(found).metadata.name}`)).to.have.members([
            "prod-euw1-dashboard-developer-sign-in: developer-sign-in",
            "prod-use1-dashboard-developer-sign-in: developer-sign-in",
            "prod-euw1-storefront-developers: developers-read-only",
            "prod-use1-storefront-developers: developers-read-only",
        ]);
    });

    it("serves Headlamp through the gateway at its host instead of a load balancer when asked", async () => {
        const plan = await planInline(
            standIn({ access: { via: "gateway", gateway: "istio-ingress/default", host: "dashboard.apps.example.com", https: true } }),
        );
        const route = named(plan, "kubernetes:networking.istio.io/v1:VirtualService", "blue-dashboard-route");
        expect(inputs(route).spec).to.deep.equal({
            hosts: ["dashboard.apps.example.com"],
            gateways: ["istio-ingress/default"],
            http: [{ route: [{ destination: { host: "headlamp.dashboard.svc.cluster.local", port: { number: 80 } } }] }],
        });
        expect(ofType(plan, SERVICE)).to.deep.equal([]);
    });

    it("refuses bad arguments itself, every one at once, each by its property path", () => {
        let error: unknown;
        try {
            new Dashboard("blue-dashboard", {
                cluster: { clusterName: "blue", kubernetesProvider: undefined as never, readyForAddons: [] },
                access: {
                    via: "internal-load-balancer",
                    allowedCidrs: ["0.0.0.0/0", "10.0.0.0/33"],
                    loadBalancerController: undefined as never,
                },
                replicas: 0,
                sessionTtlHours: 1.5,
            });
        } catch (caught) {
            error = caught;
        }
        expect(pulumi.InputPropertiesError.isInstance(error), String(error)).to.equal(true);
        expect((error as pulumi.InputPropertiesError).errors.map((problem) => problem.propertyPath)).to.deep.equal([
            "access.allowedCidrs[0]",
            "access.allowedCidrs[1]",
            "replicas",
            "sessionTtlHours",
        ]);
    });
});
