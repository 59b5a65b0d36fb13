import type * as k8s from "@pulumi/kubernetes";

/**
 * The application container's security context: Kubernetes' "restricted" Pod Security Standard. The process runs as
 * a non-root user, cannot gain privileges, has no Linux capabilities, cannot write its image's files (scratch space is
 * the `/tmp` volume) and runs under the container runtime's default seccomp profile.
 */
export function restrictedContainerSecurityContext(runAsUser: number | undefined): k8s.types.input.core.v1.SecurityContext {
    return {
        runAsNonRoot: true,
        ...(runAsUser !== undefined ? { runAsUser } : {}),
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/**
 * The pod's: the default seccomp profile for every container, the injected sidecar's too. Non-root is set on the
 * application's container only, since Istio's init container must run as root to redirect the pod's traffic.
 */
export function podSecurityContext(): k8s.types.input.core.v1.PodSecurityContext {
    return { seccompProfile: { type: "RuntimeDefault" } };
}
