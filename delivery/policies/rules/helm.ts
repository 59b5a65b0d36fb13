import type { Finding, Rule } from "../types";
import { isHidden } from "../values";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CHART = "kubernetes:helm.sh/v4:Chart";

/** Semantic version, exactly: no range, no wildcard, no "latest". */
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** A chart in the repository or an archive of one is versioned with the code that installs it. */
const isLocalOrArchive = (chart: string) => /^(\.{1,2}\/|\/)/.test(chart) || /\.tgz$/.test(chart);

export const helmPinnedVersion: Rule = {
    id: "helm-pinned-version",
    title: "Every Helm release pins its chart to an exact version",
    description:
        "A chart from a repository or OCI registry is installed at an exact version (1.2.3), never a range or the " +
        "latest, so that a deploy installs what the plan and its review saw, and an upgrade is a change of its own.",
    resources: {
        appliesTo: (type) => type === RELEASE || type === CHART,
        check({ inputs }): Finding[] {
            const { chart, version } = inputs;
            // In a real preview a v4 Chart, a remote component, reaches policies without inputs.
            if (typeof chart !== "string" || isHidden(chart) || isLocalOrArchive(chart) || isHidden(version)) {
                return [];
            }
            if (typeof version === "string" && EXACT_VERSION.test(version.trim())) {
                return [];
            }
            const got =
                version === undefined || version === "" ? "no version, so Helm installs the newest" : `version ${JSON.stringify(version)}`;
            return [{ message: `chart ${chart} has ${got}: pin an exact version such as 1.2.3` }];
        },
    },
};
