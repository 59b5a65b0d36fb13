/**
 * The one table of pinned versions: every Helm chart Berth installs, the Kubernetes minors Berth
 * supports with their EKS end-of-standard-support dates, and the default minor. Nothing else in
 * the tree names a chart version or a Kubernetes minor.
 */

/** A Helm chart pinned to one exact version. */
export interface PinnedChart {
    /** Chart name in its repository. */
    readonly chart: string;
    /** Exact chart version: never a range, so that a plan is reproducible. */
    readonly version: string;
    /** The Helm repository the chart is fetched from. */
    readonly repository: string;
}

/** Charts used on every cluster whatever its Kubernetes minor. */
export const CHARTS = {} as const satisfies Record<string, PinnedChart>;

/** A Kubernetes minor as EKS offers it. */
export interface KubernetesMinor {
    /** "1.35" */
    readonly minor: string;
    /** Last day of EKS standard support (ISO date); after it EKS bills extended support. */
    readonly endOfStandardSupport: string;
}

/**
 * Minors Berth knows, newest first. Dates from the EKS Kubernetes release calendar. A minor whose
 * standard support has ended stays listed so that the config error can say so instead of
 * "unknown version".
 */
export const KUBERNETES_MINORS: readonly KubernetesMinor[] = [
    { minor: "1.35", endOfStandardSupport: "2027-03-27" },
    { minor: "1.34", endOfStandardSupport: "2026-12-02" },
    { minor: "1.33", endOfStandardSupport: "2026-07-29" },
    { minor: "1.32", endOfStandardSupport: "2026-03-23" },
];

/**
 * The newest minor that every pinned add-on supports. 1.36 is on EKS, but no cluster-autoscaler
 * chart ships a 1.36 image yet, and the autoscaler must match the cluster's minor exactly.
 */
export const DEFAULT_KUBERNETES_MINOR = "1.35";

/** A cluster version gets a warning this many days before its standard support ends. */
export const SUPPORT_WARNING_DAYS = 60;

/** What Berth thinks of running a minor on a given day. */
export type MinorSupport =
    | { readonly status: "supported"; readonly endOfStandardSupport: string }
    | { readonly status: "ending"; readonly endOfStandardSupport: string; readonly daysLeft: number }
    | { readonly status: "ended"; readonly endOfStandardSupport: string }
    | { readonly status: "unknown"; readonly known: readonly string[] };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Classifies a Kubernetes minor on `today` (a parameter so that tests do not age): unknown to
 * Berth, past end of standard support, within SUPPORT_WARNING_DAYS of it, or supported.
 */
export function minorSupport(minor: string, today: Date): MinorSupport {
    const entry = KUBERNETES_MINORS.find((m) => m.minor === minor);
    if (!entry) {
        return { status: "unknown", known: KUBERNETES_MINORS.map((m) => m.minor) };
    }
    const end = Date.parse(`${entry.endOfStandardSupport}T23:59:59Z`);
    const daysLeft = Math.floor((end - today.getTime()) / DAY_MS);
    if (end < today.getTime()) {
        return { status: "ended", endOfStandardSupport: entry.endOfStandardSupport };
    }
    if (daysLeft < SUPPORT_WARNING_DAYS) {
        return { status: "ending", endOfStandardSupport: entry.endOfStandardSupport, daysLeft };
    }
    return { status: "supported", endOfStandardSupport: entry.endOfStandardSupport };
}
