import type { ArgProblem } from "../lib/argProblems";
import { parseCidr } from "../lib/cidr";
import type { DashboardArgs } from "./dashboard";

/** A host name the dashboard is served at: one DNS name, no wildcard. */
export const DASHBOARD_HOST = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The longest session the chart accepts (config.sessionTTL, at most a year in seconds). */
export const MAX_SESSION_TTL_HOURS = 8760;

/** Every problem with a dashboard's arguments, so that the component is safe to use without Berth's stack config. */
export function dashboardArgProblems(args: DashboardArgs): ArgProblem[] {
    const problems: ArgProblem[] = [];
    const { access } = args;
    if (access.via === "gateway" && !DASHBOARD_HOST.test(access.host)) {
        problems.push({
            propertyPath: "access.host",
            reason: `must be a lowercase DNS name such as dashboard.example.com (got ${access.host})`,
        });
    }
    if (access.via === "internal-load-balancer") {
        if (access.allowedCidrs.length === 0) {
            problems.push({
                propertyPath: "access.allowedCidrs",
                reason: "must list at least one network: the load balancer would admit none",
            });
        }
        for (const [index, cidr] of access.allowedCidrs.entries()) {
            const network = parseCidr(cidr);
            if (network === undefined) {
                problems.push({
                    propertyPath: `access.allowedCidrs[${index}]`,
                    reason: `must be an IPv4 network such as 10.0.0.0/16 (got ${cidr})`,
                });
            } else if (network.prefix === 0) {
                problems.push({
                    propertyPath: `access.allowedCidrs[${index}]`,
                    reason: "must not be 0.0.0.0/0: the dashboard is never public",
                });
            }
        }
    }
    if (args.replicas !== undefined && (!Number.isInteger(args.replicas) || args.replicas < 1)) {
        problems.push({ propertyPath: "replicas", reason: `must be a whole number >= 1 (got ${args.replicas})` });
    }
    const ttl = args.sessionTtlHours;
    if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_SESSION_TTL_HOURS)) {
        problems.push({
            propertyPath: "sessionTtlHours",
            reason: `must be a whole number of hours from 1 to ${MAX_SESSION_TTL_HOURS} (got ${ttl})`,
        });
    }
    return problems;
}
