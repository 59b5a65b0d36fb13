import { DASHBOARD_NAMESPACE } from "../dashboard/names";
import { GATEWAY_NAMESPACE, ISTIO_NAMESPACE } from "../ingress/meshObjects";
import { LOGGING_NAMESPACE, OPERATOR_NAMESPACE, SHIPPER_NAMESPACE } from "../logging/names";
import { MONITORING_NAMESPACE } from "../monitoring/names";
import { SECRETS_NAMESPACE } from "../secrets/names";

/**
 * An application name: it names the namespace (a DNS-1123 label) and the Service, whose name must also start with a
 * letter (a DNS-1035 label): at most 63 lowercase letters, digits and "-".
 */
export const APPLICATION_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Namespaces Kubernetes and the platform's add-ons own: an application named after one would take it over. */
export const RESERVED_NAMESPACES: readonly string[] = [
    "default",
    ISTIO_NAMESPACE,
    GATEWAY_NAMESPACE,
    MONITORING_NAMESPACE,
    LOGGING_NAMESPACE,
    OPERATOR_NAMESPACE,
    SHIPPER_NAMESPACE,
    DASHBOARD_NAMESPACE,
    SECRETS_NAMESPACE,
];

/** Why `name` cannot name an application, or undefined when it can. */
export function applicationNameProblem(name: string): string | undefined {
    if (!APPLICATION_NAME.test(name)) {
        return `must be a DNS-1123 label that starts with a letter: at most 63 lowercase letters, digits and "-", ending with a letter or digit; it names the application's namespace and Service (got ${name})`;
    }
    if (name.startsWith("kube-") || RESERVED_NAMESPACES.includes(name)) {
        return `names a namespace Kubernetes or the platform uses (got ${name}): choose another name`;
    }
    return undefined;
}
