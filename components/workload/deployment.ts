import type * as k8s from "@pulumi/kubernetes";
import { sidecarAnnotations } from "./quota";
import { capacityAffinity, topologySpread } from "./scheduling";
import { secretEnv } from "./secrets";
import { podSecurityContext, restrictedContainerSecurityContext } from "./securityContext";
import { applicationLabels, selectorLabels, WorkloadSettings } from "./settings";

/** The container port names the Service, the probes and the ServiceMonitor refer to. */
export const PORT_NAMES = { http: "http", metrics: "http-metrics" } as const;

/** Scratch space on the read-only root filesystem. Bounded: a pod that fills it is evicted, not its node's disk. */
const TMP = { name: "tmp", mountPath: "/tmp", sizeLimit: "256Mi" };

/**
 * The application's Deployment. No `replicas`: the HorizontalPodAutoscaler owns the count (a fixed number here would
 * reset it on every update). Rollouts add pods before removing any, and a pod counts as ready only once its readiness
 * probe passes; a startup probe gives a slow start up to three minutes before liveness checks may restart it.
 */
export function deploymentSpec(settings: WorkloadSettings): k8s.types.input.apps.v1.DeploymentSpec {
    const { application, probes } = settings;
    const selector = selectorLabels(application);
    const probe = (path: string) => ({
        httpGet: { path, port: PORT_NAMES.http },
        periodSeconds: 10,
        timeoutSeconds: 2,
        failureThreshold: 3,
    });
    const ports = [
        { name: PORT_NAMES.http, containerPort: settings.port, protocol: "TCP" },
        ...(settings.metrics ? [{ name: PORT_NAMES.metrics, containerPort: settings.metrics.port, protocol: "TCP" }] : []),
    ];
    return {
        selector: { matchLabels: selector },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
        revisionHistoryLimit: 5,
        template: {
            metadata: {
                labels: applicationLabels(application),
                annotations: {
                    ...sidecarAnnotations(),
                    // The application starts once its sidecar can carry traffic, so its first outbound calls do not fail.
                    "proxy.istio.io/config": JSON.stringify({ holdApplicationUntilProxyStarts: true }),
                    "kubectl.kubernetes.io/default-container": application,
                },
            },
            spec: {
                serviceAccountName: application,
                // The application does not call the Kubernetes API; the sidecar gets its own token from Istio.
                automountServiceAccountToken: false,
                securityContext: podSecurityContext(),
                // Well inside the two minutes' notice of a spot interruption.
                terminationGracePeriodSeconds: 30,
                affinity: capacityAffinity(settings.spot),
                topologySpreadConstraints: topologySpread(selector),
                containers: [
                    {
                        name: application,
                        image: settings.image,
                        imagePullPolicy: "IfNotPresent",
                        ports,
                        ...(Object.keys(settings.env).length > 0 || settings.secrets.length > 0
                            ? {
                                  env: [
                                      ...Object.entries(settings.env).map(([name, value]) => ({ name, value })),
                                      // From the Secret the workload's ExternalSecret writes, named after the application.
                                      ...secretEnv(application, settings.secrets),
                                  ],
                              }
                            : {}),
                        resources: { requests: { ...settings.resources.requests }, limits: { ...settings.resources.limits } },
                        readinessProbe: probe(probes.readinessPath),
                        livenessProbe: probe(probes.livenessPath),
                        startupProbe: { ...probe(probes.livenessPath), periodSeconds: 5, failureThreshold: 36 },
                        // Endpoints and the mesh stop sending new requests before the process is told to stop.
                        lifecycle: { preStop: { sleep: { seconds: 5 } } },
                        securityContext: restrictedContainerSecurityContext(settings.runAsUser),
                        volumeMounts: [{ name: TMP.name, mountPath: TMP.mountPath }],
                    },
                ],
                volumes: [{ name: TMP.name, emptyDir: { sizeLimit: TMP.sizeLimit } }],
            },
        },
    };
}
