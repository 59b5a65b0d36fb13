/**
 * Which IAM actions write, by the verb their name starts with. AWS names its read-only actions Describe*, List*,
 * Get* and BatchGet*; everything else (Create, Put, Delete, Update, Attach, Authorize, Tag, Associate, Start,
 * Invoke, ...) counts as a write.
 *
 * A heuristic, and it errs towards "write": a few reads escape the four verbs (s3:HeadObject does not exist, but
 * athena:StartQueryExecution and logs:FilterLogEvents read) and are counted as writes. It is blind the other way
 * to a few Get actions that hand out something sensitive (secretsmanager:GetSecretValue, ecr:GetAuthorizationToken,
 * sts:GetFederationToken), which count as reads: this rule is about changes to resources, not about reading
 * secrets.
 */
const READ_VERBS = ["Describe", "List", "Get", "BatchGet"];

/**
 * Whether an action's name, up to its first wildcard, begins with `verb` as a whole word. IAM compares action names
 * without regard to case: "s3:getobject" is a read, and so is "s3:Get*"; "ec2:*" and "s3:*Object" may write.
 */
function startsWithVerb(literal: string, verb: string): boolean {
    if (!literal.toLowerCase().startsWith(verb.toLowerCase())) {
        return false;
    }
    const next = literal.charAt(verb.length);
    // After the verb: the end of the literal part (a wildcard follows, or nothing), the next word (PascalCase), or a name written all in lower case.
    return next === "" || /[A-Z]/.test(next) || literal === literal.toLowerCase();
}

/** Whether `action` ("service:Name", possibly with wildcards) may change something. */
export function isWriteAction(action: string): boolean {
    const colon = action.indexOf(":");
    if (colon < 0) {
        // "*" and anything malformed: assume the worst.
        return true;
    }
    const literal = action.slice(colon + 1).split(/[*?]/)[0];
    return !READ_VERBS.some((verb) => startsWithVerb(literal, verb));
}
