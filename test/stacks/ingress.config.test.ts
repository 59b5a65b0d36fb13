import { expect } from "chai";
import { parsePlatformConfig } from "../../stacks/config";
import { ACCOUNT_IDS, cluster, problemsOf, prodCluster, today } from "../helpers/config";

const EU_CERTIFICATE = "arn:aws:acm:eu-west-1:123456789012:certificate/0f3a2b1c-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const US_CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/7c6b5a49-3827-4165-9d4e-3f2a1b0c9d8e";
const prodOnly = (clusters: unknown[], extra: Record<string, unknown> = {}) => ({
    allowedAccountIds: ACCOUNT_IDS,
    hubCluster: "prod-euw1",
    clusters,
    ...extra,
});

describe("stack config: ingress", () => {
    it("gives dev an internet-facing gateway for any host on plain HTTP, permissive mTLS and small replica counts", () => {
        const { config } = parsePlatformConfig({ clusters: [cluster()] }, { stack: "dev", today });
        expect(config.clusters[0].ingress).to.deep.equal({
            scheme: "internet-facing",
            domains: ["*"],
            tls: { terminateAt: "none" },
            mtls: "PERMISSIVE",
            replicas: { controller: 1, istiod: 1, gateway: { min: 2, max: 4 } },
        });
    });

    it("gives prod strict mTLS and highly available parts, and each cluster the certificate of its own region", () => {
        const { config } = parsePlatformConfig(
            prodOnly(
                [
                    prodCluster({ ingress: { tls: { certificateArn: EU_CERTIFICATE } } }),
                    prodCluster({
                        name: "prod-use1",
                        region: "us-east-1",
                        network: { cidr: "10.30.0.0/16" },
                        ingress: { scheme: "internal", tls: { certificateArn: US_CERTIFICATE } },
                    }),
                ],
                { ingress: { domains: ["*.apps.example.com"] } },
            ),
            { stack: "prod", today },
        );
        expect(config.clusters.map((c) => c.ingress)).to.deep.equal([
            {
                scheme: "internet-facing",
                domains: ["*.apps.example.com"],
                tls: { terminateAt: "nlb", certificateArn: EU_CERTIFICATE },
                mtls: "STRICT",
                replicas: { controller: 2, istiod: 2, gateway: { min: 3, max: 10 } },
            },
            {
                scheme: "internal",
                domains: ["*.apps.example.com"],
                tls: { terminateAt: "nlb", certificateArn: US_CERTIFICATE },
                mtls: "STRICT",
                replicas: { controller: 2, istiod: 2, gateway: { min: 3, max: 10 } },
            },
        ]);
    });

    it("refuses a bad domain and a malformed certificate ARN, each by its key path", () => {
        expect(
            problemsOf({
                clusters: [cluster()],
                ingress: { domains: ["Shop.Example.com"], tls: { certificateArn: "arn:aws:acm:eu-west-1:cert" } },
            }),
        ).to.deep.equal([
            'platform:ingress.domains[0]: must be a lowercase DNS name such as apps.example.com or *.apps.example.com (got "Shop.Example.com")',
            'platform:ingress.tls.certificateArn: must be an ACM certificate ARN such as arn:aws:acm:eu-west-1:123456789012:certificate/<id> (got "arn:aws:acm:eu-west-1:cert")',
        ]);
    });

    it("refuses a certificate of another region where it was set, and two TLS choices at once", () => {
        expect(
            problemsOf({ clusters: [cluster({ ingress: { tls: { certificateArn: US_CERTIFICATE, gatewaySecret: "apps-tls" } } })] }),
        ).to.deep.equal([
            `platform:clusters[0].ingress.tls: sets both certificateArn (TLS at the NLB) and gatewaySecret (TLS at the gateway): choose one (got {"certificateArn":"arn:aws:acm:us-east-1:123456789012:cer...)`,
            `platform:clusters[0].ingress.tls.certificateArn: is in us-east-1, but cluster dev-euw1's load balancer is in eu-west-1: ACM certificates are regional, so give the cluster its own under platform:clusters[0].ingress.tls (got "arn:aws:acm:us-east-1:123456789012:certificate/7c6b5a49-...)`,
        ]);
    });

    it("requires domains and TLS in prod, for every cluster that has none of its own", () => {
        expect(problemsOf(prodOnly([prodCluster({ ingress: undefined })]), "prod")).to.deep.equal([
            "platform:ingress.domains: is required in prod (here or as platform:clusters[0].ingress.domains): the host names cluster prod-euw1's gateway serves",
            "platform:ingress.tls: is required in prod for cluster prod-euw1: give certificateArn (TLS at the NLB) or gatewaySecret (TLS at the gateway)",
        ]);
    });

    it("refuses gateway bounds the wrong way round", () => {
        expect(problemsOf({ clusters: [cluster({ ingress: { replicas: { gateway: { min: 5, max: 2 } } } })] })).to.deep.equal([
            "platform:clusters[0].ingress.replicas.gateway.max: must be >= min (got 2, min 5)",
        ]);
    });
});
