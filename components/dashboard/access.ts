import type { WebUiAccess } from "../lib/webUiEntrance";

/**
 * How people reach Headlamp: on an internal load balancer (port 80 to Headlamp's 4466), or at a host on the cluster's
 * gateway, which Berth's stack config allows only on an internal gateway.
 */
export type DashboardAccess = WebUiAccess;
