import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import * as YAML from "yaml";
import {
    elasticsearchManifest,
    ElasticsearchSpecArgs,
    fluentBitValues,
    FluentBitValuesArgs,
    heapMiB,
    ilmPolicy,
    indexTemplate,
    Logging,
    LoggingArgs,
    logShipperArgProblems,
    LogShipperArgs,
    NodeTier,
    setupFiles,
    setupName,
    setupRequests,
    setupScript,
    shipperRoles,
    snapshotAccessPolicy,
    snapshotBucketLifecycle,
    snapshotBucketPolicy,
} from "../../../components/logging";
import { LOGGING_DEFAULTS, resolveLogging } from "../../../stacks/config/logging";
import { ACCOUNT, allows, decide } from "../../helpers/iam";

const HOT: NodeTier = { count: 3, memoryGiB: 8, cpu: 2, storageGiB: 150, capacity: "on-demand", volumeType: "gp3" };
const WARM: NodeTier = { count: 2, memoryGiB: 4, cpu: 1, storageGiB: 700, capacity: "on-demand", volumeType: "st1" };
const BUCKET_ARN = "arn:aws:s3:::berth-logs-snapshots-1234";
const ES_ROLE = `arn:aws:iam::${ACCOUNT}:role/hub-logging-snapshots-irsa`;

describe("berth:logging builders", () => {
    describe("index lifecycle (ILM)", () => {
        it("keeps dev's logs three days on its one node: rollover daily or at 10 GiB, then delete", () => {
            expect(ilmPolicy(resolveLogging("dev").lifecycle)).to.deep.equal({
                policy: {
                    _meta: { managed_by: "berth" },
                    phases: {
                        hot: {
                            min_age: "0ms",
                            actions: { rollover: { max_age: "1d", max_primary_shard_size: "10gb" }, set_priority: { priority: 100 } },
                        },
                        delete: { min_age: "3d", actions: { delete: {} } },
                    },
                },
            });
        });

        it("moves prod's indices to the warm tier after 7 days, merged and with one replica, and deletes them after 30", () => {
            expect(ilmPolicy(resolveLogging("prod").lifecycle)).to.deep.equal({
                policy: {
                    _meta: { managed_by: "berth" },
                    phases: {
                        hot: {
                            min_age: "0ms",
                            actions: { rollover: { max_age: "1d", max_primary_shard_size: "50gb" }, set_priority: { priority: 100 } },
                        },
                        warm: {
                            min_age: "7d",
                            actions: {
                                set_priority: { priority: 50 },
                                allocate: { number_of_replicas: 1 },
                                forcemerge: { max_num_segments: 1 },
                            },
                        },
                        delete: { min_age: "30d", actions: { delete: {} } },
                    },
                },
            });
        });

        it("uses only Basic-license actions, whatever the settings", () => {
            const basic = new Set(["rollover", "set_priority", "allocate", "forcemerge", "migrate", "shrink", "readonly", "delete"]);
            for (const environment of ["dev", "prod"] as const) {
                const { phases } = ilmPolicy({ ...resolveLogging(environment).lifecycle, warmAfterDays: 2, warmReplicas: 0 }).policy as any;
                const actions = Object.values(phases).flatMap((phase: any) => Object.keys(phase.actions));
                expect(
                    actions.filter((action) => !basic.has(action)),
                    environment,
                ).to.deep.equal([]);
            }
        });

        it("puts every cluster's data stream under the policy, with the configured shards and replicas, apart from the built-in logs-*-* templates", () => {
            const template = indexTemplate({ ...resolveLogging("prod").lifecycle, primaryShards: 2 }) as any;
            expect(template.index_patterns).to.deep.equal(["berth-logs-*"]);
            expect(template.data_stream).to.deep.equal({});
            expect(template.template.settings).to.include({
                "index.lifecycle.name": "berth-logs",
                "index.number_of_shards": 2,
                "index.number_of_replicas": 1,
                "index.codec": "best_compression",
            });
            expect(template.template.mappings.properties.cluster).to.deep.equal({ type: "keyword" });
        });
    });

    describe("Elasticsearch", () => {
        const spec = (overrides: Partial<ElasticsearchSpecArgs> = {}) =>
            elasticsearchManifest({
                version: "9.5.0",
                hot: HOT,
                warm: WARM,
                http: { caSecret: "ca", subjectAltNames: ["lb.example"] },
                auth: { userSecrets: ["shipper-a"], rolesSecret: "roles" },
                keepVolumesOnDeletion: true,
                ...overrides,
            });
        const nodeSets = (manifest: ReturnType<typeof spec>) => (manifest.spec as any).nodeSets as any[];
        const container = (nodeSet: any) => nodeSet.podTemplate.spec.containers[0];
        const env = (nodeSet: any) => Object.fromEntries(container(nodeSet).env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

        it("gives the JVM half of the memory limit, never more than 31 GiB", () => {
            expect([heapMiB(2), heapMiB(8), heapMiB(64)]).to.deep.equal([1024, 4096, 31 * 1024]);
            const [hot, warm] = nodeSets(spec());
            expect(env(hot).ES_JAVA_OPTS).to.equal("-Xms4096m -Xmx4096m");
            expect(container(hot).resources).to.deep.equal({ requests: { cpu: "2000m", memory: "8Gi" }, limits: { memory: "8Gi" } });
            expect(env(warm).ES_JAVA_OPTS).to.equal("-Xms2048m -Xmx2048m");
        });

        it("spreads every tier over zones and makes shard allocation aware of them", () => {
            const manifest = spec();
            expect(manifest.annotations).to.deep.equal({ "eck.k8s.elastic.co/downward-node-labels": "topology.kubernetes.io/zone" });
            for (const nodeSet of nodeSets(manifest)) {
                expect(nodeSet.config, nodeSet.name).to.include({
                    "node.attr.zone": "${ZONE}",
                    "cluster.routing.allocation.awareness.attributes": "k8s_node_name,zone",
                });
                expect(env(nodeSet).ZONE).to.deep.equal({ fieldRef: { fieldPath: "metadata.annotations['topology.kubernetes.io/zone']" } });
                expect(nodeSet.podTemplate.spec.topologySpreadConstraints[0]).to.deep.include({
                    topologyKey: "topology.kubernetes.io/zone",
                    whenUnsatisfiable: "DoNotSchedule",
                });
            }
        });

        it("keeps ingest and master roles on the hot tier and only warm data on the warm tier, each on its own storage", () => {
            const [hot, warm] = nodeSets(spec());
            expect(hot.config["node.roles"]).to.deep.equal(["master", "data_hot", "data_content", "ingest"]);
            expect(warm.config["node.roles"]).to.deep.equal(["data_warm"]);
            expect(hot.volumeClaimTemplates[0].spec).to.deep.include({
                storageClassName: "gp3",
                resources: { requests: { storage: "150Gi" } },
            });
            expect(warm.volumeClaimTemplates[0].spec).to.deep.include({
                storageClassName: "st1",
                resources: { requests: { storage: "700Gi" } },
            });
            expect(hot.podTemplate.spec.nodeSelector).to.deep.equal({ "berth.dev/capacity-type": "on-demand" });
        });

        it("runs a single node without zone settings and without a disruption budget that would block every drain", () => {
            const manifest = spec({ hot: { ...HOT, count: 1, capacity: "system" }, warm: undefined, keepVolumesOnDeletion: false });
            expect(manifest.annotations).to.deep.equal({});
            expect(manifest.spec).to.deep.include({
                podDisruptionBudget: {},
                volumeClaimDeletePolicy: "DeleteOnScaledownAndClusterDeletion",
            });
            const [hot] = nodeSets(manifest);
            expect(hot.config).to.not.have.property("node.attr.zone");
            expect(hot.podTemplate.spec.tolerations).to.deep.equal([
                { key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" },
            ]);
            // Several nodes keep ECK's own budget, which lets a pod go only while the cluster is green.
            expect(spec().spec).to.not.have.property("podDisruptionBudget");
        });

        it("gives the S3 repository a web identity token in its config directory and the role to assume, only with snapshots", () => {
            const [hot] = nodeSets(spec({ snapshots: { roleArn: ES_ROLE, region: "eu-west-1" } }));
            expect(hot.podTemplate.spec.serviceAccountName).to.equal("elasticsearch");
            expect(env(hot)).to.include({
                AWS_ROLE_ARN: ES_ROLE,
                AWS_WEB_IDENTITY_TOKEN_FILE: "/usr/share/elasticsearch/config/repository-s3/aws-web-identity-token-file",
            });
            expect(hot.podTemplate.spec.volumes[0].projected.sources[0].serviceAccountToken).to.include({ audience: "sts.amazonaws.com" });
            expect(hot.config).to.include({ "s3.client.default.endpoint": "s3.eu-west-1.amazonaws.com" });
            const [plain] = nodeSets(spec());
            expect(plain.podTemplate.spec).to.not.have.property("serviceAccountName");
            expect(env(plain)).to.not.have.property("AWS_ROLE_ARN");
        });
    });

    describe("shipper access", () => {
        it("lets each cluster's shipper create documents in its own data stream and nothing else", () => {
            const roles = YAML.parse(shipperRoles(["hub", "spoke"]));
            expect(roles).to.deep.equal({
                "berth-shipper-hub": {
                    cluster: [],
                    indices: [{ names: ["berth-logs-hub"], privileges: ["create_doc", "auto_configure"] }],
                },
                "berth-shipper-spoke": {
                    cluster: [],
                    indices: [{ names: ["berth-logs-spoke"], privileges: ["create_doc", "auto_configure"] }],
                },
            });
        });
    });

    describe("Fluent Bit", () => {
        const args: FluentBitValuesArgs = {
            clusterName: "spoke",
            host: "lb.example",
            port: 9200,
            username: "shipper-spoke",
            passwordSecret: { name: "elasticsearch-shipper", key: "password" },
            caConfigMap: "elasticsearch-ca",
            caDigest: "abc",
            dataStream: "berth-logs-spoke",
            excludeNamespaces: ["noisy"],
            bufferMiB: 512,
        };
        const values = fluentBitValues(args) as any;

        it("puts the cluster's name on every record and ships to its own data stream as its own user", () => {
            expect(values.config.filters).to.contain("[FILTER]\n    Name modify\n    Match *\n    Add cluster spoke\n");
            expect(values.config.outputs).to.contain("    Index berth-logs-spoke\n");
            expect(values.config.outputs).to.contain("    HTTP_User shipper-spoke\n");
            expect(values.config.outputs).to.contain("    Write_Operation create\n");
        });

        it("verifies Elasticsearch's certificate and host name against Berth's CA", () => {
            for (const line of [
                "tls On",
                "tls.verify On",
                "tls.verify_hostname On",
                "tls.ca_file /fluent-bit/etc/elasticsearch-ca/ca.crt",
            ]) {
                expect(values.config.outputs).to.contain(`    ${line}\n`);
            }
            expect(values.extraVolumes).to.deep.include({ name: "elasticsearch-ca", configMap: { name: "elasticsearch-ca" } });
        });

        it("reads the password from a Secret through the environment, never from the values", () => {
            expect(values.config.outputs).to.contain("    HTTP_Passwd ${BERTH_ES_PASSWORD}\n");
            expect(values.env).to.deep.equal([
                { name: "BERTH_ES_PASSWORD", valueFrom: { secretKeyRef: { name: "elasticsearch-shipper", key: "password" } } },
            ]);
        });

        it("joins multi-line stack traces, adds Kubernetes metadata and runs on every node whatever its taints", () => {
            expect(values.config.inputs).to.contain("multiline.parser docker, cri");
            expect(values.config.filters).to.contain("    multiline.parser go, java, python\n");
            expect(values.config.filters).to.contain("    Name kubernetes\n");
            expect(values.tolerations).to.deep.equal([{ operator: "Exists" }]);
            expect(values.kind).to.equal("DaemonSet");
        });

        it("leaves out its own namespace and the excluded ones, and buffers on disk", () => {
            expect(values.config.inputs).to.contain(
                "Exclude_Path /var/log/containers/*_fluent-bit_*.log,/var/log/containers/*_noisy_*.log\n",
            );
            expect(values.config.outputs).to.contain("    storage.total_limit_size 512M\n");
            expect(values.config.inputs).to.contain("    storage.type filesystem\n");
        });
    });

    describe("the setup Job", () => {
        const prod = resolveLogging("prod");
        const requests = setupRequests(prod.lifecycle, { ...prod.snapshots!, bucket: "snaps" });

        it("puts the policy before the template that names it, then the repository before the snapshot policy that uses it", () => {
            expect(requests.map((request) => request.path)).to.deep.equal([
                "/_ilm/policy/berth-logs",
                "/_index_template/berth-logs",
                "/_snapshot/berth-snapshots",
                "/_slm/policy/berth-daily",
            ]);
            expect(requests[2].body).to.deep.equal({
                type: "s3",
                settings: { bucket: "snaps", base_path: "elasticsearch", client: "default" },
            });
            expect(requests[3].body).to.deep.include({ schedule: "0 30 1 * * ?", repository: "berth-snapshots" });
            expect((requests[3].body as any).retention).to.deep.include({ expire_after: "30d" });
            expect(setupRequests(prod.lifecycle).map((request) => request.name)).to.deep.equal(["ilm-policy", "index-template"]);
        });

        it("hands curl the elastic password on its standard input, never on a command line, and PUTs each body", () => {
            const script = setupScript(requests);
            const curlLines = script.split("\n").filter((line) => line.includes("curl"));
            expect(curlLines).to.have.length(1);
            expect(curlLines[0]).to.match(/printf 'user = "elastic:%s"\\n' "\$ELASTIC_PASSWORD" \| curl --config - /);
            expect(script).to.contain(
                '--data-binary @/etc/logging-setup/ilm-policy.json "https://logs-es-http.logging.svc:9200/_ilm/policy/berth-logs"',
            );
        });

        it("is a new Job when what it applies changes, and the same Job when nothing does", () => {
            const name = setupName(setupFiles(requests), "curl:1");
            expect(name).to.match(/^logging-setup-[0-9a-f]{10}$/);
            expect(setupName(setupFiles(setupRequests(prod.lifecycle, { ...prod.snapshots!, bucket: "snaps" })), "curl:1")).to.equal(name);
            const longer = setupRequests({ ...prod.lifecycle, retentionDays: 60 }, { ...prod.snapshots!, bucket: "snaps" });
            expect(setupName(setupFiles(longer), "curl:1")).to.not.equal(name);
            expect(setupName(setupFiles(requests), "curl:2")).to.not.equal(name);
        });
    });

    describe("snapshots", () => {
        it("lets Elasticsearch list, read and write the snapshot bucket, and no other bucket", async () => {
            const policy = snapshotAccessPolicy(BUCKET_ARN);
            expect(await allows(policy, { action: "s3:PutObject", resource: `${BUCKET_ARN}/elasticsearch/index-0` })).to.equal(true);
            expect(await allows(policy, { action: "s3:DeleteObject", resource: `${BUCKET_ARN}/elasticsearch/index-0` })).to.equal(true);
            expect(await allows(policy, { action: "s3:ListBucket", resource: BUCKET_ARN })).to.equal(true);
            expect(await allows(policy, { action: "s3:GetObject", resource: "arn:aws:s3:::someone-else/file" })).to.equal(false);
            expect(await allows(policy, { action: "s3:DeleteBucket", resource: BUCKET_ARN })).to.equal(false);
            expect(await allows(policy, { action: "s3:PutBucketPolicy", resource: BUCKET_ARN })).to.equal(false);
        });

        it("refuses plain HTTP to the bucket, even to the role that may write it", async () => {
            const identity = snapshotAccessPolicy(BUCKET_ARN);
            const resource = snapshotBucketPolicy(BUCKET_ARN);
            const get = (secure: string) =>
                decide(
                    {
                        role: ES_ROLE,
                        action: "s3:GetObject",
                        resource: `${BUCKET_ARN}/elasticsearch/index-0`,
                        context: { "aws:SecureTransport": secure },
                    },
                    { identity, resource },
                );
            expect(await get("false")).to.equal("ExplicitlyDenied");
            expect(await get("true")).to.equal("Allowed");
        });

        it("moves old snapshot files to Standard-IA, never to a class Elasticsearch cannot read, and expires deleted ones", () => {
            const rules = snapshotBucketLifecycle(7);
            const classes = rules.flatMap((rule: any) => (rule.transitions ?? []).map((t: any) => t.storageClass));
            expect(classes).to.deep.equal(["STANDARD_IA"]);
            expect(rules.find((rule: any) => rule.noncurrentVersionExpiration)).to.deep.include({
                noncurrentVersionExpiration: { noncurrentDays: 7 },
            });
            expect(rules.find((rule: any) => rule.abortIncompleteMultipartUpload)).to.deep.include({
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            });
        });
    });

    describe("the shipper's own checks", () => {
        it("refuses a namespace name Kubernetes would refuse and a buffer too small to hold a flush, by property path", () => {
            const target = { host: "h", port: 9200, username: "u", password: pulumi.output("p"), caCertificate: "c", dataStream: "d" };
            const cluster = { clusterName: "spoke" } as LogShipperArgs["cluster"];
            expect(logShipperArgProblems({ cluster, target, excludeNamespaces: ["ok", "Not_OK"], bufferMiB: 8 })).to.deep.equal([
                { propertyPath: "excludeNamespaces[1]", reason: "must be a Kubernetes namespace name (got Not_OK)" },
                { propertyPath: "bufferMiB", reason: "must be a whole number of MiB from 64 to 65536 (got 8)" },
            ]);
            expect(logShipperArgProblems({ cluster, target })).to.deep.equal([]);
        });
    });

    describe("the component's own checks", () => {
        const args = (overrides: Partial<LoggingArgs>): LoggingArgs => ({
            cluster: { clusterName: "hub", region: "eu-west-1" } as LoggingArgs["cluster"],
            shippers: ["hub", "spoke"],
            loadBalancerController: {} as pulumi.Resource,
            allowedCidrs: ["10.20.0.0/16"],
            hot: HOT,
            warm: WARM,
            lifecycle: { ...LOGGING_DEFAULTS.prod.lifecycle },
            ...overrides,
        });
        const refusal = (overrides: Partial<LoggingArgs>) => {
            try {
                new Logging("hub-logging", args(overrides));
            } catch (error) {
                expect(pulumi.InputPropertiesError.isInstance(error), String(error)).to.equal(true);
                return (error as pulumi.InputPropertiesError).errors;
            }
            throw new Error("the logging stack was accepted");
        };

        it("refuses a warm phase without warm nodes, and a warm phase that starts after deletion, by property path", () => {
            expect(refusal({ warm: undefined })).to.deep.equal([
                {
                    propertyPath: "lifecycle.warmAfterDays",
                    reason: "needs a warm tier (warm.count >= 1): without warm nodes, indices would wait forever to move",
                },
            ]);
            expect(
                refusal({ lifecycle: { ...LOGGING_DEFAULTS.prod.lifecycle, warmAfterDays: 30 } }).map((p) => p.propertyPath),
            ).to.deep.equal(["lifecycle.warmAfterDays"]);
        });

        it("refuses HDD for the hot tier, an HDD volume EBS would not create, replicas with nowhere to go and a duplicate shipper", () => {
            const problems = refusal({
                hot: { ...HOT, volumeType: "st1" },
                warm: { ...WARM, count: 1, storageGiB: 100 },
                shippers: ["hub", "hub"],
            });
            expect(problems.map((p) => p.propertyPath)).to.deep.equal([
                "shippers[1]",
                "hot.volumeType",
                "warm.storageGiB",
                "lifecycle.warmReplicas",
            ]);
        });
    });
});
