import { SYSTEM_POOL_PLACEMENT } from "../lib/placement";
import { HEADLAMP_POD_LABELS } from "./names";

export interface HeadlampSettings {
    /** Headlamp pods; above one they spread over zones and keep one up through a node drain. */
    replicas: number;
    /** How long a sign-in lasts, in hours (the session cookie's lifetime; the token's own expiry ends it earlier). */
    sessionTtlHours: number;
}

/**
 * Headlamp's Helm values: in-cluster, every request made with the signed-in user's own token, never the pod's (so the
 * pod's service account gets no role at all, where the chart would make it cluster-admin), no OIDC Secret (the chart
 * otherwise creates an empty one), a locked-down container on the system pool.
 */
export function headlampValues({ replicas, sessionTtlHours }: HeadlampSettings): Record<string, unknown> {
    const spread =
        replicas > 1
            ? {
                  podDisruptionBudget: { enabled: true, minAvailable: 1, maxUnavailable: null },
                  topologySpreadConstraints: [
                      {
                          maxSkew: 1,
                          topologyKey: "topology.kubernetes.io/zone",
                          whenUnsatisfiable: "ScheduleAnyway",
                          labelSelector: { matchLabels: { ...HEADLAMP_POD_LABELS } },
                      },
                  ],
              }
            : {};
    return {
        replicaCount: replicas,
        config: {
            inCluster: true,
            sessionTTL: sessionTtlHours * 3600,
            unsafeUseServiceAccountToken: false,
            oidc: { secret: { create: false } },
        },
        clusterRoleBinding: { create: false },
        podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } },
        // The chart's own user and group; with a read-only root it mounts an emptyDir at /tmp itself.
        securityContext: {
            runAsNonRoot: true,
            runAsUser: 100,
            runAsGroup: 101,
            privileged: false,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
        },
        resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } },
        ...SYSTEM_POOL_PLACEMENT,
        ...spread,
    };
}
