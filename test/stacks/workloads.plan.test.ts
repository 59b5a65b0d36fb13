import { expect } from "chai";
import type { Registration } from "../../delivery/monitor";
import type { PlanDocument } from "../../delivery/plan";
import { byUrn, isUnder, named, ofType, planOf } from "../helpers/plans";
import { validateAgainstApiSchema } from "../helpers/schemas";

const inputs = (resource: Registration) => resource.inputs as Record<string, any>;
const WORKLOAD = "berth:workload:Workload";

describe("stack: the dev stack's example application", () => {
    let dev: PlanDocument;
    let workload: Registration;
    let objects: Registration[];
    before(async () => {
        dev = await planOf("dev");
        workload = named(dev, WORKLOAD, "dev-euw1-storefront");
        objects = dev.resources.filter((resource) => isUnder(dev, resource, workload.urn));
    });

    it("puts the storefront's namespace, Deployment, Service, autoscaler, budget, route, ServiceMonitor, ExternalSecret and developers' binding under cluster dev-euw1", () => {
        expect(byUrn(dev, workload.parent).name).to.equal("dev-euw1");
        expect(objects.map((resource) => resource.type).sort()).to.deep.equal([
            "kubernetes:apps/v1:Deployment",
            "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
            "kubernetes:core/v1:LimitRange",
            "kubernetes:core/v1:Namespace",
            "kubernetes:core/v1:ResourceQuota",
            "kubernetes:core/v1:Service",
            "kubernetes:core/v1:ServiceAccount",
            "kubernetes:external-secrets.io/v1:ExternalSecret",
            "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
            "kubernetes:networking.istio.io/v1:VirtualService",
            "kubernetes:policy/v1:PodDisruptionBudget",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
            "kubernetes:security.istio.io/v1:PeerAuthentication",
        ]);
        const provider = named(dev, "pulumi:providers:kubernetes", "dev-euw1-k8s").urn;
        for (const object of objects) expect(object.provider, object.name).to.equal(provider);
    });

    it("writes only objects that the Kubernetes, Istio and prometheus-operator schemas accept", () => {
        for (const object of objects) expect(() => validateAgainstApiSchema(object), object.name).to.not.throw();
    });

    it("runs the image pinned by digest from the registry's repository in the cluster's region, under the restricted security context", () => {
        const pod = inputs(named(dev, "kubernetes:apps/v1:Deployment", "dev-euw1-storefront-deployment")).spec.template.spec;
        const [container] = pod.containers;
        expect(container.image).to.match(
            /^123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/apps\/storefront:v1\.4\.2@sha256:3f1e4c5d6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f$/,
        );
        expect(container.securityContext).to.deep.equal({
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        });
        expect(container.readinessProbe.httpGet.path).to.equal("/ready");
        // dev's defaults: one to three replicas.
        const autoscaler = inputs(named(dev, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "dev-euw1-storefront-autoscaler"));
        expect([autoscaler.spec.minReplicas, autoscaler.spec.maxReplicas]).to.deep.equal([1, 3]);
    });

    it("binds its host to the cluster's gateway and waits for the cluster's mesh and monitoring", () => {
        const route = inputs(named(dev, "kubernetes:networking.istio.io/v1:VirtualService", "dev-euw1-storefront-virtual-service"));
        expect(route.spec.gateways).to.deep.equal(["istio-ingress/default"]);
        expect(route.spec.hosts).to.deep.equal(["storefront.dev.example.com"]);
        const namespace = named(dev, "kubernetes:core/v1:Namespace", "dev-euw1-storefront-namespace");
        expect(namespace.dependencies).to.include(named(dev, "kubernetes:helm.sh/v3:Release", "dev-euw1-ingress-istiod").urn);
        const monitor = named(dev, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "dev-euw1-storefront-service-monitor");
        expect(monitor.dependencies).to.include(named(dev, "kubernetes:helm.sh/v3:Release", "dev-euw1-monitoring-stack").urn);
    });

    it("reads its secret from Secrets Manager through the cluster's store, never holding the value", () => {
        const external = named(dev, "kubernetes:external-secrets.io/v1:ExternalSecret", "dev-euw1-storefront-external-secret");
        expect(inputs(external).spec.secretStoreRef).to.deep.equal({ kind: "ClusterSecretStore", name: "aws-secrets-manager" });
        expect(inputs(external).spec.data).to.deep.equal([
            { secretKey: "DATABASE_URL", remoteRef: { key: "berth/dev/storefront/database", property: "url" } },
        ]);
        expect(external.dependencies).to.include(
            named(dev, "kubernetes:external-secrets.io/v1:ClusterSecretStore", "dev-euw1-secrets-store").urn,
        );
        const deployment = inputs(named(dev, "kubernetes:apps/v1:Deployment", "dev-euw1-storefront-deployment"));
        expect(deployment.spec.template.spec.containers[0].env).to.deep.include({
            name: "DATABASE_URL",
            valueFrom: { secretKeyRef: { name: "storefront", key: "DATABASE_URL" } },
        });
    });

    it("exports each cluster's gateway for applications' own programs", () => {
        expect((dev.outputs.clusters as Record<string, any>)["dev-euw1"].gateway).to.equal("istio-ingress/default");
    });
});

describe("stack: the prod stack's example application", () => {
    const CLUSTERS = [
        ["prod-euw1", "eu-west-1"],
        ["prod-use1", "us-east-1"],
    ] as const;
    let prod: PlanDocument;
    before(async () => {
        prod = await planOf("prod");
    });

    it("puts the storefront on both clusters, released as canaries: Flagger writes its Service and VirtualService", () => {
        expect(ofType(prod, WORKLOAD).map((workload) => `${byUrn(prod, workload.parent).name}/${workload.name}`)).to.deep.equal([
            "prod-euw1/prod-euw1-storefront",
            "prod-use1/prod-use1-storefront",
        ]);
        for (const [cluster] of CLUSTERS) {
            const workload = named(prod, WORKLOAD, `${cluster}-storefront`);
            const objects = prod.resources.filter((resource) => isUnder(prod, resource, workload.urn));
            expect(objects.map((resource) => resource.type).sort()).to.deep.equal([
                "kubernetes:apps/v1:Deployment",
                "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
                "kubernetes:core/v1:LimitRange",
                "kubernetes:core/v1:Namespace",
                "kubernetes:core/v1:ResourceQuota",
                "kubernetes:core/v1:ServiceAccount",
                "kubernetes:external-secrets.io/v1:ExternalSecret",
                "kubernetes:flagger.app/v1beta1:Canary",
                "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
                "kubernetes:policy/v1:PodDisruptionBudget",
                "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
                "kubernetes:security.istio.io/v1:PeerAuthentication",
            ]);
            const provider = named(prod, "pulumi:providers:kubernetes", `${cluster}-k8s`).urn;
            for (const object of objects) {
                expect(object.provider, object.name).to.equal(provider);
                expect(() => validateAgainstApiSchema(object), object.name).to.not.throw();
            }
        }
    });

    it("runs the release pinned by digest from the registry's copy in each cluster's region, with prod's 3 to 10 replicas", () => {
        for (const [cluster, region] of CLUSTERS) {
            const [container] = inputs(named(prod, "kubernetes:apps/v1:Deployment", `${cluster}-storefront-deployment`)).spec.template.spec
                .containers;
            expect(container.image).to.equal(
                `123456789012.dkr.ecr.${region}.amazonaws.com/apps/storefront:v1.4.2@sha256:3f1e4c5d6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f`,
            );
            const autoscaler = inputs(named(prod, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", `${cluster}-storefront-autoscaler`));
            expect([autoscaler.spec.minReplicas, autoscaler.spec.maxReplicas]).to.deep.equal([3, 10]);
        }
    });

    it("serves a host under prod's ingress domain and reads berth/prod/storefront/database through each cluster's own store", () => {
        for (const [cluster] of CLUSTERS) {
            const canary = inputs(named(prod, "kubernetes:flagger.app/v1beta1:Canary", `${cluster}-storefront-canary`));
            expect(canary.spec.service.hosts).to.deep.equal(["storefront.apps.example.com"]);
            const external = named(prod, "kubernetes:external-secrets.io/v1:ExternalSecret", `${cluster}-storefront-external-secret`);
            expect(inputs(external).spec.data).to.deep.equal([
                { secretKey: "DATABASE_URL", remoteRef: { key: "berth/prod/storefront/database", property: "url" } },
            ]);
            expect(external.dependencies).to.include(
                named(prod, "kubernetes:external-secrets.io/v1:ClusterSecretStore", `${cluster}-secrets-store`).urn,
            );
        }
    });
});
