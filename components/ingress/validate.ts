import type { ArgProblem } from "../lib/argProblems";
import type { IngressArgs } from "./ingress";

/** A DNS name the gateway serves, optionally a wildcard of one level ("*.apps.example.com"), or "*" for any. */
export const DOMAIN = /^(\*|(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/;

/** An ACM certificate ARN; its region is the fourth field. */
export const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z]{2}(?:-[a-z]+)+-\d):\d{12}:certificate\/[0-9a-f-]{36}$/;

/** A Kubernetes object name (DNS-1123 subdomain). */
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Every problem with an ingress's arguments, so that the component is safe to use without Berth's stack config. */
export function ingressArgProblems(args: IngressArgs): ArgProblem[] {
    const problems: ArgProblem[] = [];
    if (args.domains.length === 0) {
        problems.push({ propertyPath: "domains", reason: "must list at least one domain for the default Gateway" });
    }
    for (const [index, domain] of args.domains.entries()) {
        if (!DOMAIN.test(domain)) {
            problems.push({
                propertyPath: `domains[${index}]`,
                reason: `must be a lowercase DNS name such as apps.example.com or *.apps.example.com (got ${domain})`,
            });
        }
    }
    const { tls } = args;
    if (tls.terminateAt === "nlb") {
        const region = CERTIFICATE_ARN.exec(tls.certificateArn)?.[1];
        if (region === undefined) {
            problems.push({ propertyPath: "tls.certificateArn", reason: `must be an ACM certificate ARN (got ${tls.certificateArn})` });
        } else if (region !== args.cluster.region) {
            problems.push({
                propertyPath: "tls.certificateArn",
                reason: `is in ${region}, but the load balancer is in ${args.cluster.region}: ACM certificates are regional`,
            });
        }
    }
    if (tls.terminateAt === "gateway" && !OBJECT_NAME.test(tls.secretName)) {
        problems.push({ propertyPath: "tls.secretName", reason: `must be a Kubernetes Secret name (got ${tls.secretName})` });
    }
    const { replicas } = args;
    for (const key of ["controller", "istiod"] as const) {
        const value = replicas?.[key];
        if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
            problems.push({ propertyPath: `replicas.${key}`, reason: `must be a whole number >= 1 (got ${value})` });
        }
    }
    const gateway = replicas?.gateway;
    if (gateway && (!Number.isInteger(gateway.min) || gateway.min < 1 || !Number.isInteger(gateway.max) || gateway.max < gateway.min)) {
        problems.push({
            propertyPath: "replicas.gateway",
            reason: `must have whole numbers 1 <= min <= max (got ${JSON.stringify(gateway)})`,
        });
    }
    return problems;
}
