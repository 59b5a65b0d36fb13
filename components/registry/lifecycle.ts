/** What a repository keeps. */
export interface LifecycleSettings {
    /** How many release-tagged images to keep; older ones expire. */
    keepReleaseImages: number;
    /** Tags starting with this are releases (e.g. "v" for v1.4.2). */
    releaseTagPrefix: string;
    /** Untagged images (superseded pushes, failed builds) expire this many days after push. */
    untaggedExpiryDays: number;
}

/**
 * The ECR lifecycle policy of every Berth repository. Release images are counted and the newest N kept, so
 * a rollback target always exists however rarely an application ships; untagged images go by age. Tags
 * without the release prefix (branch or commit builds) match neither rule and stay until removed.
 */
export function lifecyclePolicy(settings: LifecycleSettings) {
    return {
        rules: [
            {
                rulePriority: 1,
                description: `Keep the last ${settings.keepReleaseImages} release images (tags starting with "${settings.releaseTagPrefix}")`,
                selection: {
                    tagStatus: "tagged",
                    tagPrefixList: [settings.releaseTagPrefix],
                    countType: "imageCountMoreThan",
                    countNumber: settings.keepReleaseImages,
                },
                action: { type: "expire" },
            },
            {
                rulePriority: 2,
                description: `Expire untagged images ${settings.untaggedExpiryDays} days after push`,
                selection: {
                    tagStatus: "untagged",
                    countType: "sinceImagePushed",
                    countUnit: "days",
                    countNumber: settings.untaggedExpiryDays,
                },
                action: { type: "expire" },
            },
        ],
    };
}
