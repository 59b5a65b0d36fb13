import { expect } from "chai";
import type { Registration } from "../../../delivery/monitor";
import type { PlanDocument } from "../../../delivery/plan";
import { byUrn, named, ofType, planOf } from "../../helpers/plans";
import { validateAgainstApiSchema } from "../../helpers/schemas";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const SERVICE = "kubernetes:core/v1:Service";
const inputs = (resource: Registration) => resource.inputs as Record<string, any>;
const release = (plan: PlanDocument, cluster: string, part: string) => named(plan, RELEASE, `${cluster}-ingress-${part}`);

describe("berth:ingress:Ingress", () => {
    let dev: PlanDocument;
    let prod: PlanDocument;
    before(async () => {
        [dev, prod] = await Promise.all([planOf("dev"), planOf("prod")]);
    });

    it("installs the load balancer controller and Istio's base, istiod and gateway at exact versions, under each cluster", () => {
        for (const cluster of ["prod-euw1", "prod-use1"]) {
            const component = named(prod, "berth:ingress:Ingress", `${cluster}-ingress`);
            expect(byUrn(prod, component.parent).name).to.equal(cluster);
            const pinned = ["lb-controller", "istio-base", "istiod", "istio-gateway"].map((part) => {
                const { chart, version, name, namespace } = inputs(release(prod, cluster, part));
                return `${namespace}/${name} ${chart}@${version}`;
            });
            expect(pinned).to.deep.equal([
                "kube-system/aws-load-balancer-controller aws-load-balancer-controller@3.5.0",
                "istio-system/istio-base base@1.30.3",
                "istio-system/istiod istiod@1.30.3",
                "istio-ingress/istio-ingressgateway gateway@1.30.3",
            ]);
        }
    });

    it("orders base -> istiod -> gateway and controller -> gateway -> load balancer Service, by object references", () => {
        for (const cluster of ["prod-euw1", "prod-use1"]) {
            const [controller, base, istiod, gateway] = ["lb-controller", "istio-base", "istiod", "istio-gateway"].map((part) =>
                release(prod, cluster, part),
            );
            expect(istiod.dependencies).to.include(base.urn);
            expect(gateway.dependencies).to.include.members([istiod.urn, controller.urn]);
            // Destroy runs this backwards: the Service (and so the NLB) goes before the controller that deletes it.
            expect(named(prod, SERVICE, `${cluster}-ingress-gateway-nlb`).dependencies).to.include.members([gateway.urn, controller.urn]);
        }
    });

    it("puts the gateway behind an internet-facing NLB with IP targets, cross-zone, TLS ending at the NLB in prod", () => {
        const service = inputs(named(prod, SERVICE, "prod-use1-ingress-gateway-nlb"));
        expect(service.spec.type).to.equal("LoadBalancer");
        expect(service.spec.selector).to.deep.equal({ istio: "ingressgateway" });
        expect(service.metadata.annotations).to.include({
            "service.beta.kubernetes.io/aws-load-balancer-type": "external",
            "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
            "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
            "service.beta.kubernetes.io/aws-load-balancer-attributes": "load_balancing.cross_zone.enabled=true",
            "service.beta.kubernetes.io/aws-load-balancer-ssl-cert":
                "arn:aws:acm:us-east-1:123456789012:certificate/7c6b5a49-3827-4165-9d4e-3f2a1b0c9d8e",
        });
        expect(service.spec.ports).to.deep.equal([{ name: "https", port: 443, targetPort: 80, protocol: "TCP" }]);
        // dev has no certificate: plain HTTP on 80.
        const devService = inputs(named(dev, SERVICE, "dev-euw1-ingress-gateway-nlb"));
        expect(devService.spec.ports).to.deep.equal([{ name: "http", port: 80, targetPort: 80, protocol: "TCP" }]);
        expect(devService.metadata.annotations).to.not.have.property("service.beta.kubernetes.io/aws-load-balancer-ssl-cert");
    });

    it("keeps the chart's own gateway Service internal, so the only load balancer is the one whose deletion Pulumi awaits", () => {
        for (const plan of [dev, prod]) {
            for (const gateway of ofType(plan, RELEASE).filter((r) => inputs(r).chart === "gateway")) {
                expect(inputs(gateway).values.service, gateway.name).to.deep.equal({ type: "ClusterIP" });
            }
        }
    });

    it("requires mutual TLS between workloads in prod and accepts plain text during migration in dev", () => {
        const mode = (plan: PlanDocument, cluster: string) =>
            inputs(named(plan, "kubernetes:security.istio.io/v1:PeerAuthentication", `${cluster}-ingress-mtls`));
        for (const cluster of ["prod-euw1", "prod-use1"]) {
            expect(mode(prod, cluster).spec).to.deep.equal({ mtls: { mode: "STRICT" } });
            expect(mode(prod, cluster).metadata).to.deep.equal({ name: "default", namespace: "istio-system" });
        }
        expect(mode(dev, "dev-euw1").spec).to.deep.equal({ mtls: { mode: "PERMISSIVE" } });
    });

    it("serves the configured domains through the default Gateway on the ingress gateway's pods", () => {
        const gateway = inputs(named(prod, "kubernetes:networking.istio.io/v1:Gateway", "prod-euw1-ingress-gateway"));
        expect(gateway.metadata).to.deep.equal({ name: "default", namespace: "istio-ingress" });
        expect(gateway.spec).to.deep.equal({
            selector: { istio: "ingressgateway" },
            servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["*.apps.example.com"] }],
        });
        expect(
            inputs(named(dev, "kubernetes:networking.istio.io/v1:Gateway", "dev-euw1-ingress-gateway")).spec.servers[0].hosts,
        ).to.deep.equal(["*"]);
    });

    it("writes Istio and core objects the API schemas accept", () => {
        const written = [dev, prod].flatMap((plan) =>
            plan.resources.filter((r) => /^kubernetes:(core\/v1:(Service|Namespace)|[a-z.]+\.istio\.io\/)/.test(r.type)),
        );
        expect(written.length).to.be.greaterThan(10);
        for (const object of written) {
            expect(() => validateAgainstApiSchema(object), object.name).not.to.throw();
        }
    });

    it("would catch an Istio object the schema refuses", () => {
        const gateway = named(prod, "kubernetes:networking.istio.io/v1:Gateway", "prod-euw1-ingress-gateway");
        const broken = { ...gateway, inputs: { ...gateway.inputs, spec: { servers: [{ port: { number: "eighty" }, hosts: ["x"] }] } } };
        expect(() => validateAgainstApiSchema(broken)).to.throw();
    });

    it("runs istiod on the system pool, highly available in prod and a single replica without a budget in dev", () => {
        const istiod = (plan: PlanDocument, cluster: string) => inputs(release(plan, cluster, "istiod")).values;
        const prodValues = istiod(prod, "prod-euw1");
        expect(prodValues).to.deep.include({ replicaCount: 2, autoscaleEnabled: true, autoscaleMin: 2, pdb: { minAvailable: 1 } });
        expect(prodValues.nodeSelector).to.deep.equal({ "berth.dev/pool": "system" });
        expect(prodValues.global.defaultPodDisruptionBudget).to.deep.equal({ enabled: true });
        const devValues = istiod(dev, "dev-euw1");
        expect(devValues).to.deep.include({ replicaCount: 1, autoscaleEnabled: false });
        expect(devValues.global.defaultPodDisruptionBudget).to.deep.equal({ enabled: false });
    });

    it("autoscales the gateway with a disruption budget, spread over zones", () => {
        const values = inputs(release(prod, "prod-euw1", "istio-gateway")).values;
        expect(values.autoscaling).to.deep.include({ enabled: true, minReplicas: 3, maxReplicas: 10 });
        expect(values.podDisruptionBudget).to.deep.equal({ maxUnavailable: 1 });
        expect(values.topologySpreadConstraints[0]).to.deep.include({
            topologyKey: "topology.kubernetes.io/zone",
            labelSelector: { matchLabels: { istio: "ingressgateway" } },
        });
    });

    it("gives the controller its own cluster's IRSA role and names region and VPC, which it cannot read from metadata", () => {
        for (const cluster of ["prod-euw1", "prod-use1"]) {
            const values = inputs(release(prod, cluster, "lb-controller")).values;
            const role = named(prod, "aws:iam/role:Role", `${cluster}-ingress-lb-controller-irsa`);
            const trust = JSON.parse(inputs(role).assumeRolePolicy).Statement[0];
            expect(Object.values(trust.Condition.StringEquals)).to.include(
                "system:serviceaccount:kube-system:aws-load-balancer-controller",
            );
            expect(values.clusterName).to.equal(cluster);
            expect(values.region).to.equal(cluster === "prod-euw1" ? "eu-west-1" : "us-east-1");
            expect(values.vpcId).to.match(/^vpc-/);
            expect(values.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).to.match(
                new RegExp(`:role/${cluster}-ingress-lb-controller-irsa`),
            );
        }
    });
});
