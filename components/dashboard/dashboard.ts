import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { refuseBadArgs } from "../lib/argProblems";
import { AddonCluster, addonRelease } from "../lib/helm";
import { CHARTS } from "../lib/versions";
import { webUiEntrance } from "../lib/webUiEntrance";
import { DashboardAccess } from "./access";
import { headlampValues } from "./headlampValues";
import {
    DASHBOARD_NAMESPACE,
    DEVELOPER_ROLES,
    HEADLAMP_CONTAINER_PORT,
    HEADLAMP_POD_LABELS,
    HEADLAMP_RELEASE,
    HEADLAMP_SERVICE,
    SIGN_IN_ACCOUNTS,
} from "./names";
import { developerReadOnlyRules, developerSubjects, namespaceListRules, tokenRequestRules } from "./rbac";
import { dashboardArgProblems } from "./validate";

/** What the dashboard needs from its cluster. */
export interface DashboardCluster extends AddonCluster {
    clusterName: string;
}

export interface DashboardArgs {
    cluster: DashboardCluster;
    /** How people reach Headlamp: an internal load balancer, or a host on the cluster's gateway. */
    access: DashboardAccess;
    /** Headlamp pods. @default 2 */
    replicas?: number;
    /** How long a sign-in lasts, in hours, unless the token expires first. @default 8 */
    sessionTtlHours?: number;
}

const RBAC = "rbac.authorization.k8s.io";

/**
 * The cluster's Kubernetes dashboard: Headlamp, reached on an internal load balancer or through the cluster's gateway,
 * never public on its own. Everyone signs in with a token of their own, and sees exactly what Kubernetes RBAC lets
 * that token see (Headlamp's own service account has no role):
 * - developers, whose IAM roles map to the group DEVELOPERS_GROUP, read their applications' namespaces (no Secrets,
 *   no exec) and may request a token for the `developer` service account, which has the same rights, to sign in;
 *   each Workload binds the ClusterRole defined here in its own namespace (`developerReadOnlyBinding`), so that an
 *   application deployed by its own stack is readable as well;
 * - the platform team, the cluster's admins, request a token for `platform-admin`, bound to cluster-admin.
 */
export class Dashboard extends pulumi.ComponentResource {
    /** Where Headlamp answers: "http://<internal NLB>" or "http(s)://<host>". */
    readonly url: pulumi.Output<string>;
    /** The namespace of Headlamp and of the sign-in service accounts. */
    readonly namespace: string;

    constructor(name: string, args: DashboardArgs, opts: pulumi.ComponentResourceOptions = {}) {
        refuseBadArgs("berth:dashboard:Dashboard", name, dashboardArgProblems(args));
        super("berth:dashboard:Dashboard", name, {}, opts);
        const { cluster, access } = args;
        const inCluster = (dependsOn: pulumi.Resource[]) => ({ parent: this, provider: cluster.kubernetesProvider, dependsOn });

        // Outside the mesh on purpose: the load balancer sends plain HTTP to the pods, which a sidecar under STRICT mTLS would refuse.
        const namespace = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            { metadata: { name: DASHBOARD_NAMESPACE, labels: { "istio-injection": "disabled" } } },
            inCluster(cluster.readyForAddons),
        );
        const release = addonRelease(
            `${name}-headlamp`,
            {
                releaseName: HEADLAMP_RELEASE,
                chart: CHARTS.headlamp,
                namespace: DASHBOARD_NAMESPACE,
                values: headlampValues({ replicas: args.replicas ?? 2, sessionTtlHours: args.sessionTtlHours ?? 8 }),
                cluster,
                dependsOn: [namespace],
            },
            this,
        );

        const inNamespace = inCluster([namespace]);
        for (const account of Object.values(SIGN_IN_ACCOUNTS)) {
            new k8s.core.v1.ServiceAccount(
                `${name}-${account}`,
                // Only tokens requested for it sign in; no pod runs as it.
                { metadata: { name: account, namespace: DASHBOARD_NAMESPACE }, automountServiceAccountToken: false },
                inNamespace,
            );
        }
        new k8s.rbac.v1.ClusterRole(
            `${name}-developer-read-only`,
            { metadata: { name: DEVELOPER_ROLES.readOnly }, rules: developerReadOnlyRules() },
            inCluster(cluster.readyForAddons),
        );
        const namespaces = new k8s.rbac.v1.ClusterRole(
            `${name}-developer-namespaces`,
            { metadata: { name: DEVELOPER_ROLES.namespaces }, rules: namespaceListRules() },
            inCluster(cluster.readyForAddons),
        );
        new k8s.rbac.v1.ClusterRoleBinding(
            `${name}-developer-namespaces`,
            {
                metadata: { name: DEVELOPER_ROLES.namespaces },
                roleRef: { apiGroup: RBAC, kind: "ClusterRole", name: DEVELOPER_ROLES.namespaces },
                subjects: developerSubjects(),
            },
            inCluster([namespaces]),
        );
        const tokenRole = new k8s.rbac.v1.Role(
            `${name}-developer-sign-in`,
            {
                metadata: { name: "developer-sign-in", namespace: DASHBOARD_NAMESPACE },
                rules: tokenRequestRules(SIGN_IN_ACCOUNTS.developer),
            },
            inNamespace,
        );
        new k8s.rbac.v1.RoleBinding(
            `${name}-developer-sign-in`,
            {
                metadata: { name: "developer-sign-in", namespace: DASHBOARD_NAMESPACE },
                roleRef: { apiGroup: RBAC, kind: "Role", name: "developer-sign-in" },
                // The group only: the service account must not mint tokens for itself, outliving the one it was given.
                subjects: developerSubjects().filter((subject) => subject.kind === "Group"),
            },
            inCluster([tokenRole]),
        );
        new k8s.rbac.v1.ClusterRoleBinding(
            `${name}-platform-admin`,
            {
                metadata: { name: "berth:dashboard-platform-admin" },
                roleRef: { apiGroup: RBAC, kind: "ClusterRole", name: "cluster-admin" },
                subjects: [{ kind: "ServiceAccount", name: SIGN_IN_ACCOUNTS.admin, namespace: DASHBOARD_NAMESPACE }],
            },
            inNamespace,
        );
        this.url = webUiEntrance({
            access,
            resourceNames: { route: `${name}-route`, loadBalancer: `${name}-nlb` },
            name: "headlamp",
            namespace: DASHBOARD_NAMESPACE,
            service: HEADLAMP_SERVICE,
            pods: { selector: HEADLAMP_POD_LABELS, port: HEADLAMP_CONTAINER_PORT },
            options: (dependsOn) => inCluster([release, ...dependsOn]),
        });
        this.namespace = DASHBOARD_NAMESPACE;
        this.registerOutputs({ url: this.url, namespace: this.namespace });
    }
}
