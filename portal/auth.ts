import type { FastifyReply, FastifyRequest } from "fastify";
import type { SessionKeeper } from "./sessions";
import type { Role, Store } from "./store/types";
import { hashToken } from "./tokens";

export const SESSION_COOKIE = "berth_session";
/** Before sign-in: the random value the sign-in form's CSRF token is derived from. */
export const PRESESSION_COOKIE = "berth_presession";
export const CSRF_HEADER = "x-csrf-token";
export const CSRF_FIELD = "_csrf";

export interface Identity {
    name: string;
    role: Role;
    /** A bearer token (API clients), or a browser session, whose state-changing requests need the CSRF token. */
    via: "token" | "session";
    /** The CSRF token of the session, for the forms of the page. */
    csrf?: string;
    sessionNonce?: string;
}

/** Who is calling: the bearer token, else the session cookie; "invalid" when a bearer token is given but unknown. */
export async function identify(
    request: FastifyRequest,
    store: Store,
    sessions: SessionKeeper,
    now: Date,
): Promise<Identity | "invalid" | undefined> {
    const header = request.headers.authorization;
    if (header !== undefined) {
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        const token = match && (await store.findTokenByHash(hashToken(match[1])));
        return token ? { name: token.name, role: token.role, via: "token" } : "invalid";
    }
    const session = sessions.read(request.cookies[SESSION_COOKIE], now);
    if (!session) return undefined;
    const token = await store.findTokenByHash(session.tokenHash);
    if (!token) return undefined;
    return { name: token.name, role: token.role, via: "session", csrf: sessions.csrfToken(session.nonce), sessionNonce: session.nonce };
}

/** The CSRF token a browser request carries: the header (scripts) or the form field. */
export function givenCsrf(request: FastifyRequest): unknown {
    const header = request.headers[CSRF_HEADER];
    if (header !== undefined) return header;
    const body = request.body as Record<string, unknown> | undefined;
    return body && typeof body === "object" ? body[CSRF_FIELD] : undefined;
}

/** HttpOnly (scripts never read it), SameSite=Strict (other sites never send it), Secure when served over HTTPS. */
export function setCookie(reply: FastifyReply, request: FastifyRequest, name: string, value: string, maxAgeSeconds: number): void {
    reply.setCookie(name, value, {
        httpOnly: true,
        sameSite: "strict",
        secure: request.protocol === "https",
        path: "/",
        maxAge: maxAgeSeconds,
    });
}

export function clearCookie(reply: FastifyReply, name: string): void {
    reply.clearCookie(name, { path: "/" });
}

/** A request from a browser form (urlencoded body): answered with HTML and redirects rather than JSON. */
export function fromBrowserForm(request: FastifyRequest): boolean {
    return (request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
}
