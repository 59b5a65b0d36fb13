import type * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { refuseBadArgs } from "../lib/argProblems";
import { AddonCluster, addonRelease } from "../lib/helm";
import { irsaRole } from "../lib/irsa";
import { CHARTS } from "../lib/versions";
import { clusterSecretStoreSpec } from "./externalSecret";
import { CLUSTER_SECRET_STORE, OPERATOR_ACCOUNT, SECRETS_NAMESPACE, secretPathPrefix } from "./names";
import { externalSecretsValues } from "./operatorValues";
import { partitionAndAccount, secretsReadPolicy } from "./policy";
import type { SecretStore } from "./store";
import { secretsArgProblems } from "./validate";

/** What the secrets operator needs from its cluster. */
export interface SecretsCluster extends AddonCluster {
    clusterName: string;
    /** The region of Secrets Manager the cluster reads. */
    region: string;
    /** The region's AWS provider, for the operator's IAM role. */
    awsProvider: aws.Provider;
    oidcProviderArn: pulumi.Input<string>;
    oidcProviderUrl: pulumi.Input<string>;
}

export interface SecretsArgs {
    cluster: SecretsCluster;
    /** The environment ("dev", "prod"): the operator reads the secrets named "berth/<environment>/..." and no others. */
    environment: string;
    /** Replicas of the controller and of its admission webhook; above one, the controller elects a leader. @default 1 */
    replicas?: number;
}

/**
 * Secrets from AWS Secrets Manager on one cluster: External Secrets Operator (the pinned chart, its CRDs included) on
 * the system pool, an IRSA role that may read only the environment's secrets ("berth/<environment>/*") in the
 * cluster's region, and the ClusterSecretStore every ExternalSecret names. An ExternalSecret (`externalSecret`) then
 * keeps a Kubernetes Secret in step with Secrets Manager: values never pass through Pulumi, its plan or its state.
 */
export class Secrets extends pulumi.ComponentResource implements SecretStore {
    readonly kubernetesProvider: k8s.Provider;
    readonly storeName: string;
    readonly pathPrefix: string;
    /** The ClusterSecretStore: an ExternalSecret created before it (or the CRDs) would be refused. */
    readonly ready: pulumi.Resource[];
    /** The operator's IAM role. */
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: SecretsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        refuseBadArgs("berth:secrets:Secrets", name, secretsArgProblems(args));
        super("berth:secrets:Secrets", name, {}, opts);
        const { cluster } = args;
        const prefix = secretPathPrefix(args.environment);
        const replicas = args.replicas ?? 1;

        const role = irsaRole(
            `${name}-irsa`,
            {
                oidcProviderArn: cluster.oidcProviderArn,
                oidcProviderUrl: cluster.oidcProviderUrl,
                serviceAccount: OPERATOR_ACCOUNT,
                inlinePolicy: pulumi
                    .output(cluster.oidcProviderArn)
                    .apply((arn) => secretsReadPolicy({ ...partitionAndAccount(arn), region: cluster.region, prefix })),
                tags: { "berth:cluster": cluster.clusterName },
            },
            { parent: this, provider: cluster.awsProvider },
        );
        const namespace = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            { metadata: { name: SECRETS_NAMESPACE } },
            { parent: this, provider: cluster.kubernetesProvider, dependsOn: cluster.readyForAddons },
        );
        const release = addonRelease(
            `${name}-operator`,
            {
                releaseName: "external-secrets",
                chart: CHARTS.externalSecrets,
                namespace: SECRETS_NAMESPACE,
                values: role.arn.apply((roleArn) => externalSecretsValues(roleArn, replicas)),
                cluster,
                dependsOn: [namespace],
            },
            this,
        );
        const store = new k8s.apiextensions.CustomResource(
            `${name}-store`,
            {
                apiVersion: "external-secrets.io/v1",
                kind: "ClusterSecretStore",
                metadata: { name: CLUSTER_SECRET_STORE },
                spec: clusterSecretStoreSpec(cluster.region),
            },
            { parent: this, provider: cluster.kubernetesProvider, dependsOn: [release] },
        );

        this.kubernetesProvider = cluster.kubernetesProvider;
        this.storeName = CLUSTER_SECRET_STORE;
        this.pathPrefix = prefix;
        this.ready = [store];
        this.roleArn = role.arn;
        this.registerOutputs({ storeName: this.storeName, pathPrefix: this.pathPrefix, roleArn: this.roleArn });
    }
}
