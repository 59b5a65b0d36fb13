import * as path from "path";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { AddonTarget, ClusterAutoscaler } from "../../../components/autoscaling";
import { CLUSTER_AUTOSCALER_CHARTS } from "../../../components/lib/versions";
import { ACCOUNT } from "../../../delivery/mockIds";
import { planStack } from "../../../delivery/plan";
import { named, REPO } from "../../helpers/plans";

const SETTINGS = {
    scaleDown: { unneededTime: "10m", delayAfterAdd: "10m", utilizationThreshold: 0.5 },
    skipNodesWithLocalStorage: false,
    expendablePodsPriorityCutoff: -10,
    replicas: 1,
};

/** The part of a cluster the autoscaler reads, for a cluster named `name` running Kubernetes `minor`. */
function clusterOf(name: string, minor: string): AddonTarget {
    const issuer = `oidc.eks.eu-west-1.amazonaws.com/id/${name.toUpperCase()}`;
    return {
        clusterName: name,
        region: "eu-west-1",
        kubernetesVersion: minor,
        awsProvider: new aws.Provider(`${name}-aws`, { region: "eu-west-1" }),
        kubernetesProvider: new k8s.Provider(`${name}-k8s`, {}),
        oidcProviderArn: pulumi.output(`arn:aws:iam::${ACCOUNT}:oidc-provider/${issuer}`),
        oidcProviderUrl: pulumi.output(`https://${issuer}`),
        nodeGroups: [],
        pools: [],
        readyForAddons: [],
    };
}

describe("cluster-autoscaler image per Kubernetes minor", () => {
    const minors = Object.keys(CLUSTER_AUTOSCALER_CHARTS);
    const clusterName = (minor: string) => `k${minor.replace(".", "-")}`;

    it("runs, on a cluster of every pinned minor, an autoscaler image of that same minor", async () => {
        const plan = await planStack({
            stack: "dev",
            dir: path.join(REPO, "test", "fixtures", "planner"),
            program: () => {
                for (const minor of minors) {
                    new ClusterAutoscaler(`${clusterName(minor)}-cluster-autoscaler`, {
                        cluster: clusterOf(clusterName(minor), minor),
                        settings: SETTINGS,
                    });
                }
            },
        });
        expect(minors).to.include.members(["1.32", "1.33", "1.34", "1.35"]);
        for (const minor of minors) {
            const release = named(plan, "kubernetes:helm.sh/v3:Release", `${clusterName(minor)}-cluster-autoscaler`).inputs as any;
            const tag: string = release.values.image.tag;
            expect(tag, `image on ${minor}`).to.match(/^v\d+\.\d+\.\d+$/);
            expect(tag.slice(1).split(".").slice(0, 2).join("."), `image on ${minor} (chart ${release.version})`).to.equal(minor);
        }
    });
});
