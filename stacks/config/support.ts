import { DEFAULT_KUBERNETES_MINOR, EKS_CONTROL_PLANE_USD_PER_HOUR, KUBERNETES_MINORS, minorSupport } from "../../components";
import { keyPath } from "./problems";

/** The hours in a month as AWS prices them (8,760 a year / 12). */
const HOURS_PER_MONTH = 730;

const dollars = (amount: number) => `$${amount.toFixed(2)}`;

/**
 * What to do about a minor past or near its end of support. EKS upgrades one minor at a time, so the advice is the
 * next minor, on the way to the newest that Berth pins.
 */
function upgradeFrom(minor: string): string {
    if (minor === DEFAULT_KUBERNETES_MINOR) {
        return "no newer minor is pinned in this Berth yet: update Berth, then upgrade";
    }
    const [major, number] = minor.split(".").map(Number);
    const next = `${major}.${number + 1}`;
    return next === DEFAULT_KUBERNETES_MINOR || !KUBERNETES_MINORS.some((entry) => entry.minor === next)
        ? `upgrade to ${DEFAULT_KUBERNETES_MINOR}`
        : `upgrade to ${next}, then on to ${DEFAULT_KUBERNETES_MINOR} (EKS upgrades one minor at a time)`;
}

/**
 * Warnings about each cluster's Kubernetes minor on `today`: one in its last 60 days of EKS standard support, one past
 * it, with what extended support costs, and one past the end of extended support, when EKS upgrades the control plane
 * by itself. Never a problem: a date must not break a deploy of anything else.
 */
export function supportWarnings(clusters: readonly { kubernetesVersion: string }[], today: Date): string[] {
    const { standard, extended } = EKS_CONTROL_PLANE_USD_PER_HOUR;
    return clusters.flatMap(({ kubernetesVersion: minor }, index) => {
        const at = keyPath(["clusters", index, "kubernetesVersion"]);
        const support = minorSupport(minor, today);
        switch (support.status) {
            case "ending":
                return [
                    `${at}: ${minor} leaves EKS standard support on ${support.endOfStandardSupport} (${support.daysLeft} days); plan the upgrade`,
                ];
            case "ended":
                return [
                    `${at}: ${minor} left EKS standard support on ${support.endOfStandardSupport}; the cluster is in extended support at ${dollars(extended)} instead of ${dollars(standard)} per cluster-hour (about $${Math.round((extended - standard) * HOURS_PER_MONTH)} more a month); ${upgradeFrom(minor)}`,
                ];
            case "expired":
                return [
                    `${at}: ${minor} left EKS extended support on ${support.endOfExtendedSupport}: EKS upgrades such a control plane to the oldest minor still in extended support by itself, leaving this config, the node groups and the add-ons behind, and bills extended support at ${dollars(extended)} per cluster-hour; ${upgradeFrom(minor)}`,
                ];
            default:
                return [];
        }
    });
}
