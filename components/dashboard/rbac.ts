import { DEVELOPERS_GROUP } from "../cluster/access";
import { DASHBOARD_NAMESPACE, DEVELOPER_ROLES, SIGN_IN_ACCOUNTS } from "./names";

/** One rule of a Role or ClusterRole, as the RBAC API takes it. */
export interface PolicyRule {
    apiGroups: string[];
    resources: string[];
    verbs: string[];
    resourceNames?: string[];
}

/** Who a binding grants its role to. */
export interface Subject {
    kind: "Group" | "ServiceAccount";
    name: string;
    apiGroup?: string;
    namespace?: string;
}

const READ = ["get", "list", "watch"];

/**
 * What a developer may read in an application's namespace, and nothing more: workloads, their pods and logs, events,
 * configuration, networking, autoscaling, and the platform's objects an application owns (routes, mesh policies,
 * metrics scrapes, secret references, canaries). Not Secrets (reading one reveals it), and no subresource that acts on
 * a pod (exec, attach, port-forward): an explicit list rather than the built-in `view` role, so that a CRD chart
 * aggregating into `view` cannot widen it unseen.
 */
export function developerReadOnlyRules(): PolicyRule[] {
    return [
        {
            apiGroups: [""],
            resources: [
                "pods",
                "pods/log",
                "services",
                "endpoints",
                "configmaps",
                "persistentvolumeclaims",
                "serviceaccounts",
                "events",
                "resourcequotas",
                "limitranges",
                "replicationcontrollers",
            ],
            verbs: READ,
        },
        {
            apiGroups: ["apps"],
            resources: ["deployments", "replicasets", "statefulsets", "daemonsets", "controllerrevisions"],
            verbs: READ,
        },
        { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: READ },
        { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: READ },
        { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: READ },
        { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: READ },
        { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
        { apiGroups: ["events.k8s.io"], resources: ["events"], verbs: READ },
        // Headlamp's CPU and memory figures for pods.
        { apiGroups: ["metrics.k8s.io"], resources: ["pods"], verbs: READ },
        { apiGroups: ["networking.istio.io"], resources: ["virtualservices", "destinationrules"], verbs: READ },
        { apiGroups: ["security.istio.io"], resources: ["peerauthentications", "authorizationpolicies"], verbs: READ },
        { apiGroups: ["monitoring.coreos.com"], resources: ["servicemonitors", "podmonitors", "prometheusrules"], verbs: READ },
        // An ExternalSecret names where a secret comes from, never its value.
        { apiGroups: ["external-secrets.io"], resources: ["externalsecrets"], verbs: READ },
        { apiGroups: ["flagger.app"], resources: ["canaries"], verbs: READ },
    ];
}

/**
 * Listing namespaces, cluster-wide: Headlamp fills its namespace picker from it, and without it a user who may read
 * only some namespaces sees an empty dashboard. It reveals namespace names (the applications'), nothing in them.
 */
export function namespaceListRules(): PolicyRule[] {
    return [{ apiGroups: [""], resources: ["namespaces"], verbs: READ }];
}

/** Requesting a token for one service account only: `kubectl create token <account>`. */
export function tokenRequestRules(account: string): PolicyRule[] {
    return [{ apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"], resourceNames: [account] }];
}

/** The RoleBinding that lets developers read an application's namespace: Berth's read-only ClusterRole, in that namespace. */
export const DEVELOPER_BINDING = "developers-read-only";

/** What `DEVELOPER_BINDING` grants in one namespace, as the RBAC API takes it. */
export function developerReadOnlyBinding(namespace: string, labels: Record<string, string>) {
    return {
        metadata: { name: DEVELOPER_BINDING, namespace, labels },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: DEVELOPER_ROLES.readOnly },
        subjects: developerSubjects(),
    };
}

/** The developers' IAM roles (through their access entries' group), and the service account they sign in to Headlamp as. */
export function developerSubjects(): Subject[] {
    return [
        { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: DEVELOPERS_GROUP },
        { kind: "ServiceAccount", name: SIGN_IN_ACCOUNTS.developer, namespace: DASHBOARD_NAMESPACE },
    ];
}
