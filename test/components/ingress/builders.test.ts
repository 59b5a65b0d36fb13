import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { defaultGatewaySpec, gatewayService, Ingress, IngressArgs, meshNamespace } from "../../../components";
import { planInline } from "../../helpers/inline";
import { named } from "../../helpers/plans";

const SCHEME = "service.beta.kubernetes.io/aws-load-balancer-scheme";
const CERT = "service.beta.kubernetes.io/aws-load-balancer-ssl-cert";
const certificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/0f3a2b1c-4d5e-4f60-8a7b-9c0d1e2f3a4b";

describe("ingress builders", () => {
    describe("the gateway's load balancer Service", () => {
        it("asks for an internal or an internet-facing NLB as configured", () => {
            expect(gatewayService("internal", { terminateAt: "none" }).annotations[SCHEME]).to.equal("internal");
            expect(gatewayService("internet-facing", { terminateAt: "none" }).annotations[SCHEME]).to.equal("internet-facing");
        });

        it("ends TLS at the NLB with the certificate, exposing only 443 and forwarding to the gateway's plain port", () => {
            const service = gatewayService("internal", { terminateAt: "nlb", certificateArn });
            expect(service.annotations).to.include({
                [CERT]: certificateArn,
                "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "https",
            });
            expect(service.ports.map((port) => `${port.port}->${port.targetPort}`)).to.deep.equal(["443->80"]);
        });

        it("passes TLS through to the gateway when the gateway holds the certificate, and carries no certificate itself", () => {
            const service = gatewayService("internet-facing", { terminateAt: "gateway", secretName: "wildcard-tls" });
            expect(service.annotations).to.not.have.property(CERT);
            expect(service.ports.map((port) => `${port.port}->${port.targetPort}`)).to.deep.equal(["80->80", "443->443"]);
        });
    });

    describe("the default Gateway", () => {
        it("serves HTTPS with the gateway's Secret and redirects plain HTTP when the gateway ends TLS", () => {
            const spec = defaultGatewaySpec(["shop.example.com"], { terminateAt: "gateway", secretName: "wildcard-tls" }) as any;
            expect(spec.servers).to.deep.equal([
                {
                    port: { number: 443, name: "https", protocol: "HTTPS" },
                    hosts: ["shop.example.com"],
                    tls: { mode: "SIMPLE", credentialName: "wildcard-tls" },
                },
                { port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["shop.example.com"], tls: { httpsRedirect: true } },
            ]);
        });
    });

    describe("a mesh-ready namespace", () => {
        it("is labelled for sidecar injection (or explicitly not) and waits for istiod and the mTLS policy", async () => {
            const plan = await planInline(() => {
                const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
                const istiod = new k8s.core.v1.ConfigMap("istiod-stand-in", { data: {} }, { provider });
                const ingress = { kubernetesProvider: provider, meshReady: [istiod] };
                meshNamespace("shop", { ingress, labels: { team: "shop" } });
                meshNamespace("batch", { ingress, namespace: "batch-jobs", injection: false });
            });
            const shop = named(plan, "kubernetes:core/v1:Namespace", "shop");
            expect((shop.inputs as any).metadata).to.deep.equal({ name: "shop", labels: { team: "shop", "istio-injection": "enabled" } });
            expect(shop.dependencies).to.include(named(plan, "kubernetes:core/v1:ConfigMap", "istiod-stand-in").urn);
            expect((named(plan, "kubernetes:core/v1:Namespace", "batch").inputs as any).metadata).to.deep.equal({
                name: "batch-jobs",
                labels: { "istio-injection": "disabled" },
            });
        });
    });

    describe("the component's own checks", () => {
        const args = (overrides: Partial<IngressArgs>): IngressArgs => ({
            cluster: { clusterName: "blue", region: "eu-west-1" } as IngressArgs["cluster"],
            domains: ["apps.example.com"],
            tls: { terminateAt: "none" },
            ...overrides,
        });
        const refusal = (overrides: Partial<IngressArgs>) => {
            try {
                new Ingress("blue-ingress", args(overrides));
            } catch (error) {
                expect(pulumi.InputPropertiesError.isInstance(error), String(error)).to.equal(true);
                return (error as pulumi.InputPropertiesError).errors;
            }
            throw new Error("the ingress was accepted");
        };

        it("refuses a domain that is not a DNS name, and a certificate of another region, by property path", () => {
            expect(refusal({ domains: ["Apps.Example.com", "ok.example.com"] }).map((e) => e.propertyPath)).to.deep.equal(["domains[0]"]);
            const [wrongRegion] = refusal({
                tls: { terminateAt: "nlb", certificateArn: certificateArn.replace("eu-west-1", "us-east-1") },
            });
            expect(wrongRegion).to.deep.equal({
                propertyPath: "tls.certificateArn",
                reason: "is in us-east-1, but the load balancer is in eu-west-1: ACM certificates are regional",
            });
        });

        it("refuses gateway bounds the wrong way round and a Secret name Kubernetes would refuse", () => {
            const problems = refusal({
                tls: { terminateAt: "gateway", secretName: "Wildcard_TLS" },
                replicas: { gateway: { min: 4, max: 2 } },
            });
            expect(problems.map((e) => e.propertyPath)).to.deep.equal(["tls.secretName", "replicas.gateway"]);
        });
    });
});
