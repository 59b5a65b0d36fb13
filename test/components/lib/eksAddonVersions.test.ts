import { expect } from "chai";
import { addonVersionRefusal, NETWORK_ADDONS, WORKLOAD_ADDONS } from "../../../components/cluster/addons";
import { EKS_ADDONS, EKS_ADDON_VERSIONS, eksAddonVersion, KUBERNETES_MINORS } from "../../../components/lib/versions";
import { BerthMocks } from "../../../delivery/mocks";
import { byUrn, ofType, planOf } from "../../helpers/plans";

const EKS_BUILD = /^v(\d+)\.(\d+)\.(\d+)-eksbuild\.(\d+)$/;

/** "v1.35.3-eksbuild.13" as [1, 35, 3, 13]; the test fails on anything else. */
function buildNumbers(version: string): number[] {
    const match = EKS_BUILD.exec(version);
    expect(match, `${version} is not an exact EKS add-on build`).to.not.equal(null);
    return match!.slice(1).map(Number);
}

/** "1.14" from "v1.14.3-eksbuild.3": the line EKS states compatibility for. */
const lineOf = (version: string) => buildNumbers(version).slice(0, 2).join(".");
const minorNumber = (minor: string) => Number(minor.split(".")[1]);

function compareBuilds(a: string, b: string): number {
    const [left, right] = [buildNumbers(a), buildNumbers(b)];
    const differing = left.findIndex((part, index) => part !== right[index]);
    return differing === -1 ? 0 : left[differing] - right[differing];
}

/**
 * The Kubernetes minors EKS lists each add-on line as compatible with, as far as they were checked (2026-11-28), so
 * that a pinned build is held against EKS's own statement rather than against itself. Only the lines Berth pins are
 * here: pinning another one means looking up its minors first.
 */
const EKS_LISTS_COMPATIBLE: Record<"coredns" | "vpc-cni", Record<string, { from: string; to: string }>> = {
    coredns: {
        // `aws eks describe-addon-versions` for 1.20-1.34 in us-east-1 on 2026-05-12, published in a public repository.
        "1.11": { from: "1.29", to: "1.34" },
        "1.12": { from: "1.33", to: "1.34" },
        "1.13": { from: "1.33", to: "1.34" },
        // The EKS user guide's CoreDNS table: the 1.14 builds for 1.35 and 1.36 only.
        "1.14": { from: "1.35", to: "1.36" },
    },
    "vpc-cni": {
        // The EKS user guide's VPC CNI table, as recorded on 2026-08-20: v1.22.4-eksbuild.3 for 1.31 to 1.36.
        "1.22": { from: "1.31", to: "1.36" },
    },
};

describe("EKS managed add-on versions", () => {
    const supported = KUBERNETES_MINORS.map((entry) => entry.minor);
    const installed = [...NETWORK_ADDONS, ...WORKLOAD_ADDONS].map((spec) => spec.addon);
    const pinned = (minor: string, addon: string): string => {
        const found = eksAddonVersion(minor, addon);
        expect(found, `${addon} on ${minor}`).to.have.property("version");
        return "version" in found ? found.version : "";
    };

    it("pins an exact EKS build of every add-on a cluster installs, for every minor Berth supports and no other", () => {
        expect([...EKS_ADDONS].sort()).to.deep.equal([...installed].sort());
        expect(Object.keys(EKS_ADDON_VERSIONS).sort()).to.deep.equal([...supported].sort());
        for (const minor of supported) {
            for (const addon of installed) {
                expect(pinned(minor, addon), `${addon} on ${minor}`).to.match(EKS_BUILD);
            }
            expect(addonVersionRefusal(minor), minor).to.equal(undefined);
        }
    });

    it("runs kube-proxy at the cluster's own Kubernetes minor", () => {
        for (const minor of supported) {
            expect(lineOf(pinned(minor, "kube-proxy")), minor).to.equal(minor);
        }
    });

    it("pins coredns and vpc-cni builds that EKS lists as compatible with the cluster's minor", () => {
        for (const addon of ["coredns", "vpc-cni"] as const) {
            for (const minor of supported) {
                const line = lineOf(pinned(minor, addon));
                const window = EKS_LISTS_COMPATIBLE[addon][line];
                expect(window, `where EKS lists ${addon} ${line} is not recorded`).to.not.equal(undefined);
                expect(minorNumber(minor), `${addon} ${line} on ${minor}`).to.be.within(minorNumber(window.from), minorNumber(window.to));
            }
        }
    });

    it("never moves an add-on backwards when the cluster's minor goes up, since EKS refuses to downgrade one", () => {
        const oldestFirst = [...supported].sort((a, b) => minorNumber(a) - minorNumber(b));
        for (const [index, newer] of oldestFirst.entries()) {
            const older = oldestFirst[index - 1];
            for (const addon of older ? installed : []) {
                const [from, to] = [pinned(older, addon), pinned(newer, addon)];
                expect(compareBuilds(to, from), `${addon}: ${older} ${from} -> ${newer} ${to}`).to.be.at.least(0);
            }
        }
    });

    it("refuses a minor it has no versions for instead of answering with a neighbour's", () => {
        expect(eksAddonVersion("1.36", "coredns")).to.deep.equal({
            refusal: "no EKS add-on versions are pinned for Kubernetes 1.36 (they are pinned for 1.35, 1.34, 1.33, 1.32)",
        });
        for (const minor of ["1.31", "1.35.1", "constructor", "__proto__"]) {
            expect(eksAddonVersion(minor, "kube-proxy"), minor).to.have.property("refusal");
        }
        expect(eksAddonVersion("1.35", "metrics-server")).to.deep.equal({
            refusal:
                "no version of the EKS add-on metrics-server is pinned (pinned add-ons: vpc-cni, kube-proxy, coredns, aws-ebs-csi-driver)",
        });
        expect(eksAddonVersion("1.35", "toString")).to.have.property("refusal");
        expect(addonVersionRefusal("1.36")).to.match(/Kubernetes 1\.36/);
    });

    it("gives every managed add-on in the prod plan the build pinned for its own cluster's minor", async () => {
        const plan = await planOf("prod");
        const addons = ofType(plan, "aws:eks/addon:Addon");
        const clusters = ofType(plan, "berth:cluster:Cluster");
        expect(clusters).to.not.be.empty;
        expect(addons).to.have.length(clusters.length * installed.length);
        for (const addon of addons) {
            const cluster = byUrn(plan, addon.parent);
            expect(cluster.type, addon.name).to.equal("berth:cluster:Cluster");
            const controlPlane = plan.resources.filter(
                (resource) => resource.type === "eks:index:Cluster" && resource.parent === cluster.urn,
            );
            expect(controlPlane, cluster.name).to.have.length(1);
            const minor = String(controlPlane[0].inputs.version);
            expect(addon.inputs.addonVersion, addon.name).to.equal(pinned(minor, String(addon.inputs.addonName)));
        }
    });

    it("leaves the mocks no answer for a live add-on version lookup, so a plan that made one would fail", () => {
        expect(() => new BerthMocks().call({ token: "aws:eks/getAddonVersion:getAddonVersion", inputs: {} })).to.throw(
            "Berth mocks have no answer for the call aws:eks/getAddonVersion:getAddonVersion",
        );
    });
});
