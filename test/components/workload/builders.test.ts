import { expect } from "chai";
import {
    autoscalerSpec,
    capacityAffinity,
    deploymentSpec,
    disruptionBudgetSpec,
    imageReference,
    isRepository,
    limitRangeSpec,
    mebibytes,
    metricsPeerAuthenticationSpec,
    millicores,
    namesRegistryHost,
    poolLabels,
    podsAtMostDuringRollout,
    resourceQuotaSpec,
    secretReferenceProblem,
    secretRegion,
    serviceSpec,
    SIDECAR_RESOURCES,
    topologySpread,
    virtualServiceSpec,
    WorkloadArgs,
    workloadSettings,
    WorkloadSettings,
} from "../../../components";

const ARGS: WorkloadArgs = {
    ingress: { kubernetesProvider: undefined as never, gateway: "istio-ingress/default" },
    image: { repository: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/apps/storefront", tag: "v1.4.2" },
};
const settings = (overrides: Partial<WorkloadArgs> = {}): WorkloadSettings =>
    workloadSettings("storefront", { ...ARGS, ...overrides }, "registry.example.com/storefront:v1.4.2");
const container = (spec: any) => spec.template.spec.containers[0];

/** Whether a node with `labels` satisfies a node selector term (the `In` operator is all Berth writes). */
const matches = (term: any, labels: Record<string, string>) =>
    term.matchExpressions.every((rule: any) => rule.operator === "In" && rule.values.includes(labels[rule.key]));
const spotNode = poolLabels({ name: "spot-general", capacityType: "SPOT", instanceTypes: [], minSize: 0, maxSize: 1, desiredSize: 0 });
const onDemandNode = poolLabels({
    name: "ondemand-general",
    capacityType: "ON_DEMAND",
    instanceTypes: [],
    minSize: 0,
    maxSize: 1,
    desiredSize: 0,
});

describe("workload builders", () => {
    describe("defaults", () => {
        it("serves on 8080, scales 2-5 at 70% CPU and 80% memory, probes /healthz, runs on spot, with small requests and limits", () => {
            const resolved = settings();
            expect(resolved).to.deep.include({
                application: "storefront",
                port: 8080,
                replicas: { min: 2, max: 5 },
                autoscaling: { cpuUtilization: 70, memoryUtilization: 80 },
                probes: { readinessPath: "/healthz", livenessPath: "/healthz" },
                resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
                spot: true,
                secrets: [],
            });
            expect(resolved.routing).to.equal(undefined);
            expect(resolved.metrics).to.equal(undefined);
        });

        it("routes every path with a 15s timeout and two retries of 5s each when given hosts; scrapes :9090/metrics every 30s", () => {
            const resolved = settings({ routing: { hosts: ["shop.example.com"] }, metrics: {} });
            expect(resolved.routing).to.deep.equal({
                hosts: ["shop.example.com"],
                paths: ["/"],
                timeout: "15s",
                retries: { attempts: 2, perTryTimeout: "5s", retryOn: "connect-failure,refused-stream,unavailable,cancelled" },
            });
            expect(resolved.metrics).to.deep.equal({ port: 9090, path: "/metrics", interval: "30s" });
        });

        it("keeps each given quantity and fills in the others", () => {
            const resolved = settings({ resources: { requests: { memory: "200Mi" } }, autoscaling: { cpuUtilization: 50 } });
            expect(resolved.resources).to.deep.equal({
                requests: { cpu: "100m", memory: "200Mi" },
                limits: { cpu: "500m", memory: "256Mi" },
            });
            expect(resolved.autoscaling).to.deep.equal({ cpuUtilization: 50, memoryUtilization: 80 });
        });
    });

    describe("Deployment", () => {
        it("runs the application container under the restricted security context", () => {
            const spec: any = deploymentSpec(settings());
            expect(container(spec).securityContext).to.deep.equal({
                runAsNonRoot: true,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
                seccompProfile: { type: "RuntimeDefault" },
            });
            expect(spec.template.spec.securityContext).to.deep.equal({ seccompProfile: { type: "RuntimeDefault" } });
            expect(container(deploymentSpec(settings({ runAsUser: 10001 }))).securityContext.runAsUser).to.equal(10001);
        });

        it("gives the read-only root filesystem a bounded /tmp and the pod no API token", () => {
            const spec: any = deploymentSpec(settings());
            expect(container(spec).volumeMounts).to.deep.equal([{ name: "tmp", mountPath: "/tmp" }]);
            expect(spec.template.spec.volumes).to.deep.equal([{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }]);
            expect(spec.template.spec.automountServiceAccountToken).to.equal(false);
        });

        it("probes readiness and liveness on the serving port, with a startup probe that allows three minutes", () => {
            const c = container(deploymentSpec(settings({ probes: { readinessPath: "/ready" } })));
            expect(c.readinessProbe.httpGet).to.deep.equal({ path: "/ready", port: "http" });
            expect(c.livenessProbe.httpGet).to.deep.equal({ path: "/healthz", port: "http" });
            expect(c.startupProbe.httpGet).to.deep.equal({ path: "/healthz", port: "http" });
            expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).to.equal(180);
            expect(c.ports).to.deep.equal([{ name: "http", containerPort: 8080, protocol: "TCP" }]);
        });

        it("sets requests and limits, leaves the replica count to the autoscaler, and never takes a pod away before its replacement is ready", () => {
            const spec: any = deploymentSpec(settings());
            expect(container(spec).resources).to.deep.equal({
                requests: { cpu: "100m", memory: "128Mi" },
                limits: { cpu: "500m", memory: "256Mi" },
            });
            expect(spec).to.not.have.property("replicas");
            expect(spec.strategy).to.deep.equal({ type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } });
        });

        it("sizes the sidecar through Istio's annotations, as the quota counts it", () => {
            const annotations = (deploymentSpec(settings()) as any).template.metadata.annotations;
            expect(annotations).to.include({
                "sidecar.istio.io/proxyCPU": SIDECAR_RESOURCES.requests.cpu,
                "sidecar.istio.io/proxyMemory": SIDECAR_RESOURCES.requests.memory,
                "sidecar.istio.io/proxyCPULimit": SIDECAR_RESOURCES.limits.cpu,
                "sidecar.istio.io/proxyMemoryLimit": SIDECAR_RESOURCES.limits.memory,
            });
        });

        it("gives plain environment variables as values and adds the metrics port when there are metrics", () => {
            const c = container(deploymentSpec(settings({ env: { LOG_LEVEL: "info" }, metrics: { port: 9100 } })));
            expect(c.env).to.deep.equal([{ name: "LOG_LEVEL", value: "info" }]);
            expect(c.ports).to.deep.include({ name: "http-metrics", containerPort: 9100, protocol: "TCP" });
        });
    });

    describe("scheduling", () => {
        it("prefers spot nodes without requiring them, and with spot off requires on-demand nodes", () => {
            const tolerant: any = capacityAffinity(true);
            const preference = tolerant.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference;
            expect(matches(preference, spotNode)).to.equal(true);
            expect(matches(preference, onDemandNode)).to.equal(false);
            expect(tolerant.nodeAffinity).to.not.have.property("requiredDuringSchedulingIgnoredDuringExecution");

            const [required] = (capacityAffinity(false) as any).nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
                .nodeSelectorTerms;
            expect(matches(required, onDemandNode)).to.equal(true);
            expect(matches(required, spotNode)).to.equal(false);
        });

        it("spreads pods over zones and nodes as a preference, per ReplicaSet", () => {
            const spread = topologySpread({ app: "storefront" });
            expect(spread.map((constraint) => constraint.topologyKey)).to.deep.equal([
                "topology.kubernetes.io/zone",
                "kubernetes.io/hostname",
            ]);
            for (const constraint of spread as any[]) {
                expect(constraint).to.deep.include({
                    maxSkew: 1,
                    whenUnsatisfiable: "ScheduleAnyway",
                    matchLabelKeys: ["pod-template-hash"],
                });
                expect(constraint.labelSelector).to.deep.equal({ matchLabels: { app: "storefront" } });
            }
        });
    });

    describe("namespace limits", () => {
        const footprint = (pods: number, kind: "requests" | "limits", app = settings().resources) => ({
            cpu: pods * (millicores(app[kind].cpu) + millicores(SIDECAR_RESOURCES[kind].cpu)),
            memory: pods * (mebibytes(app[kind].memory) + mebibytes(SIDECAR_RESOURCES[kind].memory)),
        });

        it("admits the maximum replicas during a rollout, sidecars included, and not one pod more", () => {
            for (const max of [1, 3, 5, 10]) {
                const hard: any = resourceQuotaSpec(max, settings().resources).hard;
                const pods = podsAtMostDuringRollout(max);
                expect(Number(hard.pods)).to.equal(pods);
                for (const kind of ["requests", "limits"] as const) {
                    const quota = { cpu: millicores(hard[`${kind}.cpu`]), memory: mebibytes(hard[`${kind}.memory`]) };
                    expect(quota, `${kind} at max ${max}`).to.deep.equal(footprint(pods, kind));
                    expect(footprint(pods + 1, kind).cpu).to.be.greaterThan(quota.cpu);
                }
            }
            expect(podsAtMostDuringRollout(5)).to.equal(7);
        });

        it("allows the namespace no load balancer and no node port of its own", () => {
            expect(resourceQuotaSpec(5, settings().resources).hard).to.include({
                "services.loadbalancers": "0",
                "services.nodeports": "0",
            });
        });

        it("gives a container that declares nothing the sidecar's requests and limits", () => {
            expect(limitRangeSpec()).to.deep.equal({
                limits: [{ type: "Container", defaultRequest: SIDECAR_RESOURCES.requests, default: SIDECAR_RESOURCES.limits }],
            });
        });
    });

    describe("availability", () => {
        it("autoscales the Deployment between min and max on the application container's CPU and memory", () => {
            const spec: any = autoscalerSpec(settings({ replicas: { min: 3, max: 9 } }));
            expect(spec.scaleTargetRef).to.deep.equal({ apiVersion: "apps/v1", kind: "Deployment", name: "storefront" });
            expect([spec.minReplicas, spec.maxReplicas]).to.deep.equal([3, 9]);
            expect(spec.metrics).to.deep.equal([
                {
                    type: "ContainerResource",
                    containerResource: { name: "cpu", container: "storefront", target: { type: "Utilization", averageUtilization: 70 } },
                },
                {
                    type: "ContainerResource",
                    containerResource: { name: "memory", container: "storefront", target: { type: "Utilization", averageUtilization: 80 } },
                },
            ]);
        });

        it("lets drains evict one pod at a time, and an unhealthy pod always", () => {
            expect(disruptionBudgetSpec(settings())).to.deep.equal({
                maxUnavailable: 1,
                selector: { matchLabels: { app: "storefront" } },
                unhealthyPodEvictionPolicy: "AlwaysAllow",
            });
        });
    });

    describe("Service and routing", () => {
        it("serves HTTP on port 80 to the container's named port, and the metrics port when there is one", () => {
            expect((serviceSpec(settings()) as any).ports).to.deep.equal([
                { name: "http", port: 80, targetPort: "http", protocol: "TCP", appProtocol: "http" },
            ]);
            expect((serviceSpec(settings({ metrics: {} })) as any).ports[1]).to.deep.include({
                name: "http-metrics",
                port: 9090,
                targetPort: "http-metrics",
            });
        });

        it("binds the hosts and paths to the gateway and routes them to the Service, retrying only what never reached the application", () => {
            const routing = settings({ routing: { hosts: ["shop.example.com"], paths: ["/api", "/static"] } }).routing!;
            const spec: any = virtualServiceSpec("storefront", routing, "istio-ingress/default");
            expect(spec.gateways).to.deep.equal(["istio-ingress/default"]);
            expect(spec.hosts).to.deep.equal(["shop.example.com"]);
            expect(spec.http[0].match).to.deep.equal([{ uri: { prefix: "/api" } }, { uri: { prefix: "/static" } }]);
            expect(spec.http[0].route).to.deep.equal([
                { destination: { host: "storefront.storefront.svc.cluster.local", port: { number: 80 } } },
            ]);
            expect(spec.http[0].timeout).to.equal("15s");
            // A 5xx or a reset after the request was sent may have changed something: never retried.
            expect(spec.http[0].retries.retryOn.split(",")).to.not.include.members(["5xx", "reset", "gateway-error"]);
        });

        it("opens only the metrics port to plain-text scrapes", () => {
            expect(metricsPeerAuthenticationSpec("storefront", 9090)).to.deep.equal({
                selector: { matchLabels: { app: "storefront" } },
                portLevelMtls: { "9090": { mode: "PERMISSIVE" } },
            });
        });
    });

    describe("images and secrets", () => {
        it("tells the platform's repository names from full repositories with a registry host", () => {
            expect(["storefront", "payments/api"].map(namesRegistryHost)).to.deep.equal([false, false]);
            expect(
                [
                    "public.ecr.aws/nginx/nginx",
                    "123456789012.dkr.ecr.eu-west-1.amazonaws.com/apps/storefront",
                    "localhost/app",
                    "registry:5000/app",
                ].map(namesRegistryHost),
            ).to.deep.equal([true, true, true, true]);
            expect(["storefront:v1", "apps/storefront@sha256:abc", "Storefront"].map(isRepository)).to.deep.equal([false, false, false]);
            expect(["registry:5000/app", "public.ecr.aws/nginx/nginx"].map(isRepository)).to.deep.equal([true, true]);
        });

        it("pins the image by tag, digest or both", () => {
            const digest = `sha256:${"a".repeat(64)}`;
            expect(imageReference("r.example.com/app", "v1", undefined)).to.equal("r.example.com/app:v1");
            expect(imageReference("r.example.com/app", undefined, digest)).to.equal(`r.example.com/app@${digest}`);
            expect(imageReference("r.example.com/app", "v1", digest)).to.equal(`r.example.com/app:v1@${digest}`);
        });

        it("accepts a secret's ARN or name and tells where an ARN lives", () => {
            const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:storefront/db-AbCdEf";
            expect(secretReferenceProblem(arn)).to.equal(undefined);
            expect(secretReferenceProblem("storefront/db")).to.equal(undefined);
            expect(secretRegion(arn)).to.equal("eu-west-1");
            expect(secretRegion("storefront/db")).to.equal(undefined);
            expect(secretReferenceProblem("arn:aws:secretsmanager:eu-west-1:1234:secret:db")).to.contain(
                "must be a Secrets Manager secret ARN",
            );
            expect(secretReferenceProblem("arn:aws:ssm:eu-west-1:123456789012:parameter/db")).to.contain(
                "must be a Secrets Manager secret ARN",
            );
            expect(secretReferenceProblem("db password")).to.contain("must be a Secrets Manager secret ARN or name");
        });
    });
});
