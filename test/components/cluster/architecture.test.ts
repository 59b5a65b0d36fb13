import { expect } from "chai";
import { AMI_TYPES, architectureOf, poolArchitecture } from "../../../components/cluster";

describe("instance architectures", () => {
    it("knows Graviton families as arm64, including those with more attributes", () => {
        for (const type of [
            "m7g.large",
            "c7gn.xlarge",
            "r6gd.2xlarge",
            "t4g.medium",
            "x2gd.xlarge",
            "im4gn.large",
            "is4gen.medium",
            "g5g.xlarge",
            "a1.large",
        ]) {
            expect(architectureOf(type), type).to.equal("arm64");
        }
    });

    it("knows Intel and AMD families as x86_64, including GPU families whose name starts with g", () => {
        for (const type of [
            "m6i.large",
            "m6a.large",
            "m5.large",
            "c5n.xlarge",
            "g4dn.xlarge",
            "g6.xlarge",
            "gr6.4xlarge",
            "t3.large",
            "m7i-flex.large",
        ]) {
            expect(architectureOf(type), type).to.equal("x86_64");
        }
    });

    it("gives a single-architecture pool its AMI type and refuses a pool that mixes them, naming both sides", () => {
        const arm = poolArchitecture(["m7g.large", "c7g.large", "r7g.large"]);
        expect(arm).to.deep.equal({ architecture: "arm64" });
        expect(AMI_TYPES.arm64).to.equal("AL2023_ARM_64_STANDARD");
        expect(poolArchitecture(["m6i.large", "m7g.large"])).to.deep.equal({
            refusal: "mixes architectures (arm64: m7g.large; x86_64: m6i.large): a node group boots one AMI, so split it into two pools",
        });
    });
});
