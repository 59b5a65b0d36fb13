import { expect } from "chai";
import { helmPinnedVersion } from "../../../delivery/policies/rules/helm";
import { findings, resource } from "../resources";

const release = (inputs: Record<string, unknown>) => resource("kubernetes:helm.sh/v3:Release", "prod-euw1-metrics-server", inputs);
const REPO = { repositoryOpts: { repo: "https://kubernetes-sigs.github.io/metrics-server/" } };

describe("policy helm-pinned-version", () => {
    it("passes charts at an exact version, local charts and chart archives", () => {
        expect(
            findings(
                helmPinnedVersion,
                release({ chart: "metrics-server", version: "3.13.1", ...REPO }),
                release({ chart: "oci://registry-1.docker.io/bitnamicharts/redis", version: "v21.1.0-rc.1+build.7" }),
                release({ chart: "./charts/internal" }),
                release({ chart: "https://example.com/charts/tool-1.2.3.tgz" }),
                resource("kubernetes:helm.sh/v4:Chart", "gateway", { chart: "gateway", version: "1.30.3" }),
            ),
        ).to.deep.equal([]);
    });

    it("fails a missing version, a range, a wildcard and a partial version", () => {
        expect(
            findings(
                helmPinnedVersion,
                release({ chart: "metrics-server", ...REPO }),
                release({ chart: "metrics-server", version: "^3.13.0", ...REPO }),
                resource("kubernetes:helm.sh/v4:Chart", "gateway", { chart: "gateway", version: "1.30.x" }),
                release({ chart: "metrics-server", version: "3.13", ...REPO }),
            ),
        ).to.deep.equal([
            "prod-euw1-metrics-server: chart metrics-server has no version, so Helm installs the newest: pin an exact version such as 1.2.3",
            'prod-euw1-metrics-server: chart metrics-server has version "^3.13.0": pin an exact version such as 1.2.3',
            'gateway: chart gateway has version "1.30.x": pin an exact version such as 1.2.3',
            'prod-euw1-metrics-server: chart metrics-server has version "3.13": pin an exact version such as 1.2.3',
        ]);
    });
});
