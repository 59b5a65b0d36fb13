import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { refuseBadArgs } from "../lib/argProblems";
import { ciPushPolicy, GITHUB_OIDC_HOST, githubOidcTrustPolicy, GithubOidcSubjects } from "./ci";
import { lifecyclePolicy, LifecycleSettings } from "./lifecycle";
import { repositoryArnsUnder, repositoryName, repositoryUrl } from "./names";
import { PullThroughCacheSpec, pullThroughCachePolicy, UPSTREAMS } from "./pullThroughCache";
import { replicaRegions, replicationRules } from "./replication";
import { repositoryPolicy } from "./repositoryPolicy";
import { ecrServiceTrustPolicy, templateRolePolicy } from "./templateRole";
import { registryArgProblems } from "./validate";

/** A cluster that pulls from the registry. */
export interface RegistryCluster {
    name: string;
    region: string;
    /** The role its nodes run as: kubelet pulls images with it. */
    nodeRoleArn: pulumi.Input<string>;
}

/** Who pushes: an existing role, or a role Berth creates for GitHub Actions. */
export type RegistryCi =
    | { pushRoleArn: string }
    | {
          githubOidc: GithubOidcSubjects & {
              /** The account's GitHub OIDC provider, when it exists already (IAM allows one per issuer). @default Berth creates it */
              providerArn?: string;
          };
      };

export interface RegistryArgs {
    /** The region the repositories live in and CI pushes to. */
    homeRegion: string;
    /** An aws.Provider per region, for the home region and every cluster's region. */
    providers: Record<string, aws.Provider>;
    /** The clusters of the environment: their node roles may pull, their regions get replicas and caches. */
    clusters: RegistryCluster[];
    /** Applications, one repository each, named `<namePrefix>/<application>`. @default none */
    repositories?: string[];
    /** The prefix of every repository; replication and enhanced scanning select on it. @default "apps" */
    namePrefix?: string;
    /**
     * "basic-on-push" scans each image once when pushed; "enhanced-continuous" turns on Amazon Inspector
     * scanning of the prefix in the home region, which re-scans as new CVEs appear. @default "basic-on-push"
     */
    scanning?: "basic-on-push" | "enhanced-continuous";
    /** A tag, once pushed, always names the same image. @default true */
    immutableTags?: boolean;
    /** What repositories keep. @default { keepReleaseImages: 50, releaseTagPrefix: "v", untaggedExpiryDays: 14 } */
    lifecycle?: LifecycleSettings;
    /** The one principal allowed to push. @default none: the policy neither grants nor denies pushes */
    ci?: RegistryCi;
    /** Caches of upstream registries, in every cluster region. @default none */
    pullThroughCache?: PullThroughCacheSpec[];
    /** Keep images through a `pulumi destroy`: repositories and keys are protected and never force-deleted. @default true */
    retain?: boolean;
    /** Tags on every AWS resource. @default none */
    tags?: Record<string, string>;
}

/**
 * The environment's image registry: an ECR repository per application in the home region (KMS-encrypted,
 * scanned, lifecycle-managed, pull access for every cluster's nodes and push access for CI only), replicated
 * to every other cluster region so that pulls stay in-region, and optional pull-through caches of public
 * upstreams in every cluster region.
 */
export class Registry extends pulumi.ComponentResource {
    /** Repository URL per application and region (home region and replicas). */
    readonly repositoryUrls: Record<string, Record<string, pulumi.Output<string>>>;
    /** The regions images are replicated to. */
    readonly replicaRegions: string[];
    /** The role CI assumes to push, when Berth created it or was given it. */
    readonly ciRoleArn?: pulumi.Output<string>;

    constructor(name: string, args: RegistryArgs, opts: pulumi.ComponentResourceOptions = {}) {
        refuseBadArgs("berth:registry:Registry", name, registryArgProblems(args));
        super("berth:registry:Registry", name, {}, opts);
        const home = args.homeRegion;
        const providerOf = (region: string): aws.Provider => {
            const provider = args.providers[region];
            if (!provider) {
                throw new Error(`berth:registry:Registry ${name} has no aws provider for ${region}`);
            }
            return provider;
        };
        const inHome = { parent: this, provider: providerOf(home) };
        const retain = args.retain ?? true;
        // protect stops `pulumi destroy` before it reaches an image; dev's forceDelete lets a teardown remove non-empty repositories.
        const keep = { ...inHome, protect: retain };
        const tags = args.tags ?? {};
        const prefix = args.namePrefix ?? "apps";
        const immutable = args.immutableTags ?? true;
        const lifecycle = JSON.stringify(
            lifecyclePolicy(args.lifecycle ?? { keepReleaseImages: 50, releaseTagPrefix: "v", untaggedExpiryDays: 14 }),
        );
        const account = aws.getCallerIdentityOutput({}, inHome).accountId;
        const nodeRoleArns = pulumi.all(args.clusters.map((cluster) => cluster.nodeRoleArn));
        const clusterRegions = args.clusters.map((cluster) => cluster.region);
        const regions = [home, ...replicaRegions(home, clusterRegions)];
        this.replicaRegions = regions.slice(1);

        // A deleted key makes every image it encrypted unreadable: prod waits the longest window KMS allows, dev the shortest.
        const deletionWindowInDays = retain ? 30 : 7;
        const key = new aws.kms.Key(
            `${name}-kms`,
            { description: `ECR image encryption for ${name} in ${home}`, enableKeyRotation: true, deletionWindowInDays, tags },
            keep,
        );

        const homeRepositoryArns = account.apply((id) => repositoryArnsUnder(prefix, id, [home]));
        this.ciRoleArn = args.ci ? ciRole(name, args.ci, homeRepositoryArns, tags, inHome) : undefined;
        const policy = pulumi
            .all([nodeRoleArns, this.ciRoleArn])
            .apply(([pullRoleArns, pushRoleArn]) => JSON.stringify(repositoryPolicy({ pullRoleArns, pushRoleArn })));

        this.repositoryUrls = {};
        for (const app of args.repositories ?? []) {
            const repository = new aws.ecr.Repository(
                `${name}-${app}`,
                {
                    name: repositoryName(prefix, app),
                    imageTagMutability: immutable ? "IMMUTABLE" : "MUTABLE",
                    // Under enhanced scanning the registry's filters decide instead; this is the fallback if it goes back to basic.
                    imageScanningConfiguration: { scanOnPush: true },
                    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.arn }],
                    forceDelete: !retain,
                    tags,
                },
                keep,
            );
            new aws.ecr.LifecyclePolicy(`${name}-${app}-lifecycle`, { repository: repository.name, policy: lifecycle }, inHome);
            new aws.ecr.RepositoryPolicy(`${name}-${app}-policy`, { repository: repository.name, policy }, inHome);
            this.repositoryUrls[app] = Object.fromEntries(
                regions.map((region) => [
                    region,
                    pulumi.all([repository.registryId, repository.name]).apply(([id, repo]) => repositoryUrl(id, region, repo)),
                ]),
            );
        }

        if (args.scanning === "enhanced-continuous") {
            // Account-level and one per region: it also decides scanning for repositories outside Berth (unmatched ones are not scanned).
            new aws.ecr.RegistryScanningConfiguration(
                `${name}-scanning`,
                {
                    scanType: "ENHANCED",
                    rules: [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: `${prefix}/*`, filterType: "WILDCARD" }] }],
                },
                inHome,
            );
        }

        if (this.replicaRegions.length > 0) {
            const replicaPolicy = nodeRoleArns.apply((pullRoleArns) => JSON.stringify(repositoryPolicy({ pullRoleArns })));
            const templates = replicaTemplates(
                name,
                {
                    prefix,
                    regions: this.replicaRegions,
                    immutable,
                    lifecycle,
                    repositoryPolicy: replicaPolicy,
                    account,
                    retain,
                    deletionWindowInDays,
                    tags,
                },
                providerOf,
                inHome,
            );
            new aws.ecr.ReplicationConfiguration(
                `${name}-replication`,
                { replicationConfiguration: { rules: account.apply((id) => replicationRules(prefix, id, this.replicaRegions)) } },
                // Templates first: a repository ECR replicates before its region's template exists keeps ECR's defaults for good.
                { ...inHome, dependsOn: templates },
            );
        }

        const caches = args.pullThroughCache ?? [];
        const cachePrefixes = caches.map((cache) => cache.prefix);
        if (caches.length > 0) {
            pullThroughCaches(name, caches, regions, providerOf, this);
            for (const cluster of args.clusters) {
                new aws.iam.RolePolicy(
                    `${name}-cache-${cluster.name}`,
                    {
                        role: pulumi.output(cluster.nodeRoleArn).apply(roleNameOf),
                        policy: account.apply((id) => pullThroughCachePolicy(cluster.region, id, cachePrefixes)),
                    },
                    inHome,
                );
            }
        }

        this.registerOutputs({ repositoryUrls: this.repositoryUrls, replicaRegions: this.replicaRegions, ciRoleArn: this.ciRoleArn });
    }
}

/** The CI principal's ARN: the given role, or a GitHub Actions OIDC role made here with push rights on Berth's repositories. */
function ciRole(
    name: string,
    ci: RegistryCi,
    repositoryArns: pulumi.Output<string[]>,
    tags: Record<string, string>,
    opts: pulumi.CustomResourceOptions,
): pulumi.Output<string> {
    if ("pushRoleArn" in ci) {
        return pulumi.output(ci.pushRoleArn);
    }
    const providerArn =
        ci.githubOidc.providerArn ??
        new aws.iam.OpenIdConnectProvider(
            `${name}-github-oidc`,
            // No thumbprints: IAM verifies GitHub's certificate through its own library of trusted CAs.
            { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: ["sts.amazonaws.com"], tags },
            opts,
        ).arn;
    const role = new aws.iam.Role(
        `${name}-ci`,
        {
            assumeRolePolicy: pulumi.output(providerArn).apply((arn) => githubOidcTrustPolicy(arn, ci.githubOidc)),
            description: `Pushes images to the Berth registry from GitHub Actions in ${ci.githubOidc.repository}`,
            tags,
        },
        opts,
    );
    new aws.iam.RolePolicy(`${name}-ci-push`, { role: role.name, policy: repositoryArns.apply(ciPushPolicy) }, opts);
    return role.arn;
}

interface ReplicaSettings {
    prefix: string;
    regions: string[];
    immutable: boolean;
    lifecycle: string;
    repositoryPolicy: pulumi.Output<string>;
    account: pulumi.Output<string>;
    retain: boolean;
    deletionWindowInDays: number;
    tags: Record<string, string>;
}

/**
 * A repository creation template per replica region. Without one, ECR creates replicated repositories with
 * its defaults (mutable tags, AES-256, no lifecycle or repository policy); a template gives them the same
 * settings as the source, encrypted with a key of their own region. KMS keys and tags in a template need a
 * role ECR assumes; the template applies only when ECR creates a repository, never to one that exists.
 */
function replicaTemplates(
    name: string,
    settings: ReplicaSettings,
    providerOf: (region: string) => aws.Provider,
    home: { parent: pulumi.Resource; provider: aws.Provider },
): aws.ecr.RepositoryCreationTemplate[] {
    const parent = home.parent;
    const keys = settings.regions.map(
        (region) =>
            new aws.kms.Key(
                `${name}-kms-${region}`,
                {
                    description: `ECR image encryption for ${name} replicas in ${region}`,
                    enableKeyRotation: true,
                    deletionWindowInDays: settings.deletionWindowInDays,
                    tags: settings.tags,
                },
                { parent, provider: providerOf(region), protect: settings.retain },
            ),
    );
    const role = new aws.iam.Role(
        `${name}-replica-creation`,
        {
            assumeRolePolicy: ecrServiceTrustPolicy(),
            description: `ECR creates ${name}'s replicated repositories with it`,
            tags: settings.tags,
        },
        home,
    );
    const rolePolicy = new aws.iam.RolePolicy(
        `${name}-replica-creation`,
        {
            role: role.name,
            policy: pulumi
                .all([settings.account, ...keys.map((key) => key.arn)])
                .apply(([account, ...keyArns]) =>
                    templateRolePolicy(repositoryArnsUnder(settings.prefix, account, settings.regions), keyArns),
                ),
        },
        home,
    );
    return settings.regions.map(
        (region, index) =>
            new aws.ecr.RepositoryCreationTemplate(
                `${name}-template-${region}`,
                {
                    prefix: settings.prefix,
                    appliedFors: ["REPLICATION"],
                    description: `Replicas of ${name}'s repositories`,
                    imageTagMutability: settings.immutable ? "IMMUTABLE" : "MUTABLE",
                    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: keys[index].arn }],
                    lifecyclePolicy: settings.lifecycle,
                    repositoryPolicy: settings.repositoryPolicy,
                    resourceTags: settings.tags,
                    customRoleArn: role.arn,
                },
                { parent, provider: providerOf(region), dependsOn: [rolePolicy] },
            ),
    );
}

/** One cache rule per upstream in every cluster region: a node pulls through its own region's cache. */
function pullThroughCaches(
    name: string,
    caches: PullThroughCacheSpec[],
    regions: string[],
    providerOf: (region: string) => aws.Provider,
    parent: pulumi.Resource,
): void {
    for (const region of regions) {
        for (const cache of caches) {
            new aws.ecr.PullThroughCacheRule(
                `${name}-cache-${cache.prefix}-${region}`,
                {
                    ecrRepositoryPrefix: cache.prefix,
                    upstreamRegistryUrl: UPSTREAMS[cache.upstream].url,
                    credentialArn: cache.credentialArns[region],
                },
                { parent, provider: providerOf(region) },
            );
        }
    }
}

/** "arn:aws:iam::123456789012:role/path/name" -> "name": IAM wants the role's name, clusters expose its ARN. */
function roleNameOf(roleArn: string): string {
    return roleArn.slice(roleArn.lastIndexOf("/") + 1);
}
