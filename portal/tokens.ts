import { createHash, randomBytes } from "crypto";
import type { Role, Store, TokenRecord } from "./store/types";

/** A recognisable prefix, so that a leaked token is easy to spot in a secret scanner. */
export const TOKEN_PREFIX = "berth_";
const TOKEN_PATTERN = /berth_[A-Za-z0-9_-]{43}/g;

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

/** On a fresh database, the first platform-admin token; undefined when any token exists already. */
export async function bootstrapAdminToken(store: Store): Promise<string | undefined> {
    if ((await store.countTokens()) > 0) return undefined;
    return (await createToken(store, "admin", "platform-admin")).token;
}
