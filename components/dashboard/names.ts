/** Where Headlamp and the dashboard's service accounts live. */
export const DASHBOARD_NAMESPACE = "dashboard";

/** Headlamp's release name. The chart names its Service and pods after it (release name contains the chart name). */
export const HEADLAMP_RELEASE = "headlamp";

/** The chart's Service in front of Headlamp: port 80 to the pods' 4466 (`service.port`, templates/service.yaml). */
export const HEADLAMP_SERVICE = { name: HEADLAMP_RELEASE, port: 80 } as const;

/** Headlamp's container port (templates/deployment.yaml, port "http"). */
export const HEADLAMP_CONTAINER_PORT = 4466;

/** The labels the chart gives Headlamp's pods (`headlamp.selectorLabels`). */
export const HEADLAMP_POD_LABELS = {
    "app.kubernetes.io/name": "headlamp",
    "app.kubernetes.io/instance": HEADLAMP_RELEASE,
} as const;

/**
 * The service accounts people sign in to Headlamp as, with a token they request for it (`kubectl create token`):
 * developers may request one for `developer` only; `platform-admin` is for the cluster's admins.
 */
export const SIGN_IN_ACCOUNTS = { developer: "developer", admin: "platform-admin" } as const;

/** Berth's ClusterRoles for developers: read-only access to a namespace, and the list of namespaces Headlamp's picker shows. */
export const DEVELOPER_ROLES = { readOnly: "berth:developer-read-only", namespaces: "berth:developer-namespaces" } as const;
