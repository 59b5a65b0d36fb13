/**
 * Per-environment defaults: dev is cheap and disposable, prod is safe. Anything a config file
 * leaves out comes from here; the README's config reference lists the same values.
 */

export const ENVIRONMENTS = ["dev", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export interface NodePoolDefaults {
    name: string;
    capacityType: "ON_DEMAND" | "SPOT";
    instanceTypes: string[];
    minSize: number;
    maxSize: number;
    desiredSize: number;
}

export interface EnvironmentDefaults {
    /** Subnets per tier; prod spreads over three AZs to survive an AZ outage. */
    azCount: number;
    /** One NAT gateway saves ~$65/month per AZ in dev; prod keeps egress alive when an AZ fails. */
    natGateways: "single" | "perAz";
    /** dev's API is reachable from anywhere; prod must name the CIDRs (see cluster.ts). */
    publicAccessCidrs: string[] | undefined;
    /** KMS envelope encryption of Kubernetes secrets ($1/month per key). */
    secretsEncryption: boolean;
    controlPlaneLogs: string[];
    deletionProtection: boolean;
    systemPool: Omit<NodePoolDefaults, "name" | "capacityType">;
    nodePools: NodePoolDefaults[];
}

const ALL_CONTROL_PLANE_LOGS = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export const ENVIRONMENT_DEFAULTS: Record<Environment, EnvironmentDefaults> = {
    dev: {
        azCount: 2,
        natGateways: "single",
        publicAccessCidrs: ["0.0.0.0/0"],
        secretsEncryption: false,
        controlPlaneLogs: ["audit"],
        deletionProtection: false,
        systemPool: { instanceTypes: ["t3.large"], minSize: 1, maxSize: 3, desiredSize: 2 },
        nodePools: [
            {
                name: "spot-general",
                capacityType: "SPOT",
                instanceTypes: ["m6i.large", "m6a.large", "m5.large", "m7i.large"],
                minSize: 0,
                maxSize: 6,
                desiredSize: 1,
            },
        ],
    },
    prod: {
        azCount: 3,
        natGateways: "perAz",
        publicAccessCidrs: undefined,
        secretsEncryption: true,
        controlPlaneLogs: ALL_CONTROL_PLANE_LOGS,
        deletionProtection: true,
        systemPool: { instanceTypes: ["m6i.large", "m6a.large"], minSize: 3, maxSize: 6, desiredSize: 3 },
        nodePools: [
            {
                name: "spot-general",
                capacityType: "SPOT",
                instanceTypes: ["m6i.xlarge", "m6a.xlarge", "m5.xlarge", "m7i.xlarge", "m5a.xlarge"],
                minSize: 3,
                maxSize: 30,
                desiredSize: 3,
            },
            {
                // Where the autoscaler falls back to when spot capacity is short.
                name: "ondemand-general",
                capacityType: "ON_DEMAND",
                instanceTypes: ["m6i.xlarge", "m6a.xlarge"],
                minSize: 0,
                maxSize: 10,
                desiredSize: 0,
            },
        ],
    },
};

export interface RegistryDefaults {
    /** Enhanced scanning (Amazon Inspector) bills per image scanned; prod pays to learn of new CVEs in images already shipped. */
    scanning: "basic-on-push" | "enhanced-continuous";
    /** dev may re-push a tag while iterating; prod forbids it (see registry.ts). */
    immutableTags: boolean;
    /** prod keeps enough releases to roll back weeks; dev keeps a few and clears failed builds fast (storage is billed per GB). */
    lifecycle: { keepReleaseImages: number; releaseTagPrefix: string; untaggedExpiryDays: number };
}

export const REGISTRY_DEFAULTS: Record<Environment, RegistryDefaults> = {
    dev: {
        scanning: "basic-on-push",
        immutableTags: false,
        lifecycle: { keepReleaseImages: 10, releaseTagPrefix: "v", untaggedExpiryDays: 3 },
    },
    prod: {
        scanning: "enhanced-continuous",
        immutableTags: true,
        lifecycle: { keepReleaseImages: 50, releaseTagPrefix: "v", untaggedExpiryDays: 14 },
    },
};

export { ALL_CONTROL_PLANE_LOGS };
