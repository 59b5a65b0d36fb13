import type * as k8s from "@pulumi/kubernetes";
import { PORT_NAMES } from "./deployment";
import { selectorLabels, WorkloadSettings } from "./settings";

/** The Service port the mesh routes to; the container's own port is the application's choice. */
export const SERVICE_PORT = 80;

/** The application's in-cluster name, which its VirtualService routes to. */
export function serviceHost(application: string): string {
    return `${application}.${application}.svc.cluster.local`;
}

/** The application's ClusterIP Service: HTTP on port 80 and, when the application exposes metrics, its metrics port. */
export function serviceSpec(settings: WorkloadSettings): k8s.types.input.core.v1.ServiceSpec {
    const http = { name: PORT_NAMES.http, port: SERVICE_PORT, targetPort: PORT_NAMES.http, protocol: "TCP", appProtocol: "http" };
    const metrics = settings.metrics && {
        name: PORT_NAMES.metrics,
        port: settings.metrics.port,
        targetPort: PORT_NAMES.metrics,
        protocol: "TCP",
        appProtocol: "http",
    };
    return { type: "ClusterIP", selector: selectorLabels(settings.application), ports: metrics ? [http, metrics] : [http] };
}
