import { SHIPPER_NAMESPACE } from "./names";

/** Where the shipper keeps its read positions and its disk buffer on each node, across restarts. */
const STATE_DIRECTORY = "/var/fluent-bit/state";
const CA_DIRECTORY = "/fluent-bit/etc/elasticsearch-ca";
const PASSWORD_VARIABLE = "BERTH_ES_PASSWORD";

export interface FluentBitValuesArgs {
    /** The cluster's name: every record carries it as `cluster`. */
    clusterName: string;
    /** Elasticsearch's address as this cluster reaches it, and its port. */
    host: string;
    port: number;
    /** The file-realm user of this cluster's shipper. */
    username: string;
    /** The Secret (in the shipper's namespace) and key holding that user's password. */
    passwordSecret: { name: string; key: string };
    /** The ConfigMap holding ca.crt, the CA that signed Elasticsearch's certificate. */
    caConfigMap: string;
    /** A digest of that CA: when the CA is replaced, the pods restart and read the new one. */
    caDigest: string;
    /** The data stream this cluster writes to. */
    dataStream: string;
    /** Namespaces whose container logs are not shipped (the shipper's own always are not). */
    excludeNamespaces: readonly string[];
    /** Disk buffer per node while Elasticsearch is unreachable; beyond it the oldest chunks are dropped. */
    bufferMiB: number;
}

/**
 * Helm values of the fluent-bit chart for one cluster: a DaemonSet on every node (system pool and tainted pools
 * included) that tails container and kubelet logs, joins multi-line stack traces, adds Kubernetes metadata and the
 * cluster name, and sends to Elasticsearch over TLS it verifies, as the cluster's own user. The password is read
 * from a Secret through an environment variable: it never appears in the values or the rendered config.
 */
export function fluentBitValues(args: FluentBitValuesArgs): Record<string, unknown> {
    const excluded = [SHIPPER_NAMESPACE, ...args.excludeNamespaces].map((namespace) => `/var/log/containers/*_${namespace}_*.log`);
    return {
        kind: "DaemonSet",
        // The chart's test pod pulls busybox:latest from Docker Hub; a release needs no test.
        testFramework: { enabled: false },
        // A node whose logs are not collected is a blind spot: run on every node, whatever its taints.
        tolerations: [{ operator: "Exists" }],
        priorityClassName: "system-node-critical",
        logLevel: "warn",
        podAnnotations: { "berth.dev/elasticsearch-ca": args.caDigest },
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
        env: [{ name: PASSWORD_VARIABLE, valueFrom: { secretKeyRef: { name: args.passwordSecret.name, key: args.passwordSecret.key } } }],
        extraVolumes: [
            { name: "elasticsearch-ca", configMap: { name: args.caConfigMap } },
            { name: "state", hostPath: { path: STATE_DIRECTORY, type: "DirectoryOrCreate" } },
        ],
        extraVolumeMounts: [
            { name: "elasticsearch-ca", mountPath: CA_DIRECTORY, readOnly: true },
            { name: "state", mountPath: STATE_DIRECTORY },
        ],
        config: {
            service: [
                "[SERVICE]",
                "    Daemon Off",
                "    Flush {{ .Values.flush }}",
                "    Log_Level {{ .Values.logLevel }}",
                "    Parsers_File /fluent-bit/etc/parsers.conf",
                "    Parsers_File /fluent-bit/etc/conf/custom_parsers.conf",
                "    HTTP_Server On",
                "    HTTP_Listen 0.0.0.0",
                "    HTTP_Port {{ .Values.metricsPort }}",
                "    Health_Check On",
                // Chunks go to disk, so a restart or an Elasticsearch outage loses nothing within the buffer.
                `    storage.path ${STATE_DIRECTORY}/buffer`,
                "    storage.sync normal",
                "    storage.backlog.mem_limit 16M",
                "",
            ].join("\n"),
            inputs: [
                "[INPUT]",
                "    Name tail",
                "    Path /var/log/containers/*.log",
                `    Exclude_Path ${excluded.join(",")}`,
                // Reassembles lines the container runtime split (docker and containerd formats).
                "    multiline.parser docker, cri",
                "    Tag kube.*",
                `    DB ${STATE_DIRECTORY}/tail-containers.db`,
                "    DB.locking true",
                "    Mem_Buf_Limit 50MB",
                "    Skip_Long_Lines On",
                "    storage.type filesystem",
                "",
                "[INPUT]",
                "    Name systemd",
                "    Tag host.*",
                "    Systemd_Filter _SYSTEMD_UNIT=kubelet.service",
                "    Read_From_Tail On",
                `    DB ${STATE_DIRECTORY}/systemd.db`,
                "    storage.type filesystem",
                "",
            ].join("\n"),
            filters: [
                // Application stack traces (Go panics, Java and Python exceptions) become one record, not one per line.
                "[FILTER]",
                "    Name multiline",
                "    Match kube.*",
                "    multiline.key_content log",
                "    multiline.parser go, java, python",
                "",
                "[FILTER]",
                "    Name kubernetes",
                "    Match kube.*",
                // A JSON log line's fields go under one key, so that two applications' fields do not collide at the top.
                "    Merge_Log On",
                "    Merge_Log_Key log_processed",
                "    Keep_Log Off",
                "    K8S-Logging.Parser On",
                "    K8S-Logging.Exclude On",
                "    Labels On",
                // Annotations are mostly tooling noise and are stored with every line: left out to save storage.
                "    Annotations Off",
                "    Buffer_Size 0",
                "",
                "[FILTER]",
                "    Name modify",
                "    Match *",
                `    Add cluster ${args.clusterName}`,
                "",
            ].join("\n"),
            outputs: [
                "[OUTPUT]",
                "    Name es",
                "    Match *",
                `    Host ${args.host}`,
                `    Port ${args.port}`,
                `    HTTP_User ${args.username}`,
                `    HTTP_Passwd \${${PASSWORD_VARIABLE}}`,
                "    tls On",
                "    tls.verify On",
                "    tls.verify_hostname On",
                `    tls.ca_file ${CA_DIRECTORY}/ca.crt`,
                `    Index ${args.dataStream}`,
                // Data streams take only "create", and Elasticsearch 8+ has no mapping types.
                "    Write_Operation create",
                "    Suppress_Type_Name On",
                // Kubernetes labels such as app.kubernetes.io/name would otherwise clash with an object `app`.
                "    Replace_Dots On",
                // Compressed bulk requests: a spoke's logs cross the peering, which AWS bills per GB.
                "    Compress gzip",
                "    Retry_Limit no_limits",
                `    storage.total_limit_size ${args.bufferMiB}M`,
                "",
            ].join("\n"),
        },
    };
}
