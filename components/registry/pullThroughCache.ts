import { repositoryArnsUnder } from "./names";

/**
 * Upstream registries ECR can cache, by the name Berth's config uses. The first three need no credentials;
 * the others need a Secrets Manager secret named `ecr-pullthroughcache/...` in the rule's own account and region.
 */
export const UPSTREAMS = {
    "ecr-public": { url: "public.ecr.aws", needsCredentials: false },
    k8s: { url: "registry.k8s.io", needsCredentials: false },
    quay: { url: "quay.io", needsCredentials: false },
    "docker-hub": { url: "registry-1.docker.io", needsCredentials: true },
    ghcr: { url: "ghcr.io", needsCredentials: true },
    gitlab: { url: "registry.gitlab.com", needsCredentials: true },
} as const;

export type Upstream = keyof typeof UPSTREAMS;

/** One pull-through cache: images of `upstream` are pulled as `<registry>/<prefix>/<upstream path>`. */
export interface PullThroughCacheSpec {
    upstream: Upstream;
    prefix: string;
    /** Secrets Manager secret ARN per region, for upstreams that need credentials. */
    credentialArns: Record<string, string>;
}

/**
 * What a node role needs beyond pulling to use a cache rule: the first pull of an image imports it from the
 * upstream and creates its repository. Scoped to the cache prefixes in the node's own region.
 */
export function pullThroughCachePolicy(region: string, account: string, prefixes: string[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ImportUpstreamImages",
                Effect: "Allow",
                Action: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
                Resource: prefixes.flatMap((prefix) => repositoryArnsUnder(prefix, account, [region])),
            },
        ],
    });
}
