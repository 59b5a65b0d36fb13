import type { ArgProblem } from "../lib/argProblems";
import { parseCidr } from "../lib/cidr";
import { credentialProblems } from "./credentials";
import type { MonitoringArgs } from "./monitoring";
import { millicores, PrometheusSize } from "./sizing";

/** A Prometheus duration as retention takes it: a number and one unit ("15d", "12h", "2w"). */
export const PROMETHEUS_DURATION = /^[1-9]\d*(ms|s|m|h|d|w|y)$/;

/** A Kubernetes memory quantity in binary units ("512Mi", "4Gi"). */
export const MEMORY_QUANTITY = /^[1-9]\d*(Mi|Gi)$/;

/** A DNS name people open Grafana at: lowercase, no wildcard. */
export const HOST_NAME = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function sizeProblems(path: string, size: Partial<PrometheusSize> | undefined): ArgProblem[] {
    const problems: ArgProblem[] = [];
    if (size === undefined) return problems;
    if (size.retention !== undefined && !PROMETHEUS_DURATION.test(size.retention)) {
        problems.push({
            propertyPath: `${path}.retention`,
            reason: `must be a Prometheus duration such as "15d" or "12h" (got ${size.retention})`,
        });
    }
    for (const key of ["storageGiB", "replicas"] as const) {
        const value = size[key];
        if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
            problems.push({ propertyPath: `${path}.${key}`, reason: `must be a whole number >= 1 (got ${value})` });
        }
    }
    if (size.cpu !== undefined && !(millicores(size.cpu) >= 1)) {
        problems.push({ propertyPath: `${path}.cpu`, reason: `must be a CPU quantity such as "500m" or "2" (got ${size.cpu})` });
    }
    if (size.memory !== undefined && !MEMORY_QUANTITY.test(size.memory)) {
        problems.push({
            propertyPath: `${path}.memory`,
            reason: `must be a memory quantity such as "512Mi" or "4Gi" (got ${size.memory})`,
        });
    }
    return problems;
}

/** Every problem with a monitoring's arguments, so that the component is safe to use without Berth's stack config. */
export function monitoringArgProblems(args: MonitoringArgs): ArgProblem[] {
    const problems = [...sizeProblems("prometheus", args.prometheus)];
    const alertmanagerReplicas = args.alertmanager?.replicas;
    if (alertmanagerReplicas !== undefined && (!Number.isInteger(alertmanagerReplicas) || alertmanagerReplicas < 1)) {
        problems.push({ propertyPath: "alertmanager.replicas", reason: `must be a whole number >= 1 (got ${alertmanagerReplicas})` });
    }
    if (!/^https:\/\/\S+$/.test(args.runbookBaseUrl)) {
        problems.push({ propertyPath: "runbookBaseUrl", reason: `must be an https URL (got ${args.runbookBaseUrl})` });
    }
    const threshold = args.spotInterruptionsPerHour;
    if (threshold !== undefined && (!Number.isInteger(threshold) || threshold < 1)) {
        problems.push({ propertyPath: "spotInterruptionsPerHour", reason: `must be a whole number >= 1 (got ${threshold})` });
    }
    const channel = args.alerting?.slack?.channel;
    if (channel !== undefined && !/^[#@][\w.-]+$/.test(channel)) {
        problems.push({ propertyPath: "alerting.slack.channel", reason: `must be a channel such as #platform-alerts (got ${channel})` });
    }
    problems.push(...credentialProblems(args));
    const { role } = args;
    if (role.kind === "spoke" && role.remoteWriteUrls.length === 0) {
        problems.push({
            propertyPath: "role.remoteWriteUrls",
            reason: "must list the hub receiver's endpoints: a spoke's series would reach no Grafana",
        });
    }
    if (role.kind === "hub") {
        problems.push(...sizeProblems("role.receiver", role.receiver));
        for (const [index, cidr] of role.peerCidrs.entries()) {
            if (parseCidr(cidr) === undefined) {
                problems.push({
                    propertyPath: `role.peerCidrs[${index}]`,
                    reason: `must be an IPv4 network such as 10.30.0.0/16 (got ${cidr})`,
                });
            }
        }
        const access = role.grafana.access;
        if (access.via === "gateway" && !HOST_NAME.test(access.host)) {
            problems.push({
                propertyPath: "role.grafana.access.host",
                reason: `must be a lowercase DNS name such as grafana.apps.example.com (got ${access.host})`,
            });
        }
        if (access.via === "internal-load-balancer") {
            for (const [index, cidr] of access.allowedCidrs.entries()) {
                if (parseCidr(cidr) === undefined) {
                    problems.push({
                        propertyPath: `role.grafana.access.allowedCidrs[${index}]`,
                        reason: `must be an IPv4 network such as 10.20.0.0/16 (got ${cidr})`,
                    });
                }
            }
        }
    }
    if (args.gatewayCertificate && !HOST_NAME.test(args.gatewayCertificate.serverName)) {
        problems.push({
            propertyPath: "gatewayCertificate.serverName",
            reason: `must be a host name the gateway's certificate is for, such as www.apps.example.com (got ${args.gatewayCertificate.serverName})`,
        });
    }
    return problems;
}
