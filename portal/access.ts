import type { EnvironmentName } from "../delivery/operations/types";
import type { Role, RunKind } from "./store/types";

/**
 * What a route needs of its caller:
 * - "public": nothing (the sign-in page, the stylesheet, the health check);
 * - a role: that role or a higher one;
 * - "change": deploying or changing a stack: a developer for an application outside prod, a platform-admin otherwise;
 * - "cancel": as starting the run would: a developer for a preview, else as "change" on the run's stack.
 */
export type Need = "public" | Role | "change" | "cancel";

export interface Access {
    need: Need;
    /** The audit log's name for what a state-changing route does; reads have none and are not audited unless refused. */
    action?: string;
}

/** The stack a "change" or "cancel" route acts on, as far as the rule needs it. */
export interface Scope {
    kind: "platform" | "application";
    environment: EnvironmentName;
    prod: boolean;
    /** For "cancel": what the run does. */
    runKind?: RunKind;
}

const RANK: Record<Role, number> = { viewer: 0, developer: 1, "platform-admin": 2 };

export function atLeast(role: Role, required: Role): boolean {
    return RANK[role] >= RANK[required];
}

/** The role a need asks for on a scope; a change whose scope is unknown (an unknown run, say) asks for developer, then 404s. */
export function requiredRole(need: Exclude<Need, "public">, scope: Scope | undefined): Role {
    if (need !== "change" && need !== "cancel") return need;
    if (scope === undefined) return "developer";
    if (need === "cancel" && scope.runKind === "preview") return "developer";
    return scope.kind === "application" && !scope.prod ? "developer" : "platform-admin";
}

/**
 * Every route of the portal and what it needs: the one place roles are decided. The app refuses to register a route
 * missing here, and the tests call every route with every role.
 */
export const ROUTES = {
    "GET /healthz": { need: "public" },
    "GET /static/:file": { need: "public" },
    "GET /sign-in": { need: "public" },
    "POST /sign-in": { need: "public", action: "auth.sign-in" },
    "POST /sign-out": { need: "viewer", action: "auth.sign-out" },

    "GET /": { need: "viewer" },
    "GET /environments/:environment": { need: "viewer" },
    "GET /environments/:environment/applications/new": { need: "developer" },
    "GET /environments/:environment/applications/:application": { need: "viewer" },
    "GET /runs": { need: "viewer" },
    "GET /runs/:run": { need: "viewer" },
    "GET /audit": { need: "viewer" },
    "GET /tokens": { need: "platform-admin" },

    "GET /api/whoami": { need: "viewer" },
    "GET /api/environments": { need: "viewer" },
    "GET /api/environments/:environment": { need: "viewer" },
    "POST /api/environments/:environment/preview": { need: "developer", action: "run.preview" },
    "POST /api/environments/:environment/deploy": { need: "change", action: "run.deploy" },
    "GET /api/environments/:environment/applications": { need: "viewer" },
    "POST /api/environments/:environment/applications": { need: "change", action: "application.onboard" },
    "GET /api/environments/:environment/applications/:application": { need: "viewer" },
    "POST /api/environments/:environment/applications/:application": { need: "change", action: "application.change" },
    "POST /api/environments/:environment/applications/:application/preview": { need: "developer", action: "run.preview" },
    "POST /api/environments/:environment/applications/:application/deploy": { need: "change", action: "run.deploy" },
    "POST /api/environments/:environment/applications/:application/remove": { need: "change", action: "application.remove" },
    "GET /api/runs": { need: "viewer" },
    "GET /api/runs/:run": { need: "viewer" },
    "GET /api/runs/:run/events": { need: "viewer" },
    "GET /api/runs/:run/stream": { need: "viewer" },
    "GET /api/runs/:run/canaries": { need: "viewer" },
    "POST /api/runs/:run/cancel": { need: "cancel", action: "run.cancel" },
    "GET /api/tokens": { need: "platform-admin" },
    "POST /api/tokens": { need: "platform-admin", action: "token.create" },
    "POST /api/tokens/:token/revoke": { need: "platform-admin", action: "token.revoke" },
    "GET /api/audit": { need: "viewer" },
} satisfies Record<string, Access>;

export type RouteKey = keyof typeof ROUTES;
