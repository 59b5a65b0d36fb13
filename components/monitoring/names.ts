/**
 * Names the monitoring objects share, derived from the release name the way kube-prometheus-stack 88.5.3 derives them
 * (templates/_helpers.tpl: a release name that contains the chart name is the full name).
 */

/** The namespace every monitoring object of a cluster lives in. */
export const MONITORING_NAMESPACE = "monitoring";

/** The Helm release of kube-prometheus-stack on every cluster. */
export const STACK_RELEASE = "kube-prometheus-stack";

/** The chart's Grafana Service (the grafana subchart's full name) and the labels of its pods. */
export const GRAFANA_SERVICE = `${STACK_RELEASE}-grafana`;
export const GRAFANA_POD_LABELS = { "app.kubernetes.io/name": "grafana", "app.kubernetes.io/instance": STACK_RELEASE } as const;

/** The Secret Grafana reads its admin user and password from (chart value grafana.admin.existingSecret). */
export const GRAFANA_ADMIN_SECRET = { name: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" } as const;

/** The Prometheus object Berth declares on the hub to receive every cluster's series. */
export const RECEIVER_NAME = "metrics-receiver";

/** Prometheus's HTTP port: queries, and remote-write on the receiver. */
export const PROMETHEUS_PORT = 9090;
