import { createHmac, randomBytes, timingSafeEqual } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** How long a browser sign-in lasts: a working day. */
export const SESSION_HOURS = 12;

export interface Session {
    /** The hash of the token the browser signed in with: each request looks the token up again. */
    tokenHash: string;
    /** Random per sign-in: what the session's CSRF token is derived from. */
    nonce: string;
    expires: number;
}

/**
 * Browser sessions without server-side state: the cookie holds the session, signed with HMAC-SHA256 under the portal's
 * key, so that several replicas sharing the key accept each other's sessions. CSRF tokens are derived from the session's
 * nonce under the same key (a synchronizer token that needs no storage); before sign-in, from a random pre-session cookie.
 */
export class SessionKeeper {
    constructor(private readonly key: Buffer) {}

    issue(tokenHash: string, now: Date): string {
        const session: Session = {
            tokenHash,
            nonce: newNonce(),
            expires: now.getTime() + SESSION_HOURS * 3600_000,
        };
        const payload = Buffer.from(JSON.stringify(session)).toString("base64url");
        return `${payload}.${this.sign("session", payload)}`;
    }

    /** The session in a cookie, or undefined when it is malformed, forged or expired. */
    read(cookie: string | undefined, now: Date): Session | undefined {
        if (!cookie) return undefined;
        const [payload, signature, extra] = cookie.split(".");
        if (!payload || !signature || extra !== undefined || !this.same(signature, this.sign("session", payload))) return undefined;
        try {
            const session = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Session;
            if (typeof session.tokenHash !== "string" || typeof session.nonce !== "string" || typeof session.expires !== "number")
                return undefined;
            return session.expires > now.getTime() ? session : undefined;
        } catch {
            return undefined;
        }
    }

    /** The CSRF token for a session nonce (or a pre-session nonce): what forms carry and `x-csrf-token` sends. */
    csrfToken(nonce: string): string {
        return this.sign("csrf", nonce);
    }

    checkCsrf(nonce: string, given: unknown): boolean {
        return typeof given === "string" && given.length > 0 && this.same(given, this.csrfToken(nonce));
    }

    private sign(purpose: string, value: string): string {
        return createHmac("sha256", this.key).update(`${purpose}:${value}`).digest("base64url");
    }

    private same(a: string, b: string): boolean {
        const left = Buffer.from(a);
        const right = Buffer.from(b);
        return left.length === right.length && timingSafeEqual(left, right);
    }
}

/** 128 random bits: what a session's (or a sign-in form's) CSRF token is derived from. */
export function newNonce(): string {
    return randomBytes(16).toString("base64url");
}

/**
 * The signing key: BERTH_SESSION_SECRET when set (replicas behind one load balancer must share it), else a random key
 * kept in the data directory, readable by its owner only, made on first start.
 */
export function loadSessionKey(dataDir: string, secret: string | undefined): Buffer {
    if (secret !== undefined && secret !== "") {
        if (secret.length < 32) throw new Error("BERTH_SESSION_SECRET must be at least 32 characters long");
        return Buffer.from(secret, "utf8");
    }
    const file = path.join(dataDir, "session.key");
    try {
        return Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64url");
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    const key = randomBytes(32);
    fs.mkdirSync(dataDir, { recursive: true });
    try {
        fs.writeFileSync(file, key.toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
        return key;
    } catch (err) {
        // Another process on the same data directory made it first: use theirs.
        if ((err as NodeJS.ErrnoException).code === "EEXIST") return Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64url");
        throw err;
    }
}
