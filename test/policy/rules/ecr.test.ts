import { expect } from "chai";
import { ecrImmutableTags, ecrScanOnPush } from "../../../delivery/policies/rules/ecr";
import { UNKNOWN } from "../../../delivery/policies/values";
import { findings, resource } from "../resources";

const repository = (inputs: Record<string, unknown>) => resource("aws:ecr/repository:Repository", "apps/storefront", inputs);
const template = (inputs: Record<string, unknown>) =>
    resource("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate", "replicas", inputs);

describe("policy ecr-scan-on-push", () => {
    it("passes a repository that scans on push", () => {
        expect(findings(ecrScanOnPush, repository({ imageScanningConfiguration: { scanOnPush: true } }))).to.deep.equal([]);
    });

    it("fails a repository that does not, or leaves it to ECR's default (off)", () => {
        expect(findings(ecrScanOnPush, repository({ imageScanningConfiguration: { scanOnPush: false } }), repository({}))).to.deep.equal([
            "apps/storefront: imageScanningConfiguration.scanOnPush is false: pushed images are not scanned for vulnerabilities",
            "apps/storefront: imageScanningConfiguration.scanOnPush is not set (ECR's default is false): pushed images are not scanned for vulnerabilities",
        ]);
    });

    it("does not judge a setting that is not known until deploy", () => {
        expect(findings(ecrScanOnPush, repository({ imageScanningConfiguration: UNKNOWN }))).to.deep.equal([]);
    });
});

describe("policy ecr-immutable-tags", () => {
    it("passes immutable repositories and replica templates", () => {
        expect(findings(ecrImmutableTags, repository({ imageTagMutability: "IMMUTABLE" }))).to.deep.equal([]);
        expect(findings(ecrImmutableTags, template({ appliedFors: ["REPLICATION"], imageTagMutability: "IMMUTABLE" }))).to.deep.equal([]);
    });

    it("fails a mutable repository, one left to ECR's default, one with exclusions, and a mutable replica template", () => {
        expect(
            findings(
                ecrImmutableTags,
                repository({ imageTagMutability: "MUTABLE" }),
                repository({}),
                repository({ imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" }),
                template({ appliedFors: ["REPLICATION", "PULL_THROUGH_CACHE"], imageTagMutability: "MUTABLE" }),
            ),
        ).to.deep.equal([
            "apps/storefront: imageTagMutability is MUTABLE: a pushed tag can be overwritten and then names an untested image",
            "apps/storefront: imageTagMutability is not set (ECR's default is MUTABLE): a pushed tag can be overwritten and then names an untested image",
            "apps/storefront: imageTagMutability is IMMUTABLE_WITH_EXCLUSION: a pushed tag can be overwritten and then names an untested image",
            "replicas: imageTagMutability is MUTABLE: a pushed tag can be overwritten and then names an untested image",
        ]);
    });

    it("leaves out templates only pull-through caches use: a cache follows the upstream's moving tags", () => {
        expect(findings(ecrImmutableTags, template({ appliedFors: ["PULL_THROUGH_CACHE"], imageTagMutability: "MUTABLE" }))).to.deep.equal(
            [],
        );
    });
});
