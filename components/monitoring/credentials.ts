import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ArgProblem } from "../lib/argProblems";
import { outsidePrefixProblem, SecretsManagerValue, secretReferenceProblem } from "../secrets/reference";
import { externalSecret, SecretStore } from "../secrets/store";
import { RECEIVER_SECRET } from "./alertmanagerConfig";
import type { MonitoringArgs } from "./monitoring";
import { GRAFANA_ADMIN_SECRET, MONITORING_NAMESPACE } from "./names";

/** A credential monitoring uses: its value (which Pulumi then keeps, encrypted, in its state), or a Secrets Manager reference. */
interface Given {
    path: string;
    value?: pulumi.Input<string>;
    from?: SecretsManagerValue;
}

function givenCredentials(args: MonitoringArgs): { receivers: Given[]; grafana?: Given } {
    const slack = args.alerting?.slack;
    const pagerDuty = args.alerting?.pagerDuty;
    const receivers: Given[] = [
        ...(slack ? [{ path: "alerting.slack.webhookUrl", value: slack.webhookUrl, from: slack.webhookUrlFrom }] : []),
        ...(pagerDuty ? [{ path: "alerting.pagerDuty.routingKey", value: pagerDuty.routingKey, from: pagerDuty.routingKeyFrom }] : []),
    ];
    const grafana =
        args.role.kind === "hub"
            ? { path: "role.grafana.adminPassword", value: args.role.grafana.adminPassword, from: args.role.grafana.adminPasswordFrom }
            : undefined;
    return { receivers, grafana };
}

/** Every problem with where monitoring's credentials come from. */
export function credentialProblems(args: MonitoringArgs): ArgProblem[] {
    const problems: ArgProblem[] = [];
    const { receivers, grafana } = givenCredentials(args);
    for (const credential of receivers) {
        if ((credential.value === undefined) === (credential.from === undefined)) {
            problems.push({
                propertyPath: credential.path,
                reason: `must be given either as a value or as ${credential.path}From, not both nor neither`,
            });
        }
    }
    if (grafana && grafana.value !== undefined && grafana.from !== undefined) {
        problems.push({ propertyPath: grafana.path, reason: `must be given either as a value or as ${grafana.path}From, not both` });
    }
    // One Secret holds every receiver's credential, so they come from one source.
    if (receivers.some((credential) => credential.from) && receivers.some((credential) => credential.value !== undefined)) {
        problems.push({
            propertyPath: "alerting",
            reason: "must take every receiver's credential from Secrets Manager or none: Alertmanager reads them from one Secret",
        });
    }
    for (const credential of [...receivers, ...(grafana ? [grafana] : [])]) {
        if (!credential.from) continue;
        const at = `${credential.path}From.secret`;
        const problem = secretReferenceProblem(credential.from.secret);
        if (problem) {
            problems.push({ propertyPath: at, reason: problem });
        } else if (!args.secretStore) {
            problems.push({
                propertyPath: "secretStore",
                reason: `is required with ${credential.path}From: the cluster's secrets operator is what reads it`,
            });
        } else {
            const outside = outsidePrefixProblem(credential.from.secret, args.secretStore.pathPrefix);
            if (outside) problems.push({ propertyPath: at, reason: outside });
        }
    }
    return problems;
}

/**
 * The Secret Alertmanager mounts the receivers' credentials from (`RECEIVER_SECRET`): written by an ExternalSecret when
 * they are Secrets Manager references, so that Pulumi never holds them, else by Pulumi from the given values.
 */
export function receiverCredentialsSecret(
    name: string,
    args: MonitoringArgs,
    parent: pulumi.Resource,
    namespace: pulumi.Resource,
): pulumi.Resource | undefined {
    const slack = args.alerting?.slack;
    const pagerDuty = args.alerting?.pagerDuty;
    const metadata = { name: RECEIVER_SECRET.name, namespace: MONITORING_NAMESPACE };
    if (args.secretStore && (slack?.webhookUrlFrom || pagerDuty?.routingKeyFrom)) {
        return externalSecret(
            `${name}-alert-receivers`,
            {
                store: args.secretStore,
                namespace: MONITORING_NAMESPACE,
                objectName: RECEIVER_SECRET.name,
                keys: [
                    ...(slack?.webhookUrlFrom ? [{ secretKey: RECEIVER_SECRET.slackWebhookKey, value: slack.webhookUrlFrom }] : []),
                    ...(pagerDuty?.routingKeyFrom ? [{ secretKey: RECEIVER_SECRET.pagerDutyKey, value: pagerDuty.routingKeyFrom }] : []),
                ],
            },
            { parent, dependsOn: [namespace] },
        );
    }
    const credentials: Record<string, pulumi.Input<string>> = {};
    if (slack?.webhookUrl !== undefined) credentials[RECEIVER_SECRET.slackWebhookKey] = pulumi.secret(slack.webhookUrl);
    if (pagerDuty?.routingKey !== undefined) credentials[RECEIVER_SECRET.pagerDutyKey] = pulumi.secret(pagerDuty.routingKey);
    if (Object.keys(credentials).length === 0) return undefined;
    return new k8s.core.v1.Secret(
        `${name}-alert-receivers`,
        { metadata, type: "Opaque", stringData: credentials },
        { parent, provider: args.cluster.kubernetesProvider, dependsOn: [namespace] },
    );
}

/**
 * The ExternalSecret that writes Grafana's admin Secret (`GRAFANA_ADMIN_SECRET`, user "admin") from a Secrets Manager
 * value: the password then exists in Secrets Manager and the cluster only.
 */
export function grafanaAdminExternalSecret(
    name: string,
    store: SecretStore,
    from: SecretsManagerValue,
    parent: pulumi.Resource,
    namespace: pulumi.Resource,
): pulumi.Resource {
    return externalSecret(
        `${name}-grafana-admin`,
        {
            store,
            namespace: MONITORING_NAMESPACE,
            objectName: GRAFANA_ADMIN_SECRET.name,
            keys: [{ secretKey: "password", value: from }],
            template: { data: { [GRAFANA_ADMIN_SECRET.userKey]: "admin", [GRAFANA_ADMIN_SECRET.passwordKey]: "{{ .password }}" } },
        },
        { parent, dependsOn: [namespace] },
    );
}
