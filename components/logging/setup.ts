import { createHash } from "crypto";
import type { types } from "@pulumi/kubernetes";
import { SYSTEM_POOL_PLACEMENT } from "../lib/placement";
import { ilmPolicy, indexTemplate, Lifecycle } from "./lifecycle";
import {
    ELASTIC_USER_SECRET,
    ELASTICSEARCH_IN_CLUSTER_HOST,
    ELASTICSEARCH_PORT,
    LOGS_POLICY,
    SNAPSHOT_POLICY,
    SNAPSHOT_REPOSITORY,
} from "./names";
import { slmPolicy, snapshotRepository, Snapshots } from "./snapshots";

/** One Elasticsearch API call the setup Job makes; every one is an idempotent PUT, so a re-run changes nothing. */
export interface SetupRequest {
    /** File name of the body in the ConfigMap, without ".json". */
    name: string;
    path: string;
    body: Record<string, unknown>;
}

/** Where the Job finds the request bodies and the CA that signed Elasticsearch's certificate. */
const REQUESTS_DIRECTORY = "/etc/logging-setup";
const CA_DIRECTORY = "/etc/elasticsearch-ca";

/** Everything Berth keeps in Elasticsearch itself: the lifecycle, the template, and with snapshots the repository and its policy. */
export function setupRequests(lifecycle: Lifecycle, snapshots?: Snapshots & { bucket: string }): SetupRequest[] {
    const requests: SetupRequest[] = [
        { name: "ilm-policy", path: `/_ilm/policy/${LOGS_POLICY}`, body: ilmPolicy(lifecycle) },
        // After the policy: a template naming a policy that does not exist yet would leave new indices unmanaged.
        { name: "index-template", path: `/_index_template/${LOGS_POLICY}`, body: indexTemplate(lifecycle) },
    ];
    if (snapshots) {
        requests.push(
            { name: "snapshot-repository", path: `/_snapshot/${SNAPSHOT_REPOSITORY}`, body: snapshotRepository(snapshots.bucket) },
            { name: "snapshot-policy", path: `/_slm/policy/${SNAPSHOT_POLICY}`, body: slmPolicy(snapshots) },
        );
    }
    return requests;
}

/**
 * The Job's script: wait until the cluster answers, then PUT each body in order, failing (and so retrying) on any
 * error. The `elastic` password reaches curl on its standard input, never on a command line.
 */
export function setupScript(requests: readonly SetupRequest[]): string {
    const base = `https://${ELASTICSEARCH_IN_CLUSTER_HOST}:${ELASTICSEARCH_PORT}`;
    return [
        "#!/bin/sh",
        "set -eu",
        `es() { printf 'user = "elastic:%s"\\n' "$ELASTIC_PASSWORD" | curl --config - --silent --show-error --fail-with-body --cacert ${CA_DIRECTORY}/ca.crt "$@"; }`,
        `until es --max-time 60 "${base}/_cluster/health?wait_for_status=yellow&timeout=50s" > /dev/null; do echo "waiting for Elasticsearch"; sleep 10; done`,
        ...requests.map(
            (request) =>
                `es -X PUT -H "Content-Type: application/json" --data-binary @${REQUESTS_DIRECTORY}/${request.name}.json "${base}${request.path}" && echo " <- ${request.path}"`,
        ),
        "",
    ].join("\n");
}

/** The ConfigMap's files: the script and one JSON body per request. */
export function setupFiles(requests: readonly SetupRequest[]): Record<string, string> {
    return {
        "setup.sh": setupScript(requests),
        ...Object.fromEntries(requests.map((request) => [`${request.name}.json`, JSON.stringify(request.body, null, 2)])),
    };
}

/**
 * The name of the ConfigMap and Job, after a hash of what they apply: a changed policy is a new Job (a Job's pod
 * template cannot change), and Pulumi replaces the old one; an unchanged policy is the same Job, not re-run.
 */
export function setupName(files: Record<string, string>, image: string): string {
    const hash = createHash("sha256").update(JSON.stringify({ files, image })).digest("hex");
    return `logging-setup-${hash.slice(0, 10)}`;
}

/** The Job's spec: one pod on the system pool, least privilege, reading the `elastic` password from ECK's Secret. */
export function setupJobSpec(name: string, image: string, caConfigMap: string): types.input.batch.v1.JobSpec {
    return {
        backoffLimit: 10,
        // Long enough for a first deploy, where Elasticsearch is still starting when the Job does.
        activeDeadlineSeconds: 3600,
        template: {
            spec: {
                restartPolicy: "OnFailure",
                automountServiceAccountToken: false,
                ...SYSTEM_POOL_PLACEMENT,
                securityContext: { runAsNonRoot: true, runAsUser: 100, seccompProfile: { type: "RuntimeDefault" } },
                containers: [
                    {
                        name: "setup",
                        image,
                        command: ["sh", `${REQUESTS_DIRECTORY}/setup.sh`],
                        env: [{ name: "ELASTIC_PASSWORD", valueFrom: { secretKeyRef: { name: ELASTIC_USER_SECRET, key: "elastic" } } }],
                        volumeMounts: [
                            { name: "requests", mountPath: REQUESTS_DIRECTORY, readOnly: true },
                            { name: "ca", mountPath: CA_DIRECTORY, readOnly: true },
                        ],
                        resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "64Mi" } },
                        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                    },
                ],
                volumes: [
                    { name: "requests", configMap: { name } },
                    { name: "ca", configMap: { name: caConfigMap } },
                ],
            },
        },
    };
}
