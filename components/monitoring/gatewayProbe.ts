import type * as k8s from "@pulumi/kubernetes";
import { SYSTEM_POOL_PLACEMENT } from "../lib/placement";
import { IMAGES } from "../lib/versions";
import { GATEWAY_PROBE_JOB } from "./rules";

/** The blackbox exporter's objects: Deployment, Service and ConfigMap share the name. */
export const BLACKBOX = { name: "blackbox-exporter", port: 9115, module: "gateway_tls" } as const;
const LABELS = { "app.kubernetes.io/name": BLACKBOX.name };

/** A gateway's TLS endpoint to probe: its load balancer, and a host name its certificate is for. */
export interface GatewayEndpoint {
    /** host:port of the gateway's load balancer, e.g. "k8s-...elb.amazonaws.com:443". */
    address: string;
    /** The name sent as SNI: one the gateway serves (for "*.apps.example.com", any name under it). */
    serverName: string;
}

/**
 * The exporter's configuration: one module that opens TLS to the gateway and reports the certificate chain's
 * earliest expiry. It does not verify the chain: an expired certificate must still report its date, not fail the
 * probe without one.
 */
export function blackboxConfig(serverName: string): string {
    return JSON.stringify({
        modules: {
            [BLACKBOX.module]: {
                prober: "tcp",
                timeout: "10s",
                tcp: { tls: true, tls_config: { server_name: serverName, insecure_skip_verify: true } },
            },
        },
    });
}

/** The exporter's Deployment: one small replica on the system pool; a missed probe only delays a days-ahead warning. */
export function blackboxDeploymentSpec(configMapName: string): k8s.types.input.apps.v1.DeploymentSpec {
    return {
        replicas: 1,
        selector: { matchLabels: LABELS },
        template: {
            metadata: { labels: LABELS },
            spec: {
                ...SYSTEM_POOL_PLACEMENT,
                securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: "RuntimeDefault" } },
                containers: [
                    {
                        name: "blackbox-exporter",
                        image: IMAGES.blackboxExporter,
                        args: ["--config.file=/config/blackbox.yml"],
                        ports: [{ name: "http", containerPort: BLACKBOX.port }],
                        readinessProbe: { httpGet: { path: "/-/healthy", port: "http" } },
                        resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
                        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                        volumeMounts: [{ name: "config", mountPath: "/config" }],
                    },
                ],
                volumes: [{ name: "config", configMap: { name: configMapName } }],
            },
        },
    };
}

/** The exporter's Service, which the Probe sends Prometheus to. */
export function blackboxServiceSpec(): Record<string, unknown> {
    return { selector: LABELS, ports: [{ name: "http", port: BLACKBOX.port, targetPort: "http", protocol: "TCP" }] };
}

/** The Probe: Prometheus asks the exporter to check the gateway every five minutes, as job gateway-tls. */
export function gatewayProbeSpec(exporterHost: string, address: string): Record<string, unknown> {
    return {
        jobName: GATEWAY_PROBE_JOB,
        interval: "5m",
        module: BLACKBOX.module,
        prober: { url: `${exporterHost}:${BLACKBOX.port}` },
        targets: { staticConfig: { static: [address] } },
    };
}
