import { expect } from "chai";
import type { Registration } from "../../../delivery/monitor";
import type { PlanDocument } from "../../../delivery/plan";
import { byUrn, isUnder, named, ofType, planOf } from "../../helpers/plans";
import { validateAgainstApiSchema } from "../../helpers/schemas";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const SERVICE = "kubernetes:core/v1:Service";
const inputs = (resource: Registration) => resource.inputs as Record<string, any>;
const stack = (plan: PlanDocument, cluster: string) => named(plan, RELEASE, `${cluster}-monitoring-stack`);
const values = (plan: PlanDocument, cluster: string) => inputs(stack(plan, cluster)).values;
const SYSTEM_POOL = { "berth.dev/pool": "system" };

describe("berth:monitoring:Monitoring", () => {
    let dev: PlanDocument;
    let prod: PlanDocument;
    before(async () => {
        [dev, prod] = await Promise.all([planOf("dev"), planOf("prod")]);
    });

    it("installs one kube-prometheus-stack release per cluster, at the exact chart version, under its cluster", () => {
        for (const plan of [dev, prod]) {
            const releases = ofType(plan, RELEASE).filter((release) => inputs(release).chart === "kube-prometheus-stack");
            const clusters = ofType(plan, "berth:cluster:Cluster");
            expect(releases.map((release) => release.name).sort()).to.deep.equal(clusters.map((c) => `${c.name}-monitoring-stack`).sort());
            for (const release of releases) {
                const { version, namespace, name, repositoryOpts } = inputs(release);
                expect({ version, namespace, name, repo: repositoryOpts.repo }).to.deep.equal({
                    version: "88.5.3",
                    namespace: "monitoring",
                    name: "kube-prometheus-stack",
                    repo: "https://prometheus-community.github.io/helm-charts",
                });
                const cluster = release.name.replace(/-monitoring-stack$/, "");
                expect(isUnder(plan, release, named(plan, "berth:cluster:Cluster", cluster).urn)).to.equal(true);
            }
        }
    });

    it("runs Grafana on the hub only", () => {
        expect(values(prod, "prod-euw1").grafana.enabled).to.equal(true);
        expect(values(prod, "prod-use1").grafana).to.deep.equal({ enabled: false });
        expect(values(dev, "dev-euw1").grafana.enabled).to.equal(true);
        const dashboards = ofType(prod, "kubernetes:core/v1:ConfigMap").filter(
            (map) => inputs(map).metadata.labels?.grafana_dashboard === "1",
        );
        expect(dashboards.map((map) => map.name).sort()).to.deep.equal([
            "prod-euw1-monitoring-berth-cluster-overview",
            "prod-euw1-monitoring-berth-golden-signals",
            "prod-euw1-monitoring-berth-node-pools",
        ]);
        for (const map of dashboards) {
            const [json] = Object.values(inputs(map).data) as string[];
            expect(JSON.parse(json).panels, map.name).to.not.be.empty;
        }
    });

    it("has the spoke write every series to each replica of the hub's receiver, through the hub's internal load balancers", () => {
        const writes = values(prod, "prod-use1").prometheus.prometheusSpec.remoteWrite as { url: string }[];
        const receivers = [0, 1].map((replica) => named(prod, SERVICE, `prod-euw1-monitoring-receiver-${replica}`));
        expect(writes).to.have.length(receivers.length);
        for (const write of writes) {
            expect(write.url).to.match(
                /^http:\/\/k8s-monitori-metricsr-[0-9a-f]{10}-[0-9a-f]{16}\.elb\.eu-west-1\.amazonaws\.com:9090\/api\/v1\/write$/,
            );
        }
        expect(new Set(writes.map((write) => write.url)).size).to.equal(writes.length);
        // The URLs come from the hub's Services: the spoke's release waits for them.
        expect(stack(prod, "prod-use1").dependencies).to.include.members(receivers.map((service) => service.urn));
        // The hub's own Prometheus writes inside the cluster.
        expect(values(prod, "prod-euw1").prometheus.prometheusSpec.remoteWrite.map((write: { url: string }) => write.url)).to.deep.equal([
            "http://metrics-receiver-0.monitoring.svc:9090/api/v1/write",
            "http://metrics-receiver-1.monitoring.svc:9090/api/v1/write",
        ]);
    });

    it("labels every series a cluster sends with the cluster's name, and sends one replica's copy only", () => {
        for (const cluster of ["prod-euw1", "prod-use1"]) {
            const spec = values(prod, cluster).prometheus.prometheusSpec;
            expect(spec.externalLabels).to.deep.equal({ cluster });
            for (const write of spec.remoteWrite) {
                expect(write.writeRelabelConfigs).to.deep.equal([
                    { sourceLabels: ["prometheus_replica"], regex: ".+-0", action: "keep" },
                    { regex: "prometheus_replica", action: "labeldrop" },
                ]);
            }
        }
    });

    it("runs the hub's receiver with the remote-write receiver on, no scraping and no rules, exposed only to the spokes' networks", () => {
        const receiver = inputs(named(prod, "kubernetes:monitoring.coreos.com/v1:Prometheus", "prod-euw1-monitoring-receiver"));
        expect(receiver.spec).to.deep.include({ enableRemoteWriteReceiver: true, replicas: 2, retention: "30d", retentionSize: "170GB" });
        for (const selector of ["serviceMonitorSelector", "podMonitorSelector", "probeSelector", "ruleSelector"]) {
            expect(receiver.spec, selector).to.not.have.property(selector);
        }
        expect(ofType(prod, "kubernetes:monitoring.coreos.com/v1:Prometheus").map((p) => p.name)).to.deep.equal([
            "prod-euw1-monitoring-receiver",
        ]);
        const controller = named(prod, RELEASE, "prod-euw1-ingress-lb-controller");
        for (const replica of [0, 1]) {
            const service = named(prod, SERVICE, `prod-euw1-monitoring-receiver-${replica}`);
            expect(inputs(service).spec).to.deep.include({ type: "LoadBalancer", loadBalancerSourceRanges: ["10.30.0.0/16"] });
            expect(inputs(service).spec.selector).to.deep.equal({
                "app.kubernetes.io/name": "prometheus",
                "operator.prometheus.io/name": "metrics-receiver",
                "apps.kubernetes.io/pod-index": String(replica),
            });
            expect(inputs(service).metadata.annotations).to.include({
                "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
                "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
            });
            // Destroy runs backwards: the Service, and so its NLB, goes while the controller that deletes it still runs.
            expect(service.dependencies).to.include(controller.urn);
        }
        // With no spoke there is nothing to expose: dev's receiver is reached inside its cluster only.
        expect(inputs(named(dev, SERVICE, "dev-euw1-monitoring-receiver-0")).spec.type).to.equal("ClusterIP");
    });

    it("admits the remote-write port across the peering", () => {
        const rules = ofType(prod, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((rule) =>
            rule.name.endsWith("-admits-metrics"),
        );
        const seen = rules.map((rule) => ({
            region: inputs(byUrn(prod, rule.provider)).region,
            from: inputs(rule).cidrIpv4,
            ports: [inputs(rule).fromPort, inputs(rule).toPort],
        }));
        expect(seen).to.have.deep.members([
            { region: "eu-west-1", from: "10.30.0.0/16", ports: [9090, 9090] },
            { region: "us-east-1", from: "10.20.0.0/16", ports: [9090, 9090] },
        ]);
    });

    it("keeps less in dev than in prod: retention, volume and replicas per environment", () => {
        const size = (plan: PlanDocument, cluster: string) => {
            const { prometheus, alertmanager } = values(plan, cluster);
            const spec = prometheus.prometheusSpec;
            return {
                retention: spec.retention,
                storage: spec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage,
                storageClass: spec.storageSpec.volumeClaimTemplate.spec.storageClassName,
                replicas: spec.replicas,
                alertmanagers: alertmanager.alertmanagerSpec.replicas,
                disruptionBudget: prometheus.podDisruptionBudget.enabled,
            };
        };
        expect(size(dev, "dev-euw1")).to.deep.equal({
            retention: "3d",
            storage: "20Gi",
            storageClass: "gp3",
            replicas: 1,
            alertmanagers: 1,
            disruptionBudget: false,
        });
        for (const cluster of ["prod-euw1", "prod-use1"]) {
            expect(size(prod, cluster), cluster).to.deep.equal({
                retention: "15d",
                storage: "100Gi",
                storageClass: "gp3",
                replicas: 2,
                alertmanagers: 2,
                disruptionBudget: true,
            });
        }
        const receiver = (plan: PlanDocument, cluster: string) =>
            inputs(named(plan, "kubernetes:monitoring.coreos.com/v1:Prometheus", `${cluster}-monitoring-receiver`)).spec;
        expect(receiver(dev, "dev-euw1")).to.deep.include({ retention: "7d", replicas: 1 });
        expect(receiver(dev, "dev-euw1").storage.volumeClaimTemplate.spec.resources.requests.storage).to.equal("20Gi");
    });

    it("runs the operator, Prometheus, Alertmanager, kube-state-metrics and Grafana on the system pool with requests and limits", () => {
        const hub = values(prod, "prod-euw1");
        const parts: Record<string, { nodeSelector: unknown; tolerations: unknown[]; resources: any }> = {
            operator: hub.prometheusOperator,
            prometheus: hub.prometheus.prometheusSpec,
            alertmanager: hub.alertmanager.alertmanagerSpec,
            "kube-state-metrics": hub["kube-state-metrics"],
            grafana: hub.grafana,
        };
        for (const [part, settings] of Object.entries(parts)) {
            expect(settings.nodeSelector, part).to.deep.equal(SYSTEM_POOL);
            expect(settings.tolerations, part).to.deep.include({
                key: "CriticalAddonsOnly",
                operator: "Equal",
                value: "true",
                effect: "NoSchedule",
            });
            for (const kind of ["requests", "limits"]) {
                expect(settings.resources[kind], `${part} ${kind}`).to.have.keys(["cpu", "memory"]);
            }
        }
        expect(hub.prometheus.prometheusSpec.resources).to.deep.equal({
            requests: { cpu: "500m", memory: "3Gi" },
            limits: { cpu: "2000m", memory: "3Gi" },
        });
        // node-exporter runs on every node: no selector, the chart's toleration of any NoSchedule taint.
        expect(hub["prometheus-node-exporter"]).to.not.have.property("nodeSelector");
        expect(hub["prometheus-node-exporter"].resources.limits).to.have.keys(["cpu", "memory"]);
    });

    it("gives Grafana an admin password from a Secret, exports it as a secret and never puts it in the values", () => {
        // dev generates the password; prod reads it from Secrets Manager (test/components/secrets).
        const hub = values(dev, "dev-euw1");
        expect(hub.grafana.admin).to.deep.equal({ existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
        expect(JSON.stringify(hub)).to.not.match(/adminPassword/);
        const secret = named(dev, "kubernetes:core/v1:Secret", "dev-euw1-monitoring-grafana-admin");
        // The whole of stringData is a secret: Pulumi hides a map that holds one.
        expect(inputs(secret)).to.deep.include({ type: "Opaque", stringData: "[secret]" });
        // No password in the config: a generated one, created before the Secret that holds it.
        const password = named(dev, "random:index/randomPassword:RandomPassword", "dev-euw1-monitoring-grafana-admin-password");
        expect(inputs(password)).to.deep.include({ length: 32 });
        expect(secret.dependencies).to.include(password.urn);
        expect(stack(dev, "dev-euw1").dependencies).to.include(secret.urn);
        expect(dev.outputs.monitoring).to.deep.include({ grafanaAdminPassword: "[secret]" });
        expect(values(prod, "prod-euw1").grafana.admin).to.deep.equal(hub.grafana.admin);
    });

    it("reaches Grafana through an internal load balancer that admits the environment's networks, not the internet", () => {
        const service = named(prod, SERVICE, "prod-euw1-monitoring-grafana-nlb");
        expect(inputs(service).metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"]).to.equal("internal");
        expect(inputs(service).spec).to.deep.include({
            type: "LoadBalancer",
            selector: { "app.kubernetes.io/name": "grafana", "app.kubernetes.io/instance": "kube-prometheus-stack" },
            ports: [{ name: "http", port: 80, targetPort: 3000, protocol: "TCP" }],
            loadBalancerSourceRanges: ["10.20.0.0/16", "10.30.0.0/16"],
        });
        expect(service.dependencies).to.include(named(prod, RELEASE, "prod-euw1-ingress-lb-controller").urn);
        expect((prod.outputs.monitoring as { grafanaUrl: string }).grafanaUrl).to.match(
            /^http:\/\/k8s-monitori-grafanan-[0-9a-f]{10}-[0-9a-f]{16}\.elb\.eu-west-1\.amazonaws\.com$/,
        );
        expect(ofType(prod, "kubernetes:networking.istio.io/v1:VirtualService")).to.deep.equal([]);
    });

    it("probes each prod cluster's gateway certificate at its own load balancer, and nothing where the gateway has no TLS", () => {
        for (const cluster of ["prod-euw1", "prod-use1"]) {
            const probe = inputs(named(prod, "kubernetes:monitoring.coreos.com/v1:Probe", `${cluster}-monitoring-gateway-certificate`));
            expect(probe.spec).to.deep.include({ jobName: "gateway-tls", module: "gateway_tls" });
            expect(probe.spec.targets.staticConfig.static).to.have.length(1);
            expect(probe.spec.targets.staticConfig.static[0]).to.match(
                /^k8s-istioing-istioing-[0-9a-f]{10}-[0-9a-f]{16}\.elb\.[a-z0-9-]+\.amazonaws\.com:443$/,
            );
            const config = JSON.parse(
                inputs(named(prod, "kubernetes:core/v1:ConfigMap", `${cluster}-monitoring-blackbox-config`)).data["blackbox.yml"],
            );
            expect(config.modules.gateway_tls.tcp.tls_config.server_name).to.equal("berth-probe.apps.example.com");
        }
        expect(ofType(dev, "kubernetes:monitoring.coreos.com/v1:Probe")).to.deep.equal([]);
    });

    it("scrapes cluster-autoscaler through a ServiceMonitor that selects its release's Service", () => {
        for (const cluster of ["prod-euw1", "prod-use1"]) {
            const autoscaler = inputs(named(prod, RELEASE, `${cluster}-cluster-autoscaler`));
            const monitor = named(prod, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", `${cluster}-cluster-autoscaler-metrics`);
            expect(inputs(monitor).metadata.namespace).to.equal(autoscaler.namespace);
            expect(inputs(monitor).spec.selector.matchLabels).to.deep.equal({ "app.kubernetes.io/instance": autoscaler.name });
            expect(inputs(monitor).spec.endpoints).to.deep.equal([{ port: "http", path: "/metrics", interval: "30s" }]);
            expect(monitor.dependencies).to.include(stack(prod, cluster).urn);
        }
    });

    it("writes monitoring objects the API and prometheus-operator schemas accept", () => {
        const written = [dev, prod].flatMap((plan) =>
            plan.resources.filter(
                (r) => r.custom && r.type.startsWith("kubernetes:") && r.type !== RELEASE && /-monitoring-|-metrics$/.test(r.name),
            ),
        );
        expect(new Set(written.map((r) => r.type))).to.include.members([
            "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
            "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
            "kubernetes:monitoring.coreos.com/v1:PodMonitor",
            "kubernetes:monitoring.coreos.com/v1:Probe",
            "kubernetes:monitoring.coreos.com/v1:Prometheus",
            "kubernetes:apps/v1:Deployment",
        ]);
        for (const object of written) {
            expect(() => validateAgainstApiSchema(object), object.name).not.to.throw();
        }
    });

    it("would catch a ServiceMonitor the prometheus-operator schema refuses", () => {
        const monitor = named(prod, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "prod-euw1-cluster-autoscaler-metrics");
        const broken = { ...monitor, inputs: { ...monitor.inputs, spec: { endpoints: [{ port: 8085 }] } } };
        expect(() => validateAgainstApiSchema(broken)).to.throw();
    });
});
