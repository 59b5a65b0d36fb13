/** Where alerts go: a Slack channel's incoming webhook, a PagerDuty service's Events API v2 integration, or both. */
export interface AlertReceivers {
    /** Warnings (and critical alerts when there is no PagerDuty) go to Slack. */
    slack?: {
        /** The channel to post to, when not the webhook's own. @default the webhook's channel */
        channel?: string;
    };
    /** Critical alerts page through PagerDuty. */
    pagerDuty?: boolean;
}

/**
 * The Secret holding the receivers' credentials, mounted into every Alertmanager pod by the operator at
 * /etc/alertmanager/secrets/<name>/<key>: the configuration names the files, so no credential is ever part of the
 * Helm values, the plan or the configuration Secret the chart renders.
 */
export const RECEIVER_SECRET = {
    name: "alertmanager-receivers",
    slackWebhookKey: "slack-webhook-url",
    pagerDutyKey: "pagerduty-routing-key",
};
const mounted = (key: string) => `/etc/alertmanager/secrets/${RECEIVER_SECRET.name}/${key}`;

/** The receiver that drops what it gets: alerts shown in Alertmanager and Grafana, sent nowhere. */
export const NOWHERE = "null";

/** Alerts that inhibit others or keep the pipeline alive; never sent to a person. */
const PLUMBING_ALERTS = ["Watchdog", "InfoInhibitor"];

/** The alert raised when a node stops being Ready: while it fires, every alert about something on that node is held back. */
export const NODE_DOWN_ALERT = "BerthNodeNotReady";

const SLACK_TITLE = "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} on {{ .CommonLabels.cluster }}";
const SLACK_TEXT =
    "{{ range .Alerts }}*{{ .Labels.severity }}*: {{ .Annotations.summary }} (<{{ .Annotations.runbook_url }}|runbook>)\n{{ end }}";
const PAGERDUTY_DESCRIPTION = "{{ .CommonLabels.alertname }} on {{ .CommonLabels.cluster }}: {{ .CommonAnnotations.summary }}";

/**
 * The Alertmanager configuration of one cluster. Routing by severity: critical alerts page (PagerDuty, else Slack),
 * warnings go to Slack, info alerts and the plumbing alerts go nowhere; anything else falls to Slack so that a new
 * severity is seen rather than lost. Inhibition: a critical alert holds back the warnings and infos of the same alert
 * in the same namespace, and a node that is not Ready holds back every alert that names that node, so one node outage
 * pages once.
 */
export function alertmanagerConfig(receivers: AlertReceivers): Record<string, unknown> {
    const slack = receivers.slack ? "slack" : undefined;
    const pagerDuty = receivers.pagerDuty ? "pagerduty" : undefined;
    const definitions: Record<string, unknown>[] = [{ name: NOWHERE }];
    if (receivers.slack) {
        definitions.push({
            name: "slack",
            slack_configs: [
                {
                    api_url_file: mounted(RECEIVER_SECRET.slackWebhookKey),
                    ...(receivers.slack.channel ? { channel: receivers.slack.channel } : {}),
                    send_resolved: true,
                    title: SLACK_TITLE,
                    text: SLACK_TEXT,
                },
            ],
        });
    }
    if (receivers.pagerDuty) {
        definitions.push({
            name: "pagerduty",
            pagerduty_configs: [
                { routing_key_file: mounted(RECEIVER_SECRET.pagerDutyKey), send_resolved: true, description: PAGERDUTY_DESCRIPTION },
            ],
        });
    }
    return {
        global: { resolve_timeout: "5m" },
        route: {
            receiver: slack ?? NOWHERE,
            group_by: ["cluster", "namespace", "alertname"],
            group_wait: "30s",
            group_interval: "5m",
            repeat_interval: "12h",
            routes: [
                { receiver: NOWHERE, matchers: [`alertname =~ "${PLUMBING_ALERTS.join("|")}"`] },
                // A page that is not acknowledged comes back sooner than a warning does.
                { receiver: pagerDuty ?? slack ?? NOWHERE, matchers: ['severity = "critical"'], repeat_interval: "4h" },
                { receiver: slack ?? NOWHERE, matchers: ['severity = "warning"'] },
                { receiver: NOWHERE, matchers: ['severity =~ "info|none"'] },
            ],
        },
        inhibit_rules: [
            {
                source_matchers: ['severity = "critical"'],
                target_matchers: ['severity =~ "warning|info"'],
                equal: ["cluster", "namespace", "alertname"],
            },
            {
                source_matchers: [`alertname = "${NODE_DOWN_ALERT}"`],
                target_matchers: [`alertname != "${NODE_DOWN_ALERT}"`],
                equal: ["cluster", "node"],
            },
            { source_matchers: ['alertname = "InfoInhibitor"'], target_matchers: ['severity = "info"'], equal: ["cluster", "namespace"] },
        ],
        receivers: definitions,
        templates: ["/etc/alertmanager/config/*.tmpl"],
    };
}
