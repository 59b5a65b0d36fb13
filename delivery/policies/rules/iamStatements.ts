import { isMap } from "../values";
import { isWriteAction } from "./iamActions";

/** An Allow statement that lets writes reach any resource, unconditionally. */
export interface UnscopedGrant {
    /** The statement's Sid, or its position ("#2") when it has none. */
    statement: string;
    /** The write actions it allows, as written; with NotAction, the actions it leaves out. */
    actions: string[];
    /** Whether it allows every action except `actions` (NotAction). */
    allExcept: boolean;
}

/**
 * Condition keys that say how or when a request is made, not which resource it touches: a statement conditioned
 * only on them still lets its writes reach any resource.
 */
const NON_SCOPING_KEYS = new Set(
    [
        "aws:SecureTransport",
        "aws:CurrentTime",
        "aws:EpochTime",
        "aws:MultiFactorAuthPresent",
        "aws:MultiFactorAuthAge",
        "aws:TokenIssueTime",
        "aws:UserAgent",
        "aws:RequestedRegion",
    ].map((key) => key.toLowerCase()),
);

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** "*", or an ARN whose resource part is "*" (arn:aws:s3:::*, arn:aws:ec2:*:*:*): every resource of a service. */
const isAnyResource = (resource: unknown) =>
    resource === "*" || (typeof resource === "string" && /^arn:[^:]*:[^:]*:[^:]*:[^:]*:\*$/.test(resource));

/** Whether a Condition block narrows the resources a statement reaches (any key other than the non-scoping ones). */
function scopes(condition: unknown): boolean {
    if (!isMap(condition)) {
        return false;
    }
    return Object.values(condition).some(
        (test) => isMap(test) && Object.keys(test).some((key) => !NON_SCOPING_KEYS.has(key.toLowerCase())),
    );
}

/** The statements of an identity policy document that allow writes on any resource without a condition that scopes them. */
export function unscopedWrites(document: unknown): UnscopedGrant[] {
    if (!isMap(document)) {
        return [];
    }
    return asList(document.Statement).flatMap((statement, index): UnscopedGrant[] => {
        if (!isMap(statement) || statement.Effect !== "Allow" || scopes(statement.Condition)) {
            return [];
        }
        const anyResource = statement.NotResource !== undefined || asList(statement.Resource).some(isAnyResource);
        if (!anyResource) {
            return [];
        }
        const name = typeof statement.Sid === "string" && statement.Sid !== "" ? statement.Sid : `#${index + 1}`;
        if (statement.NotAction !== undefined) {
            return [{ statement: name, actions: asList(statement.NotAction).map(String), allExcept: true }];
        }
        const writes = asList(statement.Action)
            .map(String)
            .filter((action) => isWriteAction(action));
        return writes.length > 0 ? [{ statement: name, actions: writes, allExcept: false }] : [];
    });
}
