import type { Finding, Rule } from "../types";
import { isHidden, isTrue, valueAt } from "../values";

const REPOSITORY = "aws:ecr/repository:Repository";
const CREATION_TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";

export const ecrScanOnPush: Rule = {
    id: "ecr-scan-on-push",
    title: "ECR repositories scan every image on push",
    description:
        "Every ECR repository scans each image as it is pushed (imageScanningConfiguration.scanOnPush), so that a known " +
        "vulnerability is reported before the image is deployed. Registry-wide enhanced scanning ignores the flag, but " +
        "the repository keeps scanning if that is ever switched off.",
    resources: {
        appliesTo: (type) => type === REPOSITORY,
        check({ inputs }): Finding[] {
            const scanOnPush = valueAt(inputs, "imageScanningConfiguration", "scanOnPush");
            if (isTrue(scanOnPush) || isHidden(scanOnPush)) {
                return [];
            }
            const got = scanOnPush === undefined ? "not set (ECR's default is false)" : String(scanOnPush);
            return [{ message: `imageScanningConfiguration.scanOnPush is ${got}: pushed images are not scanned for vulnerabilities` }];
        },
    },
};

/** Pull-through caches mirror upstream tags, which upstream moves (`latest`, `v1`): their repositories must follow. */
const onlyForCaches = (appliedFors: unknown): boolean =>
    Array.isArray(appliedFors) && appliedFors.length > 0 && appliedFors.every((use) => use === "PULL_THROUGH_CACHE");

export const ecrImmutableTags: Rule = {
    id: "ecr-immutable-tags",
    title: "ECR repositories (and the templates that create them) refuse to overwrite a tag",
    description:
        "A tag must always name the image that was tested and released: repositories, and the creation templates " +
        "ECR creates replicas with, set imageTagMutability to IMMUTABLE. Templates used only by pull-through caches " +
        "are left out, since a cache follows the upstream's moving tags.",
    resources: {
        appliesTo: (type) => type === REPOSITORY || type === CREATION_TEMPLATE,
        check({ type, inputs }): Finding[] {
            if (type === CREATION_TEMPLATE && onlyForCaches(inputs.appliedFors)) {
                return [];
            }
            const mutability = inputs.imageTagMutability;
            if (mutability === "IMMUTABLE" || isHidden(mutability)) {
                return [];
            }
            const got = mutability === undefined ? "not set (ECR's default is MUTABLE)" : String(mutability);
            return [{ message: `imageTagMutability is ${got}: a pushed tag can be overwritten and then names an untested image` }];
        },
    },
};
