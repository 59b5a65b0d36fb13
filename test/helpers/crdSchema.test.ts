import { expect } from "chai";
import { canarySpec } from "../../components/canary/canarySpec";
import { latencyQuery, metricTemplateSpec, successRateQuery } from "../../components/canary/metricTemplates";
import { CANARY_DEFAULTS } from "../../components/canary/settings";
import { elasticsearchManifest } from "../../components/logging/elasticsearchSpec";
import { kibanaSpec } from "../../components/logging/kibanaSpec";
import type { NodeTier } from "../../components/logging/tiers";
import type { Registration } from "../../delivery/monitor";
import { validateAgainstApiSchema } from "./schemas";

const ELASTICSEARCH = "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch";
const KIBANA = "kubernetes:kibana.k8s.elastic.co/v1:Kibana";
const CANARY = "kubernetes:flagger.app/v1beta1:Canary";
const METRIC_TEMPLATE = "kubernetes:flagger.app/v1beta1:MetricTemplate";

/** A plan registration of a custom resource, as the API-schema check receives one. */
function registered(type: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}): Registration {
    const [, apiVersion, kind] = /^kubernetes:(.+):(\w+)$/.exec(type)!;
    return {
        urn: `urn:pulumi:test::platform::${type}::sample`,
        type,
        name: "sample",
        custom: true,
        parent: null,
        provider: null,
        dependencies: [],
        protect: false,
        inputs: { apiVersion, kind, metadata: { name: "sample", namespace: "sample", annotations }, spec },
    };
}

const hot: NodeTier = { count: 3, memoryGiB: 8, cpu: 2, storageGiB: 100, capacity: "on-demand", volumeType: "gp3" };
const http = { caSecret: "logging-ca", subjectAltNames: ["logs.internal.example.com"] };
const auth = { userSecrets: ["shipper-euw1"], rolesSecret: "shipper-roles" };

function elasticsearch(args: { hot: NodeTier; warm?: NodeTier; snapshots?: { roleArn: string; region: string } }): Registration {
    const manifest = elasticsearchManifest({ version: "9.1.5", http, auth, keepVolumesOnDeletion: true, ...args });
    return registered(ELASTICSEARCH, manifest.spec, manifest.annotations);
}

const kibana = (replicas: number) => registered(KIBANA, kibanaSpec({ version: "9.1.5", replicas, capacity: "system", http }));

const canary = () =>
    registered(
        CANARY,
        canarySpec({
            application: "storefront",
            service: { port: 80, targetPortName: "http" },
            gateway: "istio-ingress/public",
            routing: {
                hosts: ["shop.example.com"],
                paths: ["/"],
                timeout: "15s",
                retries: { attempts: 2, perTryTimeout: "5s", retryOn: "5xx,reset" },
            },
            settings: CANARY_DEFAULTS,
            checks: {
                successRate: { name: "berth-request-success-rate", namespace: "istio-system" },
                latency: { name: "berth-request-duration-p99", namespace: "istio-system" },
            },
        }),
    );

const metricTemplate = () =>
    registered(METRIC_TEMPLATE, metricTemplateSpec("http://metrics.monitoring:9090", successRateQuery("dev-euw1")));

/** A copy of a registration with its inputs changed by `edit`, which may reach into them freely. */
function edited(resource: Registration, edit: (inputs: any) => void): Registration {
    const inputs = structuredClone(resource.inputs);
    edit(inputs);
    return { ...resource, inputs };
}

const refusal = (resource: Registration) => () => validateAgainstApiSchema(resource);

describe("CRD schemas of the custom resources Berth writes", () => {
    it("accept every shape of Elasticsearch, Kibana, Canary and MetricTemplate Berth writes", () => {
        const warm: NodeTier = { ...hot, count: 2, capacity: "spot", volumeType: "st1", storageGiB: 500 };
        const written = [
            elasticsearch({ hot: { ...hot, count: 1, capacity: "system" } }),
            elasticsearch({ hot, warm, snapshots: { roleArn: "arn:aws:iam::123456789012:role/es-snapshots", region: "eu-west-1" } }),
            kibana(1),
            kibana(2),
            canary(),
            metricTemplate(),
            registered(METRIC_TEMPLATE, metricTemplateSpec("http://metrics.monitoring:9090", latencyQuery("dev-euw1"))),
        ];
        for (const resource of written) expect(refusal(resource), resource.type).not.to.throw();
    });

    describe("refuse a misspelt key", () => {
        it("in an Elasticsearch volume claim", () => {
            const misspelt = edited(elasticsearch({ hot }), (inputs) => {
                const claim = inputs.spec.nodeSets[0].volumeClaimTemplates[0].spec;
                claim.storageClass = claim.storageClassName;
                delete claim.storageClassName;
            });
            expect(refusal(misspelt)).to.throw("/spec/nodeSets/0/volumeClaimTemplates/0/spec must NOT have additional properties");
        });

        it("in a Kibana's reference to Elasticsearch", () => {
            const misspelt = edited(kibana(1), (inputs) => (inputs.spec.elasticsearchRef = { nmae: "logs" }));
            expect(refusal(misspelt)).to.throw("/spec/elasticsearchRef must NOT have additional properties");
        });

        it("in a Canary's retries", () => {
            const misspelt = edited(canary(), (inputs) => (inputs.spec.service.retries.attempt = 3));
            expect(refusal(misspelt)).to.throw("/spec/service/retries must NOT have additional properties");
        });

        it("in a MetricTemplate's provider", () => {
            const misspelt = edited(metricTemplate(), (inputs) => (inputs.spec.provider = { type: "prometheus", adress: "http://x" }));
            expect(refusal(misspelt)).to.throw("/spec/provider must NOT have additional properties");
        });
    });

    describe("refuse a value of the wrong type", () => {
        it("an Elasticsearch node count given as text", () => {
            const mistyped = edited(elasticsearch({ hot }), (inputs) => (inputs.spec.nodeSets[0].count = "3"));
            expect(refusal(mistyped)).to.throw("/spec/nodeSets/0/count must be integer");
        });

        it("a Kibana count that is not whole", () => {
            const mistyped = edited(kibana(1), (inputs) => (inputs.spec.count = 1.5));
            expect(refusal(mistyped)).to.throw("/spec/count must be integer");
        });

        it("a Canary threshold given as text", () => {
            const mistyped = edited(canary(), (inputs) => (inputs.spec.analysis.metrics[0].thresholdRange.min = "99"));
            expect(refusal(mistyped)).to.throw("/spec/analysis/metrics/0/thresholdRange/min must be number");
        });

        it("a MetricTemplate query given as a list", () => {
            const mistyped = edited(metricTemplate(), (inputs) => (inputs.spec.query = [inputs.spec.query]));
            expect(refusal(mistyped)).to.throw("/spec/query must be string");
        });
    });

    describe("refuse a missing required field", () => {
        it("an Elasticsearch without a version", () => {
            const missing = edited(elasticsearch({ hot }), (inputs) => delete inputs.spec.version);
            expect(refusal(missing)).to.throw("/spec must have required property 'version'");
        });

        it("a Kibana without a version", () => {
            const missing = edited(kibana(1), (inputs) => delete inputs.spec.version);
            expect(refusal(missing)).to.throw("/spec must have required property 'version'");
        });

        it("a Canary whose target names no Deployment", () => {
            const missing = edited(canary(), (inputs) => delete inputs.spec.targetRef.name);
            expect(refusal(missing)).to.throw("/spec/targetRef must have required property 'name'");
        });

        it("a MetricTemplate without a query", () => {
            const missing = edited(metricTemplate(), (inputs) => delete inputs.spec.query);
            expect(refusal(missing)).to.throw("/spec must have required property 'query'");
        });
    });

    describe("refuse a value outside the CRD's enum or pattern", () => {
        it("an Elasticsearch volume policy ECK does not know, or a node set name too long for it", () => {
            const policy = edited(elasticsearch({ hot }), (inputs) => (inputs.spec.volumeClaimDeletePolicy = "Delete"));
            expect(refusal(policy)).to.throw("/spec/volumeClaimDeletePolicy must be equal to one of the allowed values");
            const name = edited(elasticsearch({ hot }), (inputs) => (inputs.spec.nodeSets[0].name = "hot-tier-in-eu-west-1-zone-a"));
            expect(refusal(name)).to.throw("/spec/nodeSets/0/name must NOT have more than 23 characters");
        });

        it("a Canary targeting a kind Flagger does not roll out, or an interval in hours", () => {
            const kind = edited(canary(), (inputs) => (inputs.spec.targetRef.kind = "StatefulSet"));
            expect(refusal(kind)).to.throw("/spec/targetRef/kind must be equal to one of the allowed values");
            const interval = edited(canary(), (inputs) => (inputs.spec.analysis.interval = "1h"));
            expect(refusal(interval)).to.throw('/spec/analysis/interval must match pattern "^[0-9]+(m|s)"');
        });

        it("a MetricTemplate provider Flagger does not have", () => {
            const provider = edited(metricTemplate(), (inputs) => (inputs.spec.provider.type = "victoriametrics"));
            expect(refusal(provider)).to.throw("/spec/provider/type must be equal to one of the allowed values");
        });
    });
});
