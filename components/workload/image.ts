import type * as pulumi from "@pulumi/pulumi";

/** Where a workload's image comes from, pinned so that every pod of a rollout runs the same bytes. */
export interface WorkloadImage {
    /**
     * The repository without tag or digest: a registry repository's URL (`<account>.dkr.ecr.<region>.amazonaws.com/apps/storefront`,
     * e.g. the platform stack's `registry.repositories.<app>.<region>` output) or any other full repository
     * (`public.ecr.aws/nginx/nginx`).
     */
    repository: pulumi.Input<string>;
    /** A tag, e.g. "v1.4.2". One of `tag` and `digest` is required; with both, the digest decides which image runs. */
    tag?: string;
    /** A content digest, "sha256:<64 hex>": the one truly immutable reference. */
    digest?: string;
}

/** Docker's tag grammar. */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** A sha256 content digest, the only algorithm registries (ECR included) use for images. */
export const IMAGE_DIGEST = /^sha256:[a-f0-9]{64}$/;

/**
 * A repository with an optional registry host (and port) in front: lowercase path components separated by `/`,
 * each of letters and digits joined by `.`, `_`, `__` or `-` (the distribution reference grammar).
 */
const REPOSITORY = /^(?:[A-Za-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** Whether `repository` is a repository reference without tag or digest. */
export function isRepository(repository: string): boolean {
    return REPOSITORY.test(repository);
}

/**
 * Whether `repository` names its registry host, as Docker decides it: the first `/`-separated part holds a dot or a
 * port, or is "localhost". "storefront" and "payments/api" do not (they are names in the platform's registry);
 * "public.ecr.aws/nginx/nginx" does.
 */
export function namesRegistryHost(repository: string): boolean {
    const slash = repository.indexOf("/");
    if (slash < 0) return false;
    const first = repository.slice(0, slash);
    return first.includes(".") || first.includes(":") || first === "localhost";
}

/** `<repository>[:<tag>][@<digest>]`. */
export function imageReference(repository: string, tag: string | undefined, digest: string | undefined): string {
    return `${repository}${tag !== undefined ? `:${tag}` : ""}${digest !== undefined ? `@${digest}` : ""}`;
}
