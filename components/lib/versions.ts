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
    /** Version of the application the chart installs (its Chart.yaml appVersion). */
    readonly appVersion: string;
    /** Oldest Kubernetes minor the application supports, from its compatibility matrix. @default any */
    readonly minKubernetesMinor?: string;
}

const ISTIO_REPOSITORY = "https://istio-release.storage.googleapis.com/charts";
/** One Istio release for all three charts: base (CRDs), istiod and gateway must match. Istio 1.30 supports Kubernetes 1.32-1.36. */
const ISTIO = { version: "1.30.3", repository: ISTIO_REPOSITORY, appVersion: "1.30.3", minKubernetesMinor: "1.32" } as const;

/** Charts used on every cluster whatever its Kubernetes minor. */
export const CHARTS = {
    /** The AWS Load Balancer Controller (eks-charts); the chart README asks for Kubernetes 1.22+. */
    awsLoadBalancerController: {
        chart: "aws-load-balancer-controller",
        version: "3.5.0",
        repository: "https://aws.github.io/eks-charts",
        appVersion: "v3.5.0",
        minKubernetesMinor: "1.22",
    },
    /**
     * The ECK operator (Elastic's chart, which installs ECK's CRDs as a subchart). ECK 3.5 supports Kubernetes
     * 1.32-1.36 and Elastic Stack 8 and 9 (its README's "Supported versions").
     */
    eckOperator: {
        chart: "eck-operator",
        version: "3.5.0",
        repository: "https://helm.elastic.co",
        appVersion: "3.5.0",
        minKubernetesMinor: "1.32",
    },
    /**
     * External Secrets Operator (the project's official chart, which installs its CRDs). The chart accepts Kubernetes
     * 1.19+; upstream's support table lists ESO 2.9 with 1.36 only (2.3-2.6 with 1.34-1.35), as it tests just the newest
     * minor: running 2.9 on Berth's 1.32-1.35 relies on the chart's range and the stable external-secrets.io/v1 API.
     */
    externalSecrets: {
        chart: "external-secrets",
        version: "2.9.0",
        repository: "https://charts.external-secrets.io",
        appVersion: "v2.9.0",
    },
    /** Fluent Bit 5.1.1 (fluent/helm-charts, the chart README's non-OCI repository); the chart states no Kubernetes range. */
    fluentBit: { chart: "fluent-bit", version: "0.58.1", repository: "https://fluent.github.io/helm-charts", appVersion: "5.1.1" },
    /**
     * Flagger (fluxcd), canary analysis with the Istio provider. Its Chart.yaml asks for Kubernetes 1.19+. Its CRDs are in
     * the chart's crds/ folder, which Helm installs with the first release and never upgrades: a chart upgrade that
     * changes them needs `kubectl apply` of the new chart's crds/crd.yaml first.
     */
    flagger: {
        chart: "flagger",
        version: "1.44.0",
        repository: "https://flagger.app",
        appVersion: "1.44.0",
        minKubernetesMinor: "1.19",
    },
    /**
     * Headlamp, the Kubernetes web UI (kubernetes-sigs; the Kubernetes Dashboard it replaces is archived). The chart
     * README asks for Kubernetes 1.21+.
     */
    headlamp: {
        chart: "headlamp",
        version: "0.45.0",
        repository: "https://kubernetes-sigs.github.io/headlamp/",
        appVersion: "0.45.0",
        minKubernetesMinor: "1.21",
    },
    istioBase: { chart: "base", ...ISTIO },
    istiod: { chart: "istiod", ...ISTIO },
    istioGateway: { chart: "gateway", ...ISTIO },
    /**
     * kube-prometheus-stack (prometheus-community): prometheus-operator v0.93.1 with Prometheus v3.14.0, Alertmanager
     * v0.34.0, kube-state-metrics 8.4.0, node-exporter 4.56.1 and Grafana 12.11.1 as subcharts. Its Chart.yaml asks
     * for Kubernetes 1.25+.
     */
    kubePrometheusStack: {
        chart: "kube-prometheus-stack",
        version: "88.5.3",
        repository: "https://prometheus-community.github.io/helm-charts",
        appVersion: "v0.93.1",
        minKubernetesMinor: "1.25",
    },
    /** metrics-server 0.8.x supports Kubernetes 1.31+ (its README's compatibility matrix). */
    metricsServer: {
        chart: "metrics-server",
        version: "3.13.1",
        repository: "https://kubernetes-sigs.github.io/metrics-server/",
        appVersion: "0.8.1",
        minKubernetesMinor: "1.31",
    },
} as const satisfies Record<string, PinnedChart>;

/** Container images Berth runs itself, outside any chart: an exact tag each, like the charts. */
export const IMAGES = {
    /**
     * The hub's metrics receiver (a Prometheus that Berth declares itself): the image kube-prometheus-stack 88.5.3 runs
     * (values.yaml prometheus.prometheusSpec.image), so that the receiver and every cluster's Prometheus speak one
     * remote-write protocol version.
     */
    prometheus: "quay.io/prometheus/prometheus:v3.14.0-distroless",
    /** blackbox_exporter 0.27.0 (2025-06-26), which probes each gateway's TLS certificate. */
    blackboxExporter: "quay.io/prometheus/blackbox-exporter:v0.27.0",
    /** curl 8.17.0, which the logging setup Job runs to put Berth's lifecycle and snapshot policies into Elasticsearch. */
    curl: "curlimages/curl:8.17.0",
} as const;

/**
 * The Elastic Stack version of Berth's Elasticsearch and Kibana (ECK pulls docker.elastic.co images of it): the
 * version ECK 3.5.0's own eck-elasticsearch and eck-kibana charts default to.
 */
export const ELASTIC_STACK_VERSION = "9.5.0";

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

const AUTOSCALER_REPOSITORY = "https://kubernetes.github.io/autoscaler";

/**
 * cluster-autoscaler per Kubernetes minor: upstream supports each autoscaler minor only with the same
 * Kubernetes minor, so every cluster gets the newest chart whose app minor equals its own. Charts
 * 9.54.0-9.55.0 claim app 1.35.0 but default to the 1.34.2 image, which is why the component sets the
 * image tag from `appVersion` rather than trusting the chart's default.
 */
export const CLUSTER_AUTOSCALER_CHARTS: Readonly<Record<string, PinnedChart>> = {
    "1.35": { chart: "cluster-autoscaler", version: "9.59.0", repository: AUTOSCALER_REPOSITORY, appVersion: "1.35.0" },
    "1.34": { chart: "cluster-autoscaler", version: "9.53.0", repository: AUTOSCALER_REPOSITORY, appVersion: "1.34.2" },
    "1.33": { chart: "cluster-autoscaler", version: "9.51.0", repository: AUTOSCALER_REPOSITORY, appVersion: "1.33.0" },
    "1.32": { chart: "cluster-autoscaler", version: "9.46.6", repository: AUTOSCALER_REPOSITORY, appVersion: "1.32.0" },
};

/** The cluster-autoscaler chart for a Kubernetes minor, or why there is none; never a neighbouring minor's. */
export function clusterAutoscalerChart(minor: string): { chart: PinnedChart } | { refusal: string } {
    // Own keys only: a minor read from config must not find "constructor" on the prototype.
    if (Object.hasOwn(CLUSTER_AUTOSCALER_CHARTS, minor)) {
        return { chart: CLUSTER_AUTOSCALER_CHARTS[minor] };
    }
    return {
        refusal: `no cluster-autoscaler release matches Kubernetes ${minor} (cluster-autoscaler is pinned for ${Object.keys(CLUSTER_AUTOSCALER_CHARTS).join(", ")})`,
    };
}

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
    | { readonly status: "expired"; readonly endOfStandardSupport: string; readonly endOfExtendedSupport: string }
    | { readonly status: "unknown"; readonly known: readonly string[] };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The last day of EKS extended support: twelve months after the end of standard support (EKS user guide, "Understand
 * the Kubernetes version lifecycle on EKS"). After it EKS upgrades the control plane on its own, whatever the
 * cluster's upgrade policy, to the oldest minor still in extended support.
 */
function endOfExtendedSupport(endOfStandardSupport: string): string {
    const end = new Date(`${endOfStandardSupport}T00:00:00Z`);
    end.setUTCFullYear(end.getUTCFullYear() + 1);
    return end.toISOString().slice(0, 10);
}

/**
 * Classifies a Kubernetes minor on `today` (a parameter so that tests do not age): unknown to Berth, past the end of
 * extended support, past the end of standard support, within SUPPORT_WARNING_DAYS of it, or supported.
 */
export function minorSupport(minor: string, today: Date): MinorSupport {
    const entry = KUBERNETES_MINORS.find((m) => m.minor === minor);
    if (!entry) {
        return { status: "unknown", known: KUBERNETES_MINORS.map((m) => m.minor) };
    }
    const extendedEnd = endOfExtendedSupport(entry.endOfStandardSupport);
    if (Date.parse(`${extendedEnd}T23:59:59Z`) < today.getTime()) {
        return { status: "expired", endOfStandardSupport: entry.endOfStandardSupport, endOfExtendedSupport: extendedEnd };
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

/**
 * What EKS bills per cluster-hour for the control plane (EKS pricing page): a minor past the end of standard
 * support moves to extended support, which costs six times as much. Berth's clusters use the EXTENDED upgrade
 * policy, so EKS never upgrades them behind Pulumi's back; the config warns instead, with this price.
 */
export const EKS_CONTROL_PLANE_USD_PER_HOUR = { standard: 0.1, extended: 0.6 } as const;

/** The EKS managed add-ons Berth installs on every cluster. */
export const EKS_ADDONS = ["vpc-cni", "kube-proxy", "coredns", "aws-ebs-csi-driver"] as const;
export type EksAddon = (typeof EKS_ADDONS)[number];

/**
 * The EKS managed add-on builds per Kubernetes minor. Pinned here rather than looked up at deploy time, so that a
 * plan changes only when this table does and raising a cluster's `kubernetesVersion` moves its add-ons with it.
 *
 * Sources, checked 2026-11-28. kube-proxy and coredns: the latest build per minor in the EKS user guide's tables
 * ("Manage kube-proxy", "Manage CoreDNS"; a public upgrade guide records the same figures as verified there on
 * 2026-08-20). vpc-cni: v1.22.4-eksbuild.3, which that guide records from the "Amazon VPC CNI" table for 1.31 to 1.36
 * and public repositories pin on 1.32 to 1.35 clusters. aws-ebs-csi-driver: the user guide has no per-minor table;
 * v1.63.1-eksbuild.1 is the newest build `describe-addon-versions` returned in a public repository, and others run it
 * on 1.31, 1.34, 1.35 and 1.36 clusters. kube-proxy must match the cluster's minor; the others must be builds EKS
 * lists as compatible with it. No add-on moves backwards when the minor goes up: EKS refuses to downgrade one.
 */
export const EKS_ADDON_VERSIONS: Readonly<Record<string, Readonly<Record<EksAddon, string>>>> = {
    "1.35": {
        "vpc-cni": "v1.22.4-eksbuild.3",
        "kube-proxy": "v1.35.3-eksbuild.13",
        coredns: "v1.14.3-eksbuild.3",
        "aws-ebs-csi-driver": "v1.63.1-eksbuild.1",
    },
    "1.34": {
        "vpc-cni": "v1.22.4-eksbuild.3",
        "kube-proxy": "v1.34.6-eksbuild.13",
        coredns: "v1.13.2-eksbuild.11",
        "aws-ebs-csi-driver": "v1.63.1-eksbuild.1",
    },
    "1.33": {
        "vpc-cni": "v1.22.4-eksbuild.3",
        "kube-proxy": "v1.33.10-eksbuild.13",
        coredns: "v1.12.4-eksbuild.18",
        "aws-ebs-csi-driver": "v1.63.1-eksbuild.1",
    },
    "1.32": {
        "vpc-cni": "v1.22.4-eksbuild.3",
        "kube-proxy": "v1.32.13-eksbuild.16",
        coredns: "v1.11.4-eksbuild.40",
        "aws-ebs-csi-driver": "v1.63.1-eksbuild.1",
    },
};

/** The pinned build of an EKS add-on for a Kubernetes minor, or why there is none; never a neighbouring minor's. */
export function eksAddonVersion(minor: string, addon: string): { version: string } | { refusal: string } {
    // Own keys only: a minor read from config must not find "constructor" on the prototype.
    if (!Object.hasOwn(EKS_ADDON_VERSIONS, minor)) {
        return {
            refusal: `no EKS add-on versions are pinned for Kubernetes ${minor} (they are pinned for ${Object.keys(EKS_ADDON_VERSIONS).join(", ")})`,
        };
    }
    const versions: Readonly<Record<string, string>> = EKS_ADDON_VERSIONS[minor];
    if (!Object.hasOwn(versions, addon)) {
        return { refusal: `no version of the EKS add-on ${addon} is pinned (pinned add-ons: ${EKS_ADDONS.join(", ")})` };
    }
    return { version: versions[addon] };
}
