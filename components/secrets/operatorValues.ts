import { SYSTEM_POOL_PLACEMENT } from "../lib/placement";
import { OPERATOR_ACCOUNT } from "./names";

/** Requests and limits of the operator's three deployments: small, and bounded so that a leak evicts the pod, not a neighbour. */
const CONTROLLER_RESOURCES = { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } };
const HELPER_RESOURCES = { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "256Mi" } };

/**
 * Helm values of the external-secrets chart: the controller runs as the IRSA role's service account, every pod on the
 * system pool. With more than one replica, the controller elects a leader (two active controllers would race on every
 * Secret), the webhook that validates ExternalSecrets runs as many replicas, and both keep one pod through a node drain.
 * PushSecret and ClusterPushSecret are off: the role cannot write to Secrets Manager, so they could only fail.
 */
export function externalSecretsValues(roleArn: string, replicas: number): Record<string, unknown> {
    const highlyAvailable = replicas > 1;
    const disruptionBudget = { enabled: highlyAvailable, minAvailable: 1 };
    return {
        installCRDs: true,
        crds: { createPushSecret: false, createClusterPushSecret: false },
        processPushSecret: false,
        processClusterPushSecret: false,
        replicaCount: replicas,
        leaderElect: highlyAvailable,
        serviceAccount: {
            create: true,
            name: OPERATOR_ACCOUNT.name,
            annotations: { "eks.amazonaws.com/role-arn": roleArn },
        },
        resources: CONTROLLER_RESOURCES,
        podDisruptionBudget: disruptionBudget,
        ...SYSTEM_POOL_PLACEMENT,
        webhook: {
            replicaCount: replicas,
            resources: HELPER_RESOURCES,
            podDisruptionBudget: disruptionBudget,
            ...SYSTEM_POOL_PLACEMENT,
        },
        // One is enough: it only renews the webhook's certificate, and a gap of minutes delays nothing.
        certController: { replicaCount: 1, resources: HELPER_RESOURCES, ...SYSTEM_POOL_PLACEMENT },
    };
}
