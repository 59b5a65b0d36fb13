import { isUnknown, SECRET_TEXT, UNKNOWN_TEXT } from "./sentinels";

/** Longest value shown for one side of a property change; a reviewer follows the link to the preview for more. */
export const MAX_VALUE_LENGTH = 160;

/** What an absent value means: before a change, nothing was there; after it, the provider computes the value. */
export type Side = "before" | "after";

/** One already-masked value as the comment shows it: compact JSON, sentinels spelled out, long values shortened. */
export function displayValue(value: unknown, side: Side, maxLength = MAX_VALUE_LENGTH): string {
    if (value === undefined) return side === "before" ? "(none)" : "(computed by the provider)";
    if (value === SECRET_TEXT) return SECRET_TEXT;
    if (isUnknown(value)) return UNKNOWN_TEXT;
    const text = JSON.stringify(value, (_key, item) => (isUnknown(item) ? UNKNOWN_TEXT : item)) ?? String(value);
    return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}
