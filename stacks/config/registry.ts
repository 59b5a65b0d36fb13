import { z } from "zod";
import { REPOSITORY_NAME, REPOSITORY_NAME_LENGTH, Upstream, UPSTREAMS } from "../../components";
import type { SchemaContext } from "./cluster";
import { REGISTRY_DEFAULTS } from "./defaults";
import { everyMap, isMap, Loose, mapsOf, wholeNumber } from "./partial";
import { ROLE_ARN } from "./patterns";
import { region } from "./regions";

const GITHUB_REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const GIT_REF = /^refs\/(heads|tags)\/\S+$/;
const GITHUB_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;
// The secret must live in the cache rule's own account and region, under the prefix ECR looks for.
const CACHE_SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z]{2}-[a-z]+-\d):\d{12}:secret:ecr-pullthroughcache\/.+$/;
// ECR's rule for a pull-through cache rule's repository prefix.
const CACHE_PREFIX_LENGTH = { min: 2, max: 30 };

const NAME_RULE = "of a-z 0-9 . _ / -, each /-separated part starting and ending with a letter or digit";

const repositoryPath = (min: number, max: number, what: string) =>
    z.string().superRefine((name, ctx) => {
        if (name.length < min || name.length > max || !REPOSITORY_NAME.test(name)) {
            ctx.addIssue({ code: "custom", input: name, message: `must be ${min}-${max} characters ${NAME_RULE} (${what})` });
        }
    });

const ciSchema = z
    .strictObject({
        /** An existing role CI assumes to push; its own identity policy must allow ecr:GetAuthorizationToken. */
        pushRoleArn: z.string().regex(ROLE_ARN, { error: "must be an IAM role ARN" }).optional(),
        /** Berth creates a role that GitHub Actions runs of one repository assume through OIDC. */
        githubOidc: z
            .strictObject({
                repository: z.string().regex(GITHUB_REPOSITORY, { error: "must be a GitHub repository as owner/name" }),
                refs: z
                    .array(z.string().regex(GIT_REF, { error: "must be a full git ref such as refs/heads/main or refs/tags/v*" }))
                    .default(["refs/heads/main"]),
                environments: z.array(z.string().min(1)).default([]),
                providerArn: z
                    .string()
                    .regex(GITHUB_PROVIDER_ARN, {
                        error: "must be the ARN of the account's token.actions.githubusercontent.com OIDC provider",
                    })
                    .optional(),
            })
            .superRefine((github: Loose, ctx) => {
                if (
                    Array.isArray(github.refs) &&
                    github.refs.length === 0 &&
                    Array.isArray(github.environments) &&
                    github.environments.length === 0
                ) {
                    ctx.addIssue({
                        code: "custom",
                        input: github,
                        message: "lets no workflow run push: list refs or environments",
                    });
                }
            }, everyMap)
            .optional(),
    })
    .superRefine((ci: Loose, ctx) => {
        if ((ci.pushRoleArn === undefined) === (ci.githubOidc === undefined)) {
            ctx.addIssue({
                code: "custom",
                input: ci,
                message: "must set exactly one of pushRoleArn (an existing role) and githubOidc (a role Berth creates)",
            });
        }
    }, everyMap);

const cacheSchema = z.strictObject({
    upstream: z.enum(Object.keys(UPSTREAMS) as [Upstream, ...Upstream[]]),
    /** Images are pulled as <registry>/<prefix>/<upstream path>. @default the upstream's name */
    prefix: repositoryPath(CACHE_PREFIX_LENGTH.min, CACHE_PREFIX_LENGTH.max, "ECR's rule for cache prefixes").optional(),
    /** Secrets Manager secret per cluster region, for upstreams that need credentials. */
    credentialArns: z
        .record(
            region,
            z.string().regex(CACHE_SECRET_ARN, {
                error: "must be the ARN of a Secrets Manager secret named ecr-pullthroughcache/...",
            }),
        )
        .default({}),
});

export function registrySchema({ environment }: SchemaContext) {
    const defaults = REGISTRY_DEFAULTS[environment];
    return z
        .strictObject({
            /** Every repository is `<namePrefix>/<name>`; replication and enhanced scanning select on the prefix. */
            namePrefix: repositoryPath(REPOSITORY_NAME_LENGTH.min, 100, "ECR's repository naming rule").default("apps"),
            repositories: z
                .array(
                    z.strictObject({
                        name: repositoryPath(REPOSITORY_NAME_LENGTH.min, REPOSITORY_NAME_LENGTH.max, "ECR's repository naming rule"),
                    }),
                )
                .default([]),
            scanning: z.enum(["basic-on-push", "enhanced-continuous"]).default(defaults.scanning),
            immutableTags: z.boolean().default(defaults.immutableTags),
            lifecycle: z
                .strictObject({
                    keepReleaseImages: wholeNumber().min(1).max(10000).default(defaults.lifecycle.keepReleaseImages),
                    releaseTagPrefix: z
                        .string()
                        .regex(/^[A-Za-z0-9_.-]{1,127}$/, { error: "must be the start of a Docker tag: letters, digits, _ . -" })
                        .default(defaults.lifecycle.releaseTagPrefix),
                    untaggedExpiryDays: wholeNumber().min(1).max(3650).default(defaults.lifecycle.untaggedExpiryDays),
                })
                .default(() => ({ ...defaults.lifecycle })),
            ci: ciSchema.optional(),
            pullThroughCache: z.array(cacheSchema).default([]),
        })
        .superRefine((registry: Loose, ctx) => checkRegistry(environment, registry, ctx), everyMap)
        .transform((registry) => ({
            ...registry,
            pullThroughCache: registry.pullThroughCache.map((cache) => ({ ...cache, prefix: cache.prefix ?? cache.upstream })),
        }));
}

/**
 * Rules across the registry's keys. They run even when some key has other mistakes (so every problem is
 * reported at once), which is why they read the input defensively.
 */
function checkRegistry(environment: SchemaContext["environment"], registry: Loose, ctx: z.RefinementCtx): void {
    const prefix = typeof registry.namePrefix === "string" ? registry.namePrefix : "apps";
    const repositories = mapsOf(registry.repositories);
    const names = repositories.map((repository) => repository.name);
    for (const [index, name] of names.entries()) {
        if (typeof name !== "string") {
            continue;
        }
        const full = `${prefix}/${name}`;
        if (names.indexOf(name) !== index) {
            ctx.addIssue({
                code: "custom",
                path: ["repositories", index, "name"],
                input: name,
                message: `duplicates platform:registry.repositories[${names.indexOf(name)}].name`,
            });
        } else if (name.length <= REPOSITORY_NAME_LENGTH.max && full.length > REPOSITORY_NAME_LENGTH.max) {
            ctx.addIssue({
                code: "custom",
                path: ["repositories", index, "name"],
                input: name,
                message: `makes the repository name ${prefix}/... ${full.length} characters long; ECR allows ${REPOSITORY_NAME_LENGTH.max}`,
            });
        }
    }
    if (environment === "prod" && registry.immutableTags === false) {
        ctx.addIssue({
            code: "custom",
            path: ["immutableTags"],
            input: false,
            message: "must be true in prod: a release tag must always name the image that was tested",
        });
    }
    if (environment === "prod" && repositories.length > 0 && registry.ci === undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["ci"],
            params: { nothingReceived: true },
            message:
                "is required in prod: name the role CI pushes with (pushRoleArn) or the GitHub repository whose workflows push (githubOidc)",
        });
    }
    checkCaches(prefix, mapsOf(registry.pullThroughCache), ctx);
}

function checkCaches(namePrefix: string, caches: Record<string, unknown>[], ctx: z.RefinementCtx): void {
    const prefixes = caches.map((cache) => cache.prefix ?? cache.upstream);
    for (const [index, cache] of caches.entries()) {
        const prefix = prefixes[index];
        const path = ["pullThroughCache", index];
        if (typeof prefix === "string" && prefixes.indexOf(prefix) !== index) {
            ctx.addIssue({
                code: "custom",
                path: [...path, "prefix"],
                input: prefix,
                message: `is also the prefix of platform:registry.pullThroughCache[${prefixes.indexOf(prefix)}]`,
            });
        }
        if (typeof prefix === "string" && nested(prefix, namePrefix)) {
            ctx.addIssue({
                code: "custom",
                path: [...path, "prefix"],
                input: prefix,
                message: `overlaps namePrefix ${JSON.stringify(namePrefix)}: cached images would mix with the applications' repositories`,
            });
        }
        const upstream = isUpstream(cache.upstream) ? cache.upstream : undefined;
        const credentialArns = isMap(cache.credentialArns) ? cache.credentialArns : {};
        const credentials = Object.entries(credentialArns);
        if (upstream && !UPSTREAMS[upstream].needsCredentials && credentials.length > 0) {
            ctx.addIssue({
                code: "custom",
                path: [...path, "credentialArns"],
                input: credentialArns,
                message: `must be left out: ${upstream} needs no credentials`,
            });
        }
        for (const [region, arn] of credentials) {
            const secretRegion = typeof arn === "string" ? CACHE_SECRET_ARN.exec(arn)?.[1] : undefined;
            if (secretRegion !== undefined && secretRegion !== region) {
                ctx.addIssue({
                    code: "custom",
                    path: [...path, "credentialArns", region],
                    input: arn,
                    message: `must be a secret in ${region}: ECR reads it from the cache rule's own region`,
                });
            }
        }
    }
}

/** "apps" and "apps/web" overlap; "apps" and "apps-legacy" do not. */
function nested(a: string, b: string): boolean {
    return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

/**
 * Rules between the registry and the clusters: an upstream that needs credentials needs a secret in every
 * cluster region, because each region runs its own cache. Reads the raw input defensively, so that it
 * reports alongside every other problem.
 */
export function checkRegistryRegions(root: Loose, ctx: z.RefinementCtx): void {
    const regions = [...new Set(mapsOf(root.clusters).flatMap((cluster) => (typeof cluster.region === "string" ? [cluster.region] : [])))];
    const caches = isMap(root.registry) ? mapsOf(root.registry.pullThroughCache) : [];
    for (const [index, { upstream, credentialArns }] of caches.entries()) {
        if (!isUpstream(upstream) || !UPSTREAMS[upstream].needsCredentials) {
            continue;
        }
        const given = isMap(credentialArns) ? Object.keys(credentialArns) : [];
        const missing = regions.filter((region) => !given.includes(region));
        if (missing.length > 0) {
            ctx.addIssue({
                code: "custom",
                path: ["registry", "pullThroughCache", index, "credentialArns"],
                input: credentialArns,
                params: { nothingReceived: credentialArns === undefined },
                message: `needs a Secrets Manager secret for every cluster region, since each region runs its own cache: missing ${missing.join(", ")}`,
            });
        }
        for (const region of given.filter((region) => !regions.includes(region))) {
            ctx.addIssue({
                code: "custom",
                path: ["registry", "pullThroughCache", index, "credentialArns", region],
                input: region,
                message: `names a region no cluster runs in (${regions.join(", ")})`,
            });
        }
    }
}

// Own keys only: an upstream read from config must not find "constructor" on the prototype.
const isUpstream = (value: unknown): value is Upstream => typeof value === "string" && Object.hasOwn(UPSTREAMS, value);

export type RegistryConfig = z.output<ReturnType<typeof registrySchema>>;
