import { isSecret, SECRET_TEXT } from "./sentinels";

/**
 * `value` with every part hidden that is a secret on either side of the change: the engine's JSON can carry the old
 * plaintext of a value that has since become a secret (or the plaintext a secret is turned back into), and a reviewer
 * must see neither. `other` is the same property on the other side of the change.
 */
export function maskAgainst(value: unknown, other: unknown): unknown {
    if (isSecret(value) || isSecret(other)) return SECRET_TEXT;
    if (Array.isArray(value)) return value.map((item, index) => maskAgainst(item, Array.isArray(other) ? other[index] : undefined));
    if (value === null || typeof value !== "object") return value;
    const counterpart = other !== null && typeof other === "object" && !Array.isArray(other) ? (other as Record<string, unknown>) : {};
    return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
            // The engine's own bookkeeping of which inputs took provider defaults says nothing to a reviewer.
            .filter(([key]) => key !== "__defaults")
            .map(([key, item]) => [key, maskAgainst(item, counterpart[key])]),
    );
}
