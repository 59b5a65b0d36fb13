import type * as pulumi from "@pulumi/pulumi";
import { SERVICE_PORT, serviceHost } from "./service";
import type { WorkloadSettings } from "./settings";

type Routing = NonNullable<WorkloadSettings["routing"]>;

/**
 * The VirtualService that brings the application's hosts and paths in through the platform's gateway, to its Service,
 * with a timeout for the whole request and retries of what never reached the application.
 */
export function virtualServiceSpec(application: string, routing: Routing, gateway: pulumi.Input<string>): Record<string, unknown> {
    return {
        hosts: [...routing.hosts],
        gateways: [gateway],
        http: [
            {
                name: application,
                match: routing.paths.map((prefix) => ({ uri: { prefix } })),
                route: [{ destination: { host: serviceHost(application), port: { number: SERVICE_PORT } } }],
                timeout: routing.timeout,
                retries: { ...routing.retries },
            },
        ],
    };
}
