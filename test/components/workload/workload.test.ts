import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import type { Registration } from "../../../delivery/monitor";
import type { PlanDocument } from "../../../delivery/plan";
import { Workload, WorkloadArgs } from "../../../components";
import { planInline } from "../../helpers/inline";
import { named, ofType } from "../../helpers/plans";
import { validateAgainstApiSchema } from "../../helpers/schemas";

const inputs = (resource: Registration) => resource.inputs as Record<string, any>;
const REPOSITORY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/apps/storefront";
const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;

/** A workload on a stand-in cluster: a provider, and resources standing in for istiod and the monitoring stack. */
function planWorkload(
    args: (provider: k8s.Provider, meshReady: pulumi.Resource, monitoringReady: pulumi.Resource) => Partial<WorkloadArgs>,
) {
    return planInline(() => {
        const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
        const istiod = new k8s.core.v1.ConfigMap("istiod-stand-in", { data: {} }, { provider });
        const stack = new k8s.core.v1.ConfigMap("monitoring-stand-in", { data: {} }, { provider });
        new Workload("storefront", {
            ingress: { kubernetesProvider: provider, gateway: "istio-ingress/default", meshReady: [istiod] },
            image: { repository: REPOSITORY, tag: "v1.4.2" },
            ...args(provider, istiod, stack),
        });
    });
}

const children = (plan: PlanDocument) =>
    plan.resources
        .filter((resource) => resource.type.startsWith("kubernetes:") && !resource.name.endsWith("-stand-in"))
        .map((resource) => resource.type)
        .sort();

describe("berth:workload:Workload", () => {
    let minimal: PlanDocument;
    let full: PlanDocument;
    before(async () => {
        minimal = await planWorkload(() => ({}));
        full = await planWorkload((provider, _istiod, stack) => ({
            monitoring: { kubernetesProvider: provider, ready: [stack] },
            image: { repository: REPOSITORY, tag: "v1.4.2", digest: DIGEST },
            env: { LOG_LEVEL: "info" },
            routing: { hosts: ["shop.example.com"], paths: ["/"] },
            metrics: { port: 9090 },
            secretStore: { kubernetesProvider: provider, storeName: "aws-secrets-manager", pathPrefix: "berth/prod/", ready: [stack] },
            secrets: [
                {
                    env: "DATABASE_URL",
                    secret: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:berth/prod/storefront/db-AbCdEf",
                    key: "url",
                },
                { env: "API_TOKEN", secret: "berth/prod/storefront/api-token" },
            ],
        }));
    });

    it("creates a namespace, its quota and limits, an account, a Deployment, a Service, an autoscaler, a disruption budget and developers' read access", () => {
        expect(children(minimal)).to.deep.equal([
            "kubernetes:apps/v1:Deployment",
            "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
            "kubernetes:core/v1:LimitRange",
            "kubernetes:core/v1:Namespace",
            "kubernetes:core/v1:ResourceQuota",
            "kubernetes:core/v1:Service",
            "kubernetes:core/v1:ServiceAccount",
            "kubernetes:policy/v1:PodDisruptionBudget",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
        ]);
        for (const resource of ofType(minimal, "kubernetes:apps/v1:Deployment")) {
            expect(inputs(resource).metadata).to.deep.include({ name: "storefront", namespace: "storefront" });
        }
    });

    it("adds a VirtualService for its hosts, and a ServiceMonitor with an mTLS exception for its metrics port", () => {
        expect(children(full)).to.include.members([
            "kubernetes:networking.istio.io/v1:VirtualService",
            "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
            "kubernetes:security.istio.io/v1:PeerAuthentication",
        ]);
        const monitor = inputs(named(full, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "storefront-service-monitor"));
        expect(monitor.metadata).to.deep.equal({ name: "storefront", namespace: "storefront" });
        expect(monitor.spec).to.deep.equal({
            selector: { matchLabels: { app: "storefront" } },
            namespaceSelector: { matchNames: ["storefront"] },
            endpoints: [{ port: "http-metrics", path: "/metrics", interval: "30s" }],
        });
        // The ServiceMonitor selects the Service by its labels.
        expect(inputs(named(full, "kubernetes:core/v1:Service", "storefront-service")).metadata.labels).to.include({ app: "storefront" });
    });

    it("writes only objects that the Kubernetes, Istio and prometheus-operator schemas accept", () => {
        for (const plan of [minimal, full]) {
            for (const resource of plan.resources.filter((r) => r.type.startsWith("kubernetes:") && !r.name.endsWith("-stand-in"))) {
                expect(() => validateAgainstApiSchema(resource), resource.name).to.not.throw();
            }
        }
    });

    it("binds developers read-only in its namespace, to the dashboard's ClusterRole, once the namespace exists", () => {
        const binding = named(minimal, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "storefront-developers");
        expect(inputs(binding).metadata).to.deep.include({ name: "developers-read-only", namespace: "storefront" });
        expect(inputs(binding).roleRef).to.deep.equal({
            apiGroup: "rbac.authorization.k8s.io",
            kind: "ClusterRole",
            name: "berth:developer-read-only",
        });
        expect(inputs(binding).subjects).to.deep.equal([
            { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "berth:developers" },
            { kind: "ServiceAccount", name: "developer", namespace: "dashboard" },
        ]);
        expect(binding.dependencies).to.include(named(minimal, "kubernetes:core/v1:Namespace", "storefront-namespace").urn);
    });

    it("labels its namespace for sidecar injection and creates it after the mesh's control plane", () => {
        const namespace = named(full, "kubernetes:core/v1:Namespace", "storefront-namespace");
        expect(inputs(namespace).metadata.labels).to.include({ "istio-injection": "enabled", app: "storefront" });
        expect(namespace.dependencies).to.include(named(full, "kubernetes:core/v1:ConfigMap", "istiod-stand-in").urn);
    });

    it("starts pods only once the namespace's quota, limits and account exist, and scrapes after the monitoring stack", () => {
        const deployment = named(full, "kubernetes:apps/v1:Deployment", "storefront-deployment");
        const urn = (type: string, name: string) => named(full, type, name).urn;
        expect(deployment.dependencies).to.include.members([
            urn("kubernetes:core/v1:Namespace", "storefront-namespace"),
            urn("kubernetes:core/v1:ResourceQuota", "storefront-quota"),
            urn("kubernetes:core/v1:LimitRange", "storefront-limits"),
            urn("kubernetes:core/v1:ServiceAccount", "storefront-service-account"),
        ]);
        expect(named(full, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "storefront-service-monitor").dependencies).to.include(
            urn("kubernetes:core/v1:ConfigMap", "monitoring-stand-in"),
        );
    });

    it("runs the pinned image, with tag and digest", () => {
        const container = inputs(named(full, "kubernetes:apps/v1:Deployment", "storefront-deployment")).spec.template.spec.containers[0];
        expect(container.image).to.equal(`${REPOSITORY}:v1.4.2@${DIGEST}`);
        expect(container.env[0]).to.deep.equal({ name: "LOG_LEVEL", value: "info" });
    });

    it("syncs its secrets from Secrets Manager through an ExternalSecret and gives them to the container as variables", () => {
        const external = named(full, "kubernetes:external-secrets.io/v1:ExternalSecret", "storefront-external-secret");
        expect(inputs(external).metadata).to.deep.include({ name: "storefront", namespace: "storefront" });
        expect(inputs(external).spec).to.deep.include({
            secretStoreRef: { kind: "ClusterSecretStore", name: "aws-secrets-manager" },
            target: { name: "storefront", creationPolicy: "Owner" },
            data: [
                {
                    secretKey: "DATABASE_URL",
                    remoteRef: {
                        key: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:berth/prod/storefront/db-AbCdEf",
                        property: "url",
                    },
                },
                { secretKey: "API_TOKEN", remoteRef: { key: "berth/prod/storefront/api-token" } },
            ],
        });
        // After the store (its CRDs), and before the pods that read the Secret it writes.
        expect(external.dependencies).to.include(named(full, "kubernetes:core/v1:ConfigMap", "monitoring-stand-in").urn);
        const deployment = named(full, "kubernetes:apps/v1:Deployment", "storefront-deployment");
        expect(deployment.dependencies).to.include(external.urn);
        expect(inputs(deployment).spec.template.spec.containers[0].env.slice(1)).to.deep.equal([
            { name: "DATABASE_URL", valueFrom: { secretKeyRef: { name: "storefront", key: "DATABASE_URL" } } },
            { name: "API_TOKEN", valueFrom: { secretKeyRef: { name: "storefront", key: "API_TOKEN" } } },
        ]);
        // Pulumi writes no Secret and holds no value: the operator does, in the cluster.
        expect(ofType(full, "kubernetes:core/v1:Secret")).to.deep.equal([]);
        expect(ofType(minimal, "kubernetes:external-secrets.io/v1:ExternalSecret")).to.deep.equal([]);
    });

    it("keeps a workload that opts out of spot on on-demand nodes", async () => {
        const plan = await planWorkload(() => ({ spot: false }));
        const affinity = inputs(named(plan, "kubernetes:apps/v1:Deployment", "storefront-deployment")).spec.template.spec.affinity;
        expect(affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).to.deep.equal([
            { matchExpressions: [{ key: "berth.dev/capacity-type", operator: "In", values: ["on-demand"] }] },
        ]);
    });

    it("names everything after the application, which may differ from the resource name", async () => {
        const plan = await planWorkload(() => ({ application: "shop" }));
        expect(inputs(named(plan, "kubernetes:core/v1:Namespace", "storefront-namespace")).metadata.name).to.equal("shop");
        for (const type of ["kubernetes:apps/v1:Deployment", "kubernetes:core/v1:Service", "kubernetes:policy/v1:PodDisruptionBudget"]) {
            expect(inputs(ofType(plan, type)[0]).metadata).to.deep.include({ name: "shop", namespace: "shop" });
        }
    });

    it("refuses bad arguments itself, every one at once, each by its property path", () => {
        const bad: WorkloadArgs = {
            ingress: { kubernetesProvider: undefined as never, gateway: "istio-ingress/default" },
            application: "Storefront_1",
            image: { repository: `${REPOSITORY}:v1` },
            port: 15090,
            replicas: { min: 5, max: 2 },
            resources: { requests: { cpu: "2" } },
            routing: { hosts: ["Shop.example.com", "*.example.com"], timeout: "15 seconds" },
            metrics: { port: 15090 },
            secrets: [{ env: "1DB", secret: "arn:aws:secretsmanager:eu-west-1:123:secret:db" }],
            canary: { stepWeight: 20, maxWeight: 50 },
        };
        let error: unknown;
        try {
            new Workload("storefront", bad);
        } catch (caught) {
            error = caught;
        }
        expect(pulumi.InputPropertiesError.isInstance(error), String(error)).to.equal(true);
        const problems = (error as pulumi.InputPropertiesError).errors;
        expect(problems.map((problem) => problem.propertyPath)).to.deep.equal([
            "application",
            "image.repository",
            "image",
            "port",
            "replicas.min",
            "resources.limits.cpu",
            "routing.hosts[0]",
            "routing.hosts[1]",
            "routing.timeout",
            "metrics.port",
            "metrics.port",
            "monitoring",
            "secretStore",
            "secrets[0].env",
            "secrets[0].secret",
            "canary.maxWeight",
            "canaryAnalysis",
        ]);
        const reason = (path: string) => problems.find((problem) => problem.propertyPath === path)!.reason;
        expect(reason("application")).to.contain("DNS-1123");
        expect(reason("image")).to.contain("must give a tag or a digest");
        expect(reason("replicas.min")).to.equal("must be <= replicas.max (got 5, max 2)");
        expect(reason("canary.maxWeight")).to.contain("must be a multiple of stepWeight (got 50, stepWeight 20)");
    });

    it("refuses a secret outside its store's prefix, which the cluster's operator could not read", () => {
        const provider = undefined as never;
        expect(
            () =>
                new Workload("storefront", {
                    ingress: { kubernetesProvider: provider, gateway: "g" },
                    image: { repository: REPOSITORY, tag: "v1" },
                    secretStore: { kubernetesProvider: provider, storeName: "aws-secrets-manager", pathPrefix: "berth/prod/" },
                    secrets: [
                        { env: "A", secret: "berth/prod/storefront/a" },
                        { env: "B", secret: "berth/dev/storefront/b" },
                        { env: "C", secret: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:berth/production/c-AbCdEf" },
                    ],
                }),
        )
            .to.throw()
            .that.satisfies((error: pulumi.InputPropertiesError) => {
                expect(error.errors.map((problem) => problem.propertyPath)).to.deep.equal(["secrets[1].secret", "secrets[2].secret"]);
                expect(error.errors[0].reason).to.equal(
                    "must be a secret under berth/prod/ (the environment's prefix: its secrets operator may read nothing else), such as berth/prod/<application>/<name> (got berth/dev/storefront/b)",
                );
                return true;
            });
    });

    it("refuses a name Kubernetes or the platform uses for its own namespace", () => {
        for (const application of ["kube-system", "istio-system", "monitoring", "default"]) {
            expect(
                () =>
                    new Workload(application, {
                        ingress: { kubernetesProvider: undefined as never, gateway: "g" },
                        image: { repository: REPOSITORY, tag: "v1" },
                    }),
            )
                .to.throw()
                .that.satisfies((error: pulumi.InputPropertiesError) =>
                    error.errors[0].reason.includes("names a namespace Kubernetes or the platform uses"),
                );
        }
    });
});
