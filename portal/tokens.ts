import { createHash, randomBytes } from "crypto";
import type { Role, Store, TokenRecord } from "./store/types";

/** A recognisable prefix, so that a leaked token is easy to spot in a secret scanner. */
const TOKEN_PREFIX = "berth_";
/** The prefix and 32 bytes in base64url: 43 characters. */
const TOKEN_PATTERN = new RegExp(`${TOKEN_PREFIX}[A-Za-z0-9_-]{43}`, "g");

/** A token's name, as audit rows and lock conflicts show it: the API and the CLI take the same. */
export const TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,63}$/;
export const TOKEN_NAME_RULE = "must be 1 to 64 letters, digits, spaces and . _ @ -";

/** The name of a token made without one: its role and when, so that two never look alike. */
export function defaultTokenName(role: Role): string {
    return `${role}-${Date.now().toString(36)}`;
}

/** 256 random bits. */
export function newToken(): string {
    return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/** What the store keeps: a token is never stored, only its SHA-256 (it is random enough not to need a slow hash). */
export function hashToken(token: string): string {
    return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A message with anything shaped like a token replaced, for text that did not come from the portal (engine errors). */
export function withoutTokens(text: string): string {
    return text.replace(TOKEN_PATTERN, "[token]");
}

export async function createToken(store: Store, name: string, role: Role): Promise<{ token: string; record: TokenRecord }> {
    const token = newToken();
    const record = await store.createToken(name, role, hashToken(token));
    return { token, record };
}

/** On a fresh database, the first platform-admin token; undefined when any token exists already (another replica's, say). */
export async function bootstrapAdminToken(store: Store): Promise<string | undefined> {
    const token = newToken();
    return (await store.createFirstToken("admin", "platform-admin", hashToken(token))) ? token : undefined;
}
