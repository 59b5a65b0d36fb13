import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import { refuseBadArgs } from "../lib/argProblems";
import { AddonCluster, addonRelease } from "../lib/helm";
import { irsaRole } from "../lib/irsa";
import { internalLoadBalancerService } from "../lib/loadBalancer";
import { CHARTS, ELASTIC_STACK_VERSION, IMAGES } from "../lib/versions";
import { elasticsearchManifest } from "./elasticsearchSpec";
import { kibanaSpec } from "./kibanaSpec";
import type { Lifecycle } from "./lifecycle";
import {
    CA_CONFIG_MAP,
    CA_SECRET,
    dataStreamOf,
    ELASTIC_NAME,
    ELASTIC_USER_SECRET,
    ELASTICSEARCH_ACCOUNT,
    ELASTICSEARCH_IN_CLUSTER_HOST,
    ELASTICSEARCH_PORT,
    KIBANA_PORT,
    LOGGING_NAMESPACE,
    OPERATOR_NAMESPACE,
    SHIPPER_ROLES_SECRET,
    shipperUserOf,
} from "./names";
import { operatorValues } from "./operatorValues";
import { setupFiles, setupJobSpec, setupName, setupRequests } from "./setup";
import { shipperRoles, shipperUser } from "./shipperAccess";
import { snapshotBucket } from "./snapshotBucket";
import { snapshotAccessPolicy, Snapshots } from "./snapshots";
import type { NodeTier } from "./tiers";
import { loggingArgProblems } from "./validate";

/** What the logging stack needs from the hub cluster. */
export interface LoggingCluster extends AddonCluster {
    clusterName: string;
    region: string;
    /** The region's AWS provider, for the snapshot bucket and its role. */
    awsProvider: aws.Provider;
    oidcProviderArn: pulumi.Input<string>;
    oidcProviderUrl: pulumi.Input<string>;
}

export interface LoggingArgs {
    /** The hub cluster: the operator, Elasticsearch, Kibana and the snapshot bucket's role live here. */
    cluster: LoggingCluster;
    /** Every cluster that ships logs here, this one included: each gets its own user, role and data stream. */
    shippers: string[];
    /** The hub's AWS Load Balancer Controller: the internal load balancers are created after it and deleted before it. */
    loadBalancerController: pulumi.Resource;
    /** Networks the internal load balancers admit: the environment's VPCs (spokes included) and operators' networks. */
    allowedCidrs: string[];
    /** Master-eligible, ingesting nodes on SSD that hold the newest indices. */
    hot: NodeTier;
    /** Data nodes on cheaper storage that hold indices after `lifecycle.warmAfterDays`. @default none */
    warm?: NodeTier;
    /** Rollover, tier moves and retention of every cluster's logs. */
    lifecycle: Lifecycle;
    /** Kibana pods. @default { replicas: 1 } */
    kibana?: { replicas?: number };
    /** Daily snapshots to an S3 bucket of the hub's region. @default none: no bucket, no snapshots */
    snapshots?: Snapshots;
    /** Keep the data when this component goes: the bucket is protected and never emptied, data volumes stay. @default false */
    retain?: boolean;
    /** Elastic Stack version of Elasticsearch and Kibana. @default ELASTIC_STACK_VERSION */
    version?: string;
    /** Tags on the bucket and the role. @default none */
    tags?: Record<string, string>;
}

/** Where and as whom one cluster's shipper sends its logs. */
export interface ShipperTarget {
    /** Elasticsearch's address from that cluster: the in-cluster Service on the hub, the internal load balancer elsewhere. */
    host: pulumi.Input<string>;
    port: number;
    username: string;
    /** Secret. */
    password: pulumi.Output<string>;
    /** The CA that signs Elasticsearch's certificate (public). */
    caCertificate: pulumi.Input<string>;
    dataStream: string;
}

/** The hostname AWS gave a LoadBalancer Service's load balancer. */
function loadBalancerHostname(service: k8s.core.v1.Service): pulumi.Output<string> {
    return service.status.apply((status) => status.loadBalancer.ingress[0].hostname);
}

/**
 * Log analytics for the environment, on the hub: the ECK operator, Elasticsearch in a hot (and optionally warm) tier
 * with zone awareness, Kibana, the lifecycle and snapshot policies applied by a Job, per-cluster shipper users, and
 * internal load balancers through which the spokes ship and operators reach Kibana. Every HTTP certificate is issued
 * by ECK from a CA Berth owns, so that the spokes' shippers can verify Elasticsearch without reading the hub.
 */
export class Logging extends pulumi.ComponentResource {
    /** Kibana, behind an internal load balancer: https, certificate from `caCertificate`. */
    readonly kibanaUrl: pulumi.Output<string>;
    /** Elasticsearch's internal endpoint, as the spokes and peered networks reach it. */
    readonly elasticsearchEndpoint: pulumi.Output<string>;
    /** Elasticsearch's endpoint inside the hub cluster. */
    readonly inClusterEndpoint: string;
    /** The CA certificate (PEM) that signs Elasticsearch's and Kibana's certificates: trust it to verify them. */
    readonly caCertificate: pulumi.Output<string>;
    /** Where ECK keeps the `elastic` superuser's password ("namespace/name", key "elastic"); Berth never reads it. */
    readonly elasticUserSecret: string;
    /** The snapshot bucket's name, with snapshots. */
    readonly snapshotBucket?: pulumi.Output<string>;
    private readonly targets: Map<string, Omit<ShipperTarget, "host">>;
    private readonly elasticsearchLoadBalancerHost: pulumi.Output<string>;
    private readonly hub: string;

    constructor(name: string, args: LoggingArgs, opts: pulumi.ComponentResourceOptions = {}) {
        refuseBadArgs("berth:logging:Logging", name, loggingArgProblems(args));
        super("berth:logging:Logging", name, {}, opts);
        const { cluster } = args;
        const version = args.version ?? ELASTIC_STACK_VERSION;
        const retain = args.retain ?? false;
        const tags = { ...args.tags, "berth:cluster": cluster.clusterName };
        const inCluster = (dependsOn: pulumi.Resource[]) => ({ parent: this, provider: cluster.kubernetesProvider, dependsOn });
        const inLogging = (objectName: string) => ({ name: objectName, namespace: LOGGING_NAMESPACE });
        // Sorted, so that reordering the clusters or the networks changes nothing in the cluster.
        const shippers = [...args.shippers].sort();
        const allowedCidrs = [...new Set(args.allowedCidrs)].sort();

        const operatorNamespace = new k8s.core.v1.Namespace(
            `${name}-elastic-system`,
            { metadata: { name: OPERATOR_NAMESPACE } },
            inCluster(cluster.readyForAddons),
        );
        const namespace = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            { metadata: { name: LOGGING_NAMESPACE } },
            inCluster(cluster.readyForAddons),
        );
        const operator = addonRelease(
            `${name}-eck-operator`,
            {
                releaseName: "elastic-operator",
                chart: CHARTS.eckOperator,
                namespace: OPERATOR_NAMESPACE,
                values: operatorValues(LOGGING_NAMESPACE),
                cluster,
                dependsOn: [operatorNamespace],
            },
            this,
        );

        // The environment's CA: ECK issues (and renews) Elasticsearch's and Kibana's certificates from it, and every
        // cluster's shipper trusts it. Its key lives only in Pulumi's encrypted state and in one hub Secret.
        const caKey = new tls.PrivateKey(`${name}-ca-key`, { algorithm: "RSA", rsaBits: 3072 }, { parent: this });
        const ca = new tls.SelfSignedCert(
            `${name}-ca`,
            {
                privateKeyPem: caKey.privateKeyPem,
                isCaCertificate: true,
                subject: { commonName: `${cluster.clusterName} logging CA`, organization: "Berth" },
                validityPeriodHours: 10 * 365 * 24,
                // A deploy in the CA's last year replaces it; ECK then reissues the certificates from the new one.
                earlyRenewalHours: 365 * 24,
                allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
            },
            { parent: this },
        );
        const caSecret = new k8s.core.v1.Secret(
            `${name}-ca`,
            {
                metadata: inLogging(CA_SECRET),
                stringData: { "ca.crt": ca.certPem, "ca.key": pulumi.secret(caKey.privateKeyPem) },
            },
            inCluster([namespace]),
        );
        const caConfigMap = new k8s.core.v1.ConfigMap(
            `${name}-ca-certificate`,
            { metadata: inLogging(CA_CONFIG_MAP), data: { "ca.crt": ca.certPem } },
            inCluster([namespace]),
        );

        // One file-realm user per shipping cluster, whose role writes to that cluster's data stream only.
        this.targets = new Map();
        const userSecrets = shippers.map((shipper) => {
            const password = new random.RandomPassword(
                `${name}-${shipper}-shipper-password`,
                { length: 32, special: false },
                { parent: this },
            );
            const secretPassword = pulumi.secret(password.result);
            this.targets.set(shipper, {
                port: ELASTICSEARCH_PORT,
                username: shipperUserOf(shipper),
                password: secretPassword,
                caCertificate: ca.certPem,
                dataStream: dataStreamOf(shipper),
            });
            return new k8s.core.v1.Secret(
                `${name}-${shipper}-shipper-user`,
                {
                    metadata: inLogging(shipperUserOf(shipper)),
                    type: "kubernetes.io/basic-auth",
                    stringData: { ...shipperUser(shipper), password: secretPassword },
                },
                inCluster([namespace]),
            );
        });
        const roles = new k8s.core.v1.Secret(
            `${name}-shipper-roles`,
            { metadata: inLogging(SHIPPER_ROLES_SECRET), stringData: { "roles.yml": shipperRoles(shippers) } },
            inCluster([namespace]),
        );

        // Internal load balancers, after the controller that creates them (and deleted before it, on destroy). TLS passes
        // through to the pods, whose certificates Berth's CA issues.
        const elasticsearchService = internalLoadBalancerService({
            // The ingesting (hot) nodes only: warm nodes would forward every bulk request to them.
            selector: { "elasticsearch.k8s.elastic.co/cluster-name": ELASTIC_NAME, "elasticsearch.k8s.elastic.co/node-ingest": "true" },
            targetPort: ELASTICSEARCH_PORT,
            allowedCidrs,
            listener: { name: "https", port: ELASTICSEARCH_PORT },
        });
        const elasticsearchLoadBalancer = new k8s.core.v1.Service(
            `${name}-elasticsearch-lb`,
            {
                metadata: { ...inLogging(`${ELASTIC_NAME}-es-internal-lb`), annotations: elasticsearchService.annotations },
                spec: elasticsearchService.spec,
            },
            inCluster([args.loadBalancerController, namespace]),
        );
        const kibanaService = internalLoadBalancerService({
            selector: { "kibana.k8s.elastic.co/name": ELASTIC_NAME },
            targetPort: KIBANA_PORT,
            allowedCidrs,
            listener: { name: "https", port: KIBANA_PORT },
        });
        const kibanaLoadBalancer = new k8s.core.v1.Service(
            `${name}-kibana-lb`,
            {
                metadata: { ...inLogging(`${ELASTIC_NAME}-kb-internal-lb`), annotations: kibanaService.annotations },
                spec: kibanaService.spec,
            },
            inCluster([args.loadBalancerController, namespace]),
        );
        this.elasticsearchLoadBalancerHost = loadBalancerHostname(elasticsearchLoadBalancer);
        const kibanaHost = loadBalancerHostname(kibanaLoadBalancer);

        // HDD classes exist only where a tier asks for one; gp3 is the cluster's default class.
        const hddClasses = [
            ...new Set(
                [args.hot, args.warm].filter((tier) => tier && tier.count > 0 && tier.volumeType !== "gp3").map((tier) => tier!.volumeType),
            ),
        ];
        const storageClasses = hddClasses.map(
            (volumeType) =>
                new k8s.storage.v1.StorageClass(
                    `${name}-${volumeType}`,
                    {
                        metadata: { name: volumeType },
                        provisioner: "ebs.csi.aws.com",
                        parameters: { type: volumeType, encrypted: "true", fsType: "ext4" },
                        volumeBindingMode: "WaitForFirstConsumer",
                        allowVolumeExpansion: true,
                        reclaimPolicy: "Delete",
                    },
                    inCluster(cluster.readyForAddons),
                ),
        );

        let snapshotAccess: { roleArn: pulumi.Output<string>; account: k8s.core.v1.ServiceAccount } | undefined;
        let bucketName: pulumi.Output<string> | undefined;
        if (args.snapshots) {
            const inRegion = { parent: this, provider: cluster.awsProvider };
            const bucket = snapshotBucket(`${name}-snapshots`, { retain, tags }, inRegion);
            const role = irsaRole(
                `${name}-snapshots-irsa`,
                {
                    oidcProviderArn: cluster.oidcProviderArn,
                    oidcProviderUrl: cluster.oidcProviderUrl,
                    serviceAccount: ELASTICSEARCH_ACCOUNT,
                    inlinePolicy: bucket.arn.apply(snapshotAccessPolicy),
                    tags,
                },
                inRegion,
            );
            const account = new k8s.core.v1.ServiceAccount(
                `${name}-elasticsearch-account`,
                {
                    metadata: { ...inLogging(ELASTICSEARCH_ACCOUNT.name), annotations: { "eks.amazonaws.com/role-arn": role.arn } },
                    automountServiceAccountToken: false,
                },
                inCluster([namespace]),
            );
            snapshotAccess = { roleArn: role.arn, account };
            bucketName = bucket.bucket;
        }

        const manifest = pulumi.all([this.elasticsearchLoadBalancerHost, snapshotAccess?.roleArn]).apply(([host, roleArn]) =>
            elasticsearchManifest({
                version,
                hot: args.hot,
                warm: args.warm,
                http: { caSecret: CA_SECRET, subjectAltNames: [host] },
                auth: { userSecrets: shippers.map(shipperUserOf), rolesSecret: SHIPPER_ROLES_SECRET },
                snapshots: roleArn ? { roleArn, region: cluster.region } : undefined,
                keepVolumesOnDeletion: retain,
            }),
        );
        const elasticsearch = new k8s.apiextensions.CustomResource(
            `${name}-elasticsearch`,
            {
                apiVersion: "elasticsearch.k8s.elastic.co/v1",
                kind: "Elasticsearch",
                metadata: { ...inLogging(ELASTIC_NAME), annotations: manifest.annotations },
                spec: manifest.spec,
            },
            inCluster([operator, caSecret, roles, ...userSecrets, ...storageClasses, ...(snapshotAccess ? [snapshotAccess.account] : [])]),
        );
        new k8s.apiextensions.CustomResource(
            `${name}-kibana`,
            {
                apiVersion: "kibana.k8s.elastic.co/v1",
                kind: "Kibana",
                metadata: inLogging(ELASTIC_NAME),
                spec: kibanaHost.apply((host) =>
                    kibanaSpec({
                        version,
                        replicas: args.kibana?.replicas ?? 1,
                        capacity: args.hot.capacity,
                        http: { caSecret: CA_SECRET, subjectAltNames: [host] },
                    }),
                ),
            },
            inCluster([operator, elasticsearch]),
        );

        const files = pulumi
            .output(bucketName)
            .apply((bucket) =>
                setupFiles(setupRequests(args.lifecycle, args.snapshots && bucket ? { ...args.snapshots, bucket } : undefined)),
            );
        const setup = files.apply((data) => setupName(data, IMAGES.curl));
        const requests = new k8s.core.v1.ConfigMap(
            `${name}-setup`,
            { metadata: { name: setup, namespace: LOGGING_NAMESPACE }, data: files },
            inCluster([namespace]),
        );
        new k8s.batch.v1.Job(
            `${name}-setup`,
            {
                metadata: {
                    name: setup,
                    namespace: LOGGING_NAMESPACE,
                    // Pulumi waits for the Job to complete; on a first deploy that includes Elasticsearch starting.
                    annotations: { "pulumi.com/timeoutSeconds": "3600" },
                },
                spec: setup.apply((jobName) => setupJobSpec(jobName, IMAGES.curl, CA_CONFIG_MAP)),
            },
            // Named after what it applies, so a change is a new Job, created before the old one is deleted.
            inCluster([elasticsearch, requests, caConfigMap]),
        );

        this.hub = cluster.clusterName;
        this.kibanaUrl = pulumi.interpolate`https://${kibanaHost}:${KIBANA_PORT}`;
        this.elasticsearchEndpoint = pulumi.interpolate`https://${this.elasticsearchLoadBalancerHost}:${ELASTICSEARCH_PORT}`;
        this.inClusterEndpoint = `https://${ELASTICSEARCH_IN_CLUSTER_HOST}:${ELASTICSEARCH_PORT}`;
        this.caCertificate = ca.certPem;
        this.elasticUserSecret = `${LOGGING_NAMESPACE}/${ELASTIC_USER_SECRET}`;
        this.snapshotBucket = bucketName;
        this.registerOutputs({
            kibanaUrl: this.kibanaUrl,
            elasticsearchEndpoint: this.elasticsearchEndpoint,
            caCertificate: this.caCertificate,
        });
    }

    /**
     * Where `cluster`'s shipper sends and as whom: the hub's own shipper stays inside the cluster, the others go
     * through the internal load balancer (their traffic crosses the peering on Elasticsearch's port).
     */
    shipperTarget(cluster: string): ShipperTarget {
        const target = this.targets.get(cluster);
        if (!target) {
            throw new Error(`cluster ${cluster} is not one of this Logging's shippers (${[...this.targets.keys()].join(", ")})`);
        }
        return { ...target, host: cluster === this.hub ? ELASTICSEARCH_IN_CLUSTER_HOST : this.elasticsearchLoadBalancerHost };
    }
}
