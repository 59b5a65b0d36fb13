import { expect } from "chai";
import { alertmanagerConfig, AlertReceivers } from "../../../components/monitoring";

type Labels = Record<string, string>;
interface Route {
    receiver: string;
    matchers?: string[];
    continue?: boolean;
    routes?: Route[];
}
interface Inhibition {
    source_matchers: string[];
    target_matchers: string[];
    equal: string[];
}

/** One Alertmanager matcher (`name = "value"`, `!=`, `=~`, `!~`; regexes anchored) against an alert's labels. */
function matches(matcher: string, labels: Labels): boolean {
    const parsed = /^(\w+)\s*(=~|!~|!=|=)\s*"(.*)"$/.exec(matcher);
    if (!parsed) throw new Error(`not a matcher: ${matcher}`);
    const [, name, op, value] = parsed;
    const actual = labels[name] ?? "";
    switch (op) {
        case "=":
            return actual === value;
        case "!=":
            return actual !== value;
        case "=~":
            return new RegExp(`^(?:${value})$`).test(actual);
        default:
            return !new RegExp(`^(?:${value})$`).test(actual);
    }
}

/** The receivers an alert is sent to, walking the routing tree as Alertmanager does (first match, unless `continue`). */
function receiversOf(route: Route, labels: Labels): string[] {
    const found: string[] = [];
    for (const child of route.routes ?? []) {
        if ((child.matchers ?? []).every((matcher) => matches(matcher, labels))) {
            found.push(...receiversOf(child, labels));
            if (!child.continue) break;
        }
    }
    return found.length > 0 ? found : [route.receiver];
}

/** Whether `target` is held back while `firing` alerts fire, by the configuration's inhibition rules. */
function inhibited(rules: Inhibition[], target: Labels, firing: Labels[]): boolean {
    return rules.some(
        (rule) =>
            rule.target_matchers.every((matcher) => matches(matcher, target)) &&
            firing.some(
                (source) =>
                    source !== target &&
                    rule.source_matchers.every((matcher) => matches(matcher, source)) &&
                    rule.equal.every((label) => (source[label] ?? "") === (target[label] ?? "")),
            ),
    );
}

const routeFor = (receivers: AlertReceivers) => alertmanagerConfig(receivers).route as Route;
const alert = (alertname: string, severity: string, extra: Labels = {}): Labels => ({
    alertname,
    severity,
    cluster: "prod-euw1",
    ...extra,
});

describe("Alertmanager configuration", () => {
    it("pages critical alerts, posts warnings to Slack and sends info and the pipeline's own alerts nowhere", () => {
        const route = routeFor({ slack: { channel: "#platform-alerts" }, pagerDuty: true });
        expect(receiversOf(route, alert("BerthNodeNotReady", "critical"))).to.deep.equal(["pagerduty"]);
        expect(receiversOf(route, alert("BerthPodCrashLooping", "warning"))).to.deep.equal(["slack"]);
        expect(receiversOf(route, alert("KubeQuotaAlmostFull", "info"))).to.deep.equal(["null"]);
        expect(receiversOf(route, alert("Watchdog", "none"))).to.deep.equal(["null"]);
        expect(receiversOf(route, alert("InfoInhibitor", "none"))).to.deep.equal(["null"]);
        // A severity nobody planned for is still seen.
        expect(receiversOf(route, alert("SomethingNew", "major"))).to.deep.equal(["slack"]);
    });

    it("pages through Slack when there is no PagerDuty, and keeps warnings off the pager when there is no Slack", () => {
        expect(receiversOf(routeFor({ slack: {} }), alert("BerthNodeNotReady", "critical"))).to.deep.equal(["slack"]);
        const pagerOnly = routeFor({ pagerDuty: true });
        expect(receiversOf(pagerOnly, alert("BerthNodeNotReady", "critical"))).to.deep.equal(["pagerduty"]);
        expect(receiversOf(pagerOnly, alert("BerthPodCrashLooping", "warning"))).to.deep.equal(["null"]);
        const none = routeFor({});
        for (const severity of ["critical", "warning", "info"]) {
            expect(receiversOf(none, alert("BerthNodeNotReady", severity)), severity).to.deep.equal(["null"]);
        }
    });

    it("reads the receivers' credentials from the mounted Secret's files, never from the configuration", () => {
        const config = alertmanagerConfig({ slack: { channel: "#platform-alerts" }, pagerDuty: true });
        const receivers = config.receivers as Record<string, any>[];
        expect(receivers.map((receiver) => receiver.name)).to.deep.equal(["null", "slack", "pagerduty"]);
        const [slack] = receivers[1].slack_configs;
        expect(slack).to.include({
            api_url_file: "/etc/alertmanager/secrets/alertmanager-receivers/slack-webhook-url",
            channel: "#platform-alerts",
        });
        expect(slack).to.not.have.property("api_url");
        const [pagerDuty] = receivers[2].pagerduty_configs;
        expect(pagerDuty).to.include({ routing_key_file: "/etc/alertmanager/secrets/alertmanager-receivers/pagerduty-routing-key" });
        expect(pagerDuty).to.not.have.property("routing_key");
        expect(alertmanagerConfig({}).receivers).to.deep.equal([{ name: "null" }]);
    });

    it("pages once for a node outage: the node's alert holds back every alert about something on that node", () => {
        const rules = alertmanagerConfig({ pagerDuty: true }).inhibit_rules as Inhibition[];
        const nodeDown = alert("BerthNodeNotReady", "critical", { node: "ip-10-20-1-7" });
        const onThatNode = alert("BerthPodCrashLooping", "warning", { node: "ip-10-20-1-7", namespace: "shop", pod: "web-1" });
        const elsewhere = alert("BerthPodCrashLooping", "warning", { node: "ip-10-20-2-9", namespace: "shop", pod: "web-2" });
        const otherCluster = { ...onThatNode, cluster: "prod-use1" };
        const noNode = alert("BerthPlatformAddonDown", "critical", { namespace: "kube-system", deployment: "coredns" });
        const firing = [nodeDown, onThatNode, elsewhere, otherCluster, noNode];
        expect(inhibited(rules, onThatNode, firing)).to.equal(true);
        expect(inhibited(rules, elsewhere, firing)).to.equal(false);
        expect(inhibited(rules, otherCluster, firing)).to.equal(false);
        expect(inhibited(rules, noNode, firing)).to.equal(false);
        expect(inhibited(rules, nodeDown, firing)).to.equal(false);
    });

    it("holds back the warning of an alert while its critical version fires in the same namespace", () => {
        const rules = alertmanagerConfig({}).inhibit_rules as Inhibition[];
        const critical = alert("BerthVolumeAlmostFull", "critical", { namespace: "shop", persistentvolumeclaim: "data" });
        const warning = { ...critical, severity: "warning" };
        const otherNamespace = { ...warning, namespace: "billing" };
        expect(inhibited(rules, warning, [critical, warning, otherNamespace])).to.equal(true);
        expect(inhibited(rules, otherNamespace, [critical, warning, otherNamespace])).to.equal(false);
        expect(inhibited(rules, critical, [critical, warning])).to.equal(false);
    });
});
