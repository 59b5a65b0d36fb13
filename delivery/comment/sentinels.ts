/**
 * How the engine marks values it will not or cannot show. `pulumi preview --json` writes a secret as the string
 * "[secret]"; the wire format (and a state file) wraps it in an object tagged with the secret signature; a value only
 * known after the update is the unknown sentinel.
 */
const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const SECRET_TEXT = "[secret]";
export const UNKNOWN_TEXT = "(known after apply)";

export function isSecret(value: unknown): boolean {
    if (value === SECRET_TEXT) return true;
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIGNATURE_KEY] === SECRET_SIGNATURE;
}

export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN;
}
