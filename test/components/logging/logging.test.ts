import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { expect } from "chai";
import * as YAML from "yaml";
import type { Registration } from "../../../delivery/monitor";
import type { PlanDocument } from "../../../delivery/plan";
import { trustsWebIdentity } from "../../helpers/iam";
import { planInline } from "../../helpers/inline";
import { mockedSecrets } from "../../helpers/mockedSecrets";
import { byUrn, isUnder, named, ofType, planOf, planOffThread, REPO } from "../../helpers/plans";
import { validateAgainstApiSchema } from "../../helpers/schemas";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const SERVICE = "kubernetes:core/v1:Service";
const ELASTICSEARCH = "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch";
const KIBANA = "kubernetes:kibana.k8s.elastic.co/v1:Kibana";
const inputs = (resource: Registration) => resource.inputs as Record<string, any>;
const clusterOf = (plan: PlanDocument, resource: Registration) =>
    ["prod-euw1", "prod-use1", "dev-euw1"].find((name) => isUnder(plan, resource, named(plan, "berth:cluster:Cluster", name).urn));
const charted = (plan: PlanDocument, chart: string) => ofType(plan, RELEASE).filter((release) => inputs(release).chart === chart);

/** Plans the repository's prod program with the hub moved to `hub`, in the worker thread (planOffThread). */
function planWithHub(hub: string): Promise<PlanDocument> {
    const document = YAML.parse(fs.readFileSync(path.join(REPO, "Pulumi.prod.yaml"), "utf8"));
    document.config["platform:hubCluster"] = hub;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-hub-"));
    fs.copyFileSync(path.join(REPO, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), YAML.stringify(document));
    return planOffThread({ stack: "prod", dir, program: path.join(REPO, "index.ts") });
}

describe("berth:logging:Logging", () => {
    // Asked for as mocha loads this file, so that it is planned while the tests before it run.
    const hubMoved = planWithHub("prod-use1");
    let dev: PlanDocument;
    let prod: PlanDocument;
    before(async () => {
        [dev, prod] = await Promise.all([planOf("dev"), planOf("prod")]);
    });

    describe("placement", () => {
        it("runs the operator, Elasticsearch and Kibana once, on the hub, the operator at its pinned chart version", () => {
            const operators = charted(prod, "eck-operator");
            expect(
                operators.map(
                    (release) =>
                        `${clusterOf(prod, release)} ${inputs(release).namespace}/${inputs(release).name}@${inputs(release).version}`,
                ),
            ).to.deep.equal(["prod-euw1 elastic-system/elastic-operator@3.5.0"]);
            expect([...ofType(prod, ELASTICSEARCH), ...ofType(prod, KIBANA)].map((object) => clusterOf(prod, object))).to.deep.equal([
                "prod-euw1",
                "prod-euw1",
            ]);
            expect(named(prod, "berth:logging:Logging", "prod-euw1-logging").parent).to.equal(
                named(prod, "berth:cluster:Cluster", "prod-euw1").urn,
            );
        });

        it("writes Elasticsearch and Kibana after the operator that installs their CRDs", () => {
            const operator = charted(prod, "eck-operator")[0];
            const elasticsearch = named(prod, ELASTICSEARCH, "prod-euw1-logging-elasticsearch");
            expect(elasticsearch.dependencies).to.include(operator.urn);
            expect(named(prod, KIBANA, "prod-euw1-logging-kibana").dependencies).to.include.members([operator.urn, elasticsearch.urn]);
        });

        it("ships from every cluster: the hub inside the cluster, each spoke through the hub's internal load balancer", () => {
            const shippers = charted(prod, "fluent-bit");
            expect(
                shippers.map((release) => `${clusterOf(prod, release)} ${inputs(release).namespace}@${inputs(release).version}`),
            ).to.deep.equal(["prod-euw1 fluent-bit@0.58.1", "prod-use1 fluent-bit@0.58.1"]);
            const output = (cluster: string) =>
                inputs(named(prod, RELEASE, `${cluster}-log-shipper-fluent-bit`)).values.config.outputs as string;
            expect(output("prod-euw1")).to.contain("    Host logs-es-http.logging.svc\n");
            const endpoint = prod.outputs.logging as Record<string, string>;
            const loadBalancer = new URL(endpoint.elasticsearchEndpoint).hostname;
            expect(loadBalancer).to.match(/\.elb\.eu-west-1\.amazonaws\.com$/);
            expect(output("prod-use1")).to.contain(`    Host ${loadBalancer}\n`);
            expect(inputs(named(prod, RELEASE, "prod-use1-log-shipper-fluent-bit")).values.config.filters).to.contain(
                "    Add cluster prod-use1\n",
            );
            expect(output("prod-use1")).to.contain("    HTTP_User shipper-prod-use1\n");
        });

        it("follows platform:hubCluster: with prod-use1 as the hub, everything moves there and prod-euw1 ships across", async () => {
            const moved = await hubMoved;
            expect(
                [...ofType(moved, ELASTICSEARCH), ...ofType(moved, KIBANA), ...charted(moved, "eck-operator")].map((r) =>
                    clusterOf(moved, r),
                ),
            ).to.deep.equal(["prod-use1", "prod-use1", "prod-use1"]);
            const euw1 = inputs(named(moved, RELEASE, "prod-euw1-log-shipper-fluent-bit")).values.config.outputs as string;
            const loadBalancer = new URL((moved.outputs.logging as Record<string, string>).elasticsearchEndpoint).hostname;
            expect(euw1).to.contain(`    Host ${loadBalancer}\n`);
            expect(named(moved, "kubernetes:core/v1:Service", "prod-use1-logging-elasticsearch-lb").dependencies).to.include(
                named(moved, RELEASE, "prod-use1-ingress-lb-controller").urn,
            );
            expect(inputs(named(moved, RELEASE, "prod-use1-log-shipper-fluent-bit")).values.config.outputs).to.contain(
                "    Host logs-es-http.logging.svc\n",
            );
        });

        it("keeps prod's hot tier on on-demand nodes across zones and dev's single node on the system pool", () => {
            const nodeSets = (plan: PlanDocument) => inputs(ofType(plan, ELASTICSEARCH)[0]).spec.nodeSets as any[];
            expect(nodeSets(prod).map((set) => [set.name, set.count, set.podTemplate.spec.nodeSelector])).to.deep.equal([
                ["hot", 3, { "berth.dev/capacity-type": "on-demand" }],
                ["warm", 2, { "berth.dev/capacity-type": "on-demand" }],
            ]);
            expect(nodeSets(dev).map((set) => [set.name, set.count, set.podTemplate.spec.nodeSelector])).to.deep.equal([
                ["hot", 1, { "berth.dev/pool": "system" }],
            ]);
        });
    });

    describe("network", () => {
        it("puts Elasticsearch and Kibana behind internal NLBs, created after the hub's load balancer controller, open to the environment's networks", () => {
            const controller = named(prod, RELEASE, "prod-euw1-ingress-lb-controller");
            for (const [name, port] of [
                ["elasticsearch-lb", 9200],
                ["kibana-lb", 5601],
            ] as const) {
                const service = named(prod, SERVICE, `prod-euw1-logging-${name}`);
                expect(service.dependencies, name).to.include(controller.urn);
                expect(inputs(service).metadata.annotations).to.include({
                    "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
                    "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
                });
                expect(inputs(service).spec).to.deep.include({
                    type: "LoadBalancer",
                    loadBalancerSourceRanges: ["10.20.0.0/16", "10.30.0.0/16"],
                });
                expect(inputs(service).spec.ports).to.deep.equal([{ name: "https", port, targetPort: port, protocol: "TCP" }]);
            }
        });

        it("opens Elasticsearch's port across the peering, the spoke's network into the hub's security group", () => {
            const rule = (side: string) =>
                inputs(
                    named(
                        prod,
                        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                        `prod-use1-to-prod-euw1-${side}-admits-elasticsearch`,
                    ),
                );
            expect(rule("accepter")).to.include({ cidrIpv4: "10.30.0.0/16", ipProtocol: "tcp", fromPort: 9200, toPort: 9200 });
            expect(rule("requester")).to.include({ cidrIpv4: "10.20.0.0/16", fromPort: 9200, toPort: 9200 });
            expect(ofType(dev, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).to.deep.equal([]);
        });

        it("issues Elasticsearch's certificate for the load balancer's name too, so that spokes verify the host they connect to", () => {
            const loadBalancer = new URL((prod.outputs.logging as Record<string, string>).elasticsearchEndpoint).hostname;
            const tls = inputs(named(prod, ELASTICSEARCH, "prod-euw1-logging-elasticsearch")).spec.http.tls;
            expect(tls).to.deep.equal({
                certificate: { secretName: "elastic-http-ca" },
                selfSignedCertificate: { subjectAltNames: [{ dns: loadBalancer }] },
            });
        });

        it("exports the Kibana URL and Elasticsearch's internal endpoint, and where the elastic password is, not the password", () => {
            const outputs = prod.outputs.logging as Record<string, string>;
            expect(outputs.kibanaUrl).to.match(/^https:\/\/[^/]+\.elb\.eu-west-1\.amazonaws\.com:5601$/);
            expect(outputs.elasticsearchEndpoint).to.match(/^https:\/\/[^/]+:9200$/);
            expect(outputs.elasticUserSecret).to.equal("logging/logs-es-elastic-user");
            expect(outputs.caCertificate).to.contain("BEGIN CERTIFICATE");
        });
    });

    describe("API schemas", () => {
        const written = () =>
            [dev, prod].flatMap((plan) =>
                plan.resources.filter(
                    (r) => r.custom && r.type.startsWith("kubernetes:") && r.type !== RELEASE && /logging|log-shipper/.test(r.name),
                ),
            );
        it("writes Elasticsearch and Kibana objects that ECK 3.5.0's CRD schemas accept, and core objects the API accepts", () => {
            const objects = written();
            expect(objects.filter((o) => o.type === ELASTICSEARCH || o.type === KIBANA)).to.have.length(4);
            for (const object of objects) {
                expect(() => validateAgainstApiSchema(object), `${object.type} ${object.name}`).not.to.throw();
            }
        });

        it("would catch a misspelt or mistyped field in an Elasticsearch or Kibana object", () => {
            const elasticsearch = named(prod, ELASTICSEARCH, "prod-euw1-logging-elasticsearch");
            const misspelt = {
                ...elasticsearch,
                inputs: { ...elasticsearch.inputs, spec: { ...inputs(elasticsearch).spec, nodeSet: [] } },
            };
            expect(() => validateAgainstApiSchema(misspelt)).to.throw(/must NOT have additional properties/);
            const kibana = named(prod, KIBANA, "prod-euw1-logging-kibana");
            const mistyped = { ...kibana, inputs: { ...kibana.inputs, spec: { ...inputs(kibana).spec, count: "two" } } };
            expect(() => validateAgainstApiSchema(mistyped)).to.throw(/\/spec\/count must be integer/);
        });
    });

    describe("snapshots", () => {
        const bucketPart = (type: string, suffix: string) => inputs(named(prod, type, `prod-euw1-logging-snapshots${suffix}`));

        it("encrypts, versions and blocks public access to prod's snapshot bucket, and protects it", () => {
            expect(named(prod, "aws:s3/bucket:Bucket", "prod-euw1-logging-snapshots")).to.deep.include({ protect: true });
            expect(bucketPart("aws:s3/bucket:Bucket", "").forceDestroy).to.equal(false);
            expect(
                bucketPart("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "-encryption").rules,
            ).to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
            expect(bucketPart("aws:s3/bucketVersioning:BucketVersioning", "-versioning").versioningConfiguration).to.deep.equal({
                status: "Enabled",
            });
            expect(bucketPart("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "-public-access")).to.include({
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            expect(bucketPart("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "-ownership").rule).to.deep.equal({
                objectOwnership: "BucketOwnerEnforced",
            });
        });

        it("lets only Elasticsearch's service account on the hub assume the snapshot role", () => {
            const trust = inputs(named(prod, "aws:iam/role:Role", "prod-euw1-logging-snapshots-irsa")).assumeRolePolicy;
            const provider = JSON.parse(trust).Statement[0].Principal.Federated as string;
            const token = (sub: string, providerArn = provider) => ({ provider: providerArn, claims: { sub, aud: "sts.amazonaws.com" } });
            expect(trustsWebIdentity(trust, token("system:serviceaccount:logging:elasticsearch"))).to.equal(true);
            expect(trustsWebIdentity(trust, token("system:serviceaccount:logging:default"))).to.equal(false);
            expect(trustsWebIdentity(trust, token("system:serviceaccount:fluent-bit:fluent-bit"))).to.equal(false);
            const otherCluster = provider.replace(/id\/[0-9A-F]+$/, "id/0123456789ABCDEF0123456789ABCDEF");
            expect(trustsWebIdentity(trust, token("system:serviceaccount:logging:elasticsearch", otherCluster))).to.equal(false);
        });

        it("runs Elasticsearch as that service account, annotated with the role, and registers the bucket and a daily policy", () => {
            const account = inputs(named(prod, "kubernetes:core/v1:ServiceAccount", "prod-euw1-logging-elasticsearch-account"));
            const role = named(prod, "aws:iam/role:Role", "prod-euw1-logging-snapshots-irsa");
            expect(account.metadata).to.deep.include({ name: "elasticsearch", namespace: "logging" });
            expect(account.metadata.annotations["eks.amazonaws.com/role-arn"]).to.match(/:role\/prod-euw1-logging-snapshots-irsa/);
            expect(named(prod, ELASTICSEARCH, "prod-euw1-logging-elasticsearch").dependencies).to.include(role.urn);
            const setup = inputs(named(prod, "kubernetes:core/v1:ConfigMap", "prod-euw1-logging-setup")).data;
            const bucket = (prod.outputs.logging as Record<string, string>).snapshotBucket;
            expect(JSON.parse(setup["snapshot-repository.json"]).settings.bucket).to.equal(bucket);
            expect(JSON.parse(setup["snapshot-policy.json"]).schedule).to.equal("0 30 1 * * ?");
        });

        it("gives dev no bucket, no role and no snapshot requests", () => {
            expect(ofType(dev, "aws:s3/bucket:Bucket")).to.deep.equal([]);
            expect(ofType(dev, "aws:iam/role:Role").filter((role) => role.name.includes("logging"))).to.deep.equal([]);
            expect(Object.keys(inputs(named(dev, "kubernetes:core/v1:ConfigMap", "dev-euw1-logging-setup")).data).sort()).to.deep.equal([
                "ilm-policy.json",
                "index-template.json",
                "setup.sh",
            ]);
        });
    });

    describe("secrets", () => {
        it("never puts a shipper password or the CA's private key in the plan in plain text", () => {
            for (const plan of [dev, prod]) {
                const secrets = mockedSecrets(plan);
                expect(secrets.length, plan.stack).to.be.greaterThan(1);
                const text = JSON.stringify(plan);
                expect(
                    secrets.filter((secret) => text.includes(secret)),
                    plan.stack,
                ).to.deep.equal([]);
            }
        });

        it("would notice a password that leaked into a plan", async () => {
            const leaky = await planInline(() => {
                const password = new random.RandomPassword("leak", { length: 32, special: false });
                new k8s.core.v1.ConfigMap("leak", { data: { password: password.result } });
            });
            const text = JSON.stringify(leaky);
            expect(mockedSecrets(leaky).filter((secret) => text.includes(secret))).to.have.length(1);
        });

        it("hands each shipper its password in a Secret of its own cluster, created from the hub's user", () => {
            for (const cluster of ["prod-euw1", "prod-use1"]) {
                const secret = named(prod, "kubernetes:core/v1:Secret", `${cluster}-log-shipper-password`);
                expect(inputs(secret).stringData).to.equal("[secret]");
                expect(byUrn(prod, secret.provider).name).to.equal(`${cluster}-k8s`);
                expect(secret.dependencies).to.include(
                    named(prod, "random:index/randomPassword:RandomPassword", `prod-euw1-logging-${cluster}-shipper-password`).urn,
                );
                expect(inputs(named(prod, "kubernetes:core/v1:Secret", `prod-euw1-logging-${cluster}-shipper-user`)).type).to.equal(
                    "kubernetes.io/basic-auth",
                );
            }
        });
    });
});
