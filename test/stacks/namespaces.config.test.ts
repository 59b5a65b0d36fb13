import { expect } from "chai";
import { parsePlatformConfig } from "../../stacks/config";
import { closest, editDistance } from "../../stacks/config/suggest";
import { cluster, problemsOf, today } from "../helpers/config";

describe("stack config: namespaces and misspelt keys", () => {
    it("reads platform keys with or without the namespace, and leaves the providers' and Pulumi's keys alone", () => {
        const { config } = parsePlatformConfig(
            {
                "platform:clusters": [cluster()],
                tags: { team: "platform" },
                "aws:region": "eu-west-1",
                "aws:defaultTags": { tags: { a: "b" } },
                "kubernetes:context": "none",
                "pulumi:disable-default-providers": ["*"],
            },
            { stack: "dev", today },
        );
        expect(config.clusters.map((c) => c.name)).to.deep.equal(["dev-euw1"]);
        expect(config.tags).to.deep.equal({ team: "platform" });
    });

    it("refuses a namespace nobody reads, naming the key probably meant", () => {
        expect(
            problemsOf({
                clusters: [cluster()],
                "platfrom:tags": { team: "platform" },
                "berth:registry": {},
                "awz:region": "eu-west-1",
                "acme:owner": "me",
            }),
        ).to.deep.equal([
            `platfrom:tags: unknown namespace "platfrom": Berth's settings are under platform: (aws:, kubernetes:, pulumi: belong to the providers and Pulumi); did you mean platform:tags?`,
            `berth:registry: unknown namespace "berth": Berth's settings are under platform: (aws:, kubernetes:, pulumi: belong to the providers and Pulumi); did you mean platform:registry?`,
            `awz:region: unknown namespace "awz": Berth's settings are under platform: (aws:, kubernetes:, pulumi: belong to the providers and Pulumi); did you mean aws:region?`,
            `acme:owner: unknown namespace "acme": Berth's settings are under platform: (aws:, kubernetes:, pulumi: belong to the providers and Pulumi)`,
        ]);
    });

    it("refuses a key given both with and without the namespace", () => {
        expect(problemsOf({ clusters: [cluster()], "platform:clusters": [cluster()] })).to.deep.equal([
            "platform:clusters: is given twice, with and without the platform: namespace",
        ]);
    });

    it("suggests the nearest known key inside platform:, at any depth", () => {
        expect(
            problemsOf({
                clusters: [cluster({ nodePool: [], endpoint: { publicacess: false } })],
                registry: { repository: [] },
                hubcluster: "dev-euw1",
            }),
        ).to.deep.equal([
            "platform:clusters[0].endpoint.publicacess: unknown key; did you mean publicAccess?",
            "platform:clusters[0].nodePool: unknown key; did you mean nodePools?",
            "platform:registry.repository: unknown key; did you mean repositories?",
            "platform:hubcluster: unknown key; did you mean hubCluster?",
        ]);
    });

    describe("suggestions", () => {
        it("counts a swap of two neighbours as one edit and ignores case", () => {
            expect(editDistance("platfrom", "platform")).to.equal(1);
            expect(editDistance("NODEPOOLS", "nodePools")).to.equal(0);
            expect(editDistance("", "abc")).to.equal(3);
        });

        it("suggests only a word close enough to be the one meant", () => {
            expect(closest("regoin", ["name", "region", "network"])).to.equal("region");
            expect(closest("cidr", ["name", "region"])).to.equal(undefined);
            expect(closest("berth", ["platform", "aws", "kubernetes", "pulumi"])).to.equal(undefined);
        });
    });
});
