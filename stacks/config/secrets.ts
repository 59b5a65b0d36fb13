import { z } from "zod";
import { outsidePrefixProblem, SECRET_KEY, secretAccount, secretPathPrefix, secretReferenceProblem, secretRegion } from "../../components";
import type { Environment } from "./defaults";
import { isMap, Loose, mapsOf, stringOrUndefined, stringsOrUndefined, wholeNumber } from "./partial";

/** The secrets operator of every cluster, every field resolved. */
export interface SecretsConfig {
    /** Replicas of External Secrets Operator's controller and webhook. */
    replicas: number;
}

/** Per-environment defaults; the README's config reference lists the same values. */
export const SECRETS_DEFAULTS: Record<Environment, SecretsConfig> = {
    // dev: one controller; a restart delays a secret's refresh by a minute, and running pods keep their values.
    dev: { replicas: 1 },
    // prod: a second replica keeps the admission webhook answering (ExternalSecrets cannot be applied without it) through a node drain.
    prod: { replicas: 2 },
};

/** `platform:secrets`: External Secrets Operator on every cluster. */
export const secretsSchema = z.strictObject({
    replicas: wholeNumber().min(1).max(5).optional(),
});

export function resolveSecrets(environment: Environment, layer: z.output<typeof secretsSchema> | undefined): SecretsConfig {
    return { ...SECRETS_DEFAULTS[environment], ...layer };
}

/** A Secrets Manager value by reference, as config takes it: `{ secret: berth/<env>/..., key?: ... }`. */
export const secretsManagerValueSchema = z.strictObject({
    secret: z.string().superRefine((value, ctx) => {
        const problem = secretReferenceProblem(value);
        if (problem !== undefined) ctx.addIssue({ code: "custom", input: value, message: problem });
    }),
    key: z.string().regex(SECRET_KEY, { error: "must be a key of the secret's JSON value: letters, digits and _ . - /" }).optional(),
});

/** One reference in the config: where it is, and the regions of the clusters that read it. */
interface Reference {
    path: PropertyKey[];
    secret: string;
    regions: { cluster: string; region: string }[];
}

/**
 * Every Secrets Manager reference stays inside the environment's prefix ("berth/<environment>/"), the only secrets the
 * clusters' operator may read; one given by ARN names an account the stack may deploy to and the region of every
 * cluster that reads it. A credential of monitoring comes from one source: a `secure:` value or a reference.
 */
export function checkSecrets(environment: Environment, root: Loose, ctx: z.RefinementCtx): void {
    const prefix = secretPathPrefix(environment);
    const clusters = mapsOf(root.clusters).flatMap((cluster) => {
        const name = stringOrUndefined(cluster.name);
        const region = stringOrUndefined(cluster.region);
        return name !== undefined && region !== undefined ? [{ cluster: name, region }] : [];
    });
    const hubName = stringOrUndefined(root.hubCluster) ?? clusters[0]?.cluster;
    const accounts = stringsOrUndefined(root.allowedAccountIds);

    const references: Reference[] = [];
    for (const [index, workload] of mapsOf(root.workloads).entries()) {
        for (const [secretIndex, secret] of mapsOf(workload.secrets).entries()) {
            // Regions of a workload's references are checked with its placement (workloads.ts).
            if (typeof secret.secret === "string")
                references.push({ path: ["workloads", index, "secrets", secretIndex, "secret"], secret: secret.secret, regions: [] });
        }
    }
    const monitoring = isMap(root.monitoring) ? root.monitoring : {};
    const grafana = isMap(monitoring.grafana) ? monitoring.grafana : {};
    const alerting = isMap(monitoring.alerting) ? monitoring.alerting : {};
    const credentials = [
        {
            at: ["grafana"],
            map: grafana,
            value: "adminPassword",
            regions: clusters.filter((cluster) => cluster.cluster === hubName),
            required: false,
        },
        { at: ["alerting", "slack"], map: alerting.slack, value: "webhookUrl", regions: clusters, required: true },
        { at: ["alerting", "pagerDuty"], map: alerting.pagerDuty, value: "routingKey", regions: clusters, required: true },
    ];
    for (const { at, map, value, regions, required } of credentials) {
        if (!isMap(map)) continue;
        const from = `${value}From`;
        if (map[value] !== undefined && map[from] !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["monitoring", ...at, from],
                params: { nothingReceived: true },
                message: `cannot be given with ${value}: take the credential from Secrets Manager or from a secure: value, not both`,
            });
        } else if (required && map[value] === undefined && map[from] === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["monitoring", ...at, value],
                params: { nothingReceived: true },
                message: `is required: give it as a secure: value, or give ${from}: { secret: ${prefix}platform/<name> } to read it from Secrets Manager`,
            });
        }
        const reference = isMap(map[from]) ? stringOrUndefined(map[from].secret) : undefined;
        if (reference !== undefined) references.push({ path: ["monitoring", ...at, from, "secret"], secret: reference, regions });
    }
    const slack = isMap(alerting.slack) ? alerting.slack : undefined;
    const pagerDuty = isMap(alerting.pagerDuty) ? alerting.pagerDuty : undefined;
    if (slack && pagerDuty && (slack.webhookUrlFrom === undefined) !== (pagerDuty.routingKeyFrom === undefined)) {
        ctx.addIssue({
            code: "custom",
            path: ["monitoring", "alerting"],
            params: { nothingReceived: true },
            message:
                "must take both receivers' credentials from Secrets Manager (webhookUrlFrom and routingKeyFrom) or neither: Alertmanager reads them from one Secret",
        });
    }

    for (const { path, secret, regions } of references) {
        if (secretReferenceProblem(secret) !== undefined) continue;
        const issue = (message: string) => ctx.addIssue({ code: "custom", path, input: secret, message });
        const outside = outsidePrefixProblem(secret, prefix);
        if (outside !== undefined) issue(outside);
        const account = secretAccount(secret);
        if (account !== undefined && accounts !== undefined && !accounts.includes(account)) {
            issue(
                `is a secret of account ${account}, which platform:allowedAccountIds does not list (${accounts.join(", ")}) (got ${secret})`,
            );
        }
        const region = secretRegion(secret);
        const elsewhere = regions.filter((cluster) => region !== undefined && cluster.region !== region);
        if (elsewhere.length > 0) {
            issue(
                `is a secret in ${region}, but it is read in ${elsewhere.map((cluster) => `${cluster.region} (cluster ${cluster.cluster})`).join(", ")}: give the secret's name instead, and replicate the secret to every region that reads it (got ${secret})`,
            );
        }
    }
}
