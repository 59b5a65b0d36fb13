/**
 * ECR's repository naming rule (CreateRepository's `repositoryName` pattern): lowercase letters, digits and
 * `. _ -`, optionally in `/`-separated parts, each part starting and ending with a letter or digit.
 */
export const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
export const REPOSITORY_NAME_LENGTH = { min: 2, max: 256 } as const;

/** Whether `name` (prefix included) is a repository name ECR accepts. */
export function isRepositoryName(name: string): boolean {
    return name.length >= REPOSITORY_NAME_LENGTH.min && name.length <= REPOSITORY_NAME_LENGTH.max && REPOSITORY_NAME.test(name);
}

/** `<prefix>/<app>`: every Berth repository lives under one prefix, which replication and scanning filter on. */
export function repositoryName(prefix: string, app: string): string {
    return `${prefix}/${app}`;
}

/** A repository's URL in `region`: replication keeps the name, so only the registry host changes. */
export function repositoryUrl(registryId: string, region: string, name: string): string {
    return `${registryId}.dkr.ecr.${region}.amazonaws.com/${name}`;
}

/** ARNs of every repository under `prefix` in the given regions (commercial partition, as the stack config requires). */
export function repositoryArnsUnder(prefix: string, account: string, regions: readonly string[]): string[] {
    return regions.map((region) => `arn:aws:ecr:${region}:${account}:repository/${prefix}/*`);
}
