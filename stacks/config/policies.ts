import { z } from "zod";
import type { Environment } from "./defaults";

/**
 * `platform:policies`: how strictly Berth's policy rules (delivery/policies) judge this environment. The same
 * settings reach `berth check` (which reads the stack file) and the CrossGuard pack in policy/ (which reads the
 * stack's config from the Pulumi CLI), so both paths judge a stack alike.
 */

/** What a rule's violation does: fail the check (and block `pulumi up`), print a warning, or nothing. */
export const POLICY_SEVERITIES = ["mandatory", "advisory", "disabled"] as const;
export type PolicySeverity = (typeof POLICY_SEVERITIES)[number];

/** Every rule Berth ships; delivery/policies/rules implements exactly these (a test holds the two in step). */
export const POLICY_RULE_IDS = [
    "ecr-scan-on-push",
    "ecr-immutable-tags",
    "eks-secrets-encryption",
    "eks-control-plane-logging",
    "eks-private-endpoint",
    "imds-hop-limit",
    "helm-pinned-version",
    "iam-no-unscoped-write",
    "s3-encryption",
    "s3-versioning",
    "s3-no-public-access",
    "aws-required-tags",
    "no-plaintext-secrets",
    "workload-resource-requests",
] as const;
export type PolicyRuleId = (typeof POLICY_RULE_IDS)[number];

const everyRule = (severity: PolicySeverity): Record<PolicyRuleId, PolicySeverity> =>
    Object.fromEntries(POLICY_RULE_IDS.map((id) => [id, severity])) as Record<PolicyRuleId, PolicySeverity>;

/** Per-environment severities; the README's "Policies" section lists the same values. */
export const POLICY_DEFAULTS: Record<Environment, Record<PolicyRuleId, PolicySeverity>> = {
    dev: {
        ...everyRule("mandatory"),
        // dev lets developers re-push a tag while they iterate (platform:registry.immutableTags defaults to false there).
        "ecr-immutable-tags": "disabled",
        // dev's API is reachable from anywhere by default, so that a laptop can reach it without a VPN.
        "eks-private-endpoint": "disabled",
        // dev skips the $1/month KMS key by default (platform:clusters[].secretsEncryption): a reminder, not a gate.
        "eks-secrets-encryption": "advisory",
    },
    prod: everyRule("mandatory"),
};

/** Tags every taggable AWS resource must carry (through its own tags or its provider's defaultTags). */
export const DEFAULT_REQUIRED_TAGS = ["berth:environment", "cost-centre"];

const severity = z.enum(POLICY_SEVERITIES);

export const policiesSchema = z.strictObject({
    /** Per rule, overriding this environment's default (POLICY_DEFAULTS). @default none */
    severities: z.strictObject(Object.fromEntries(POLICY_RULE_IDS.map((id) => [id, severity.optional()]))).default({}),
    /** Tag keys aws-required-tags asks of every taggable AWS resource. @default ["berth:environment", "cost-centre"] */
    requiredTags: z.array(z.string().min(1)).min(1).default(DEFAULT_REQUIRED_TAGS),
    /**
     * Findings this environment accepts, each for one rule on one resource (its logical name, as `berth plan`
     * lists it), with the reason a reviewer reads. They are printed as excepted, never dropped silently. @default none
     */
    exceptions: z
        .array(
            z.strictObject({
                rule: z.enum(POLICY_RULE_IDS),
                resource: z.string().min(1),
                reason: z.string().trim().min(10, { error: "must say why the finding is acceptable (at least 10 characters)" }),
            }),
        )
        .default([]),
});

export type PoliciesInput = z.output<typeof policiesSchema>;

/** One accepted finding: `rule` on the resource named `resource`, for `reason`. */
export type PolicyException = PoliciesInput["exceptions"][number];

/** Every policy setting of an environment, resolved. */
export interface PolicySettings {
    environment: Environment;
    severities: Record<PolicyRuleId, PolicySeverity>;
    requiredTags: string[];
    exceptions: PolicyException[];
}

/** The environment's defaults with the stack's own settings over them. */
export function resolvePolicies(environment: Environment, policies: PoliciesInput | undefined): PolicySettings {
    const given = Object.entries(policies?.severities ?? {}).filter(([, level]) => level !== undefined);
    return {
        environment,
        severities: { ...POLICY_DEFAULTS[environment], ...Object.fromEntries(given) },
        requiredTags: policies?.requiredTags ?? DEFAULT_REQUIRED_TAGS,
        exceptions: policies?.exceptions ?? [],
    };
}
