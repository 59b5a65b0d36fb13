import type * as pulumi from "@pulumi/pulumi";
import { CanaryChecks, METRICS_WINDOW_SECONDS } from "./metricTemplates";
import type { CanarySettings } from "./settings";
import { intervalSeconds, latencyMilliseconds } from "./validate";

/** The Kubernetes kind Berth writes for each canary-enabled application. */
export const CANARY_API_VERSION = "flagger.app/v1beta1";

/** What a Canary takes over from the application's own routing: its hosts, paths, timeout and retries. */
export interface CanaryRouting {
    hosts: string[];
    paths: string[];
    timeout: string;
    retries: { attempts: number; perTryTimeout: string; retryOn: string };
}

export interface CanarySpecArgs {
    /** The application: its Deployment and HorizontalPodAutoscaler carry this name, and Flagger names its Services after it. */
    application: string;
    /** The port the application's Service serves HTTP on, and the name of the container port behind it. */
    service: { port: number; targetPortName: string };
    /** The Gateway the VirtualService binds to, "<namespace>/<name>". */
    gateway: pulumi.Input<string>;
    routing: CanaryRouting;
    settings: CanarySettings;
    checks: CanaryChecks;
}

/**
 * The names of the Canary's checks. Never Flagger's built-in "request-success-rate" or "request-duration": Flagger
 * runs its own query (which selects no cluster) for a check of that name, even when the check names a template.
 */
export const CHECK_NAMES = { successRate: "success-rate", latency: "latency-p99" } as const;

/** The range a check's query covers: the analysis interval, and never less than `METRICS_WINDOW_SECONDS`. */
export function metricsWindow(interval: string): string {
    return intervalSeconds(interval) >= METRICS_WINDOW_SECONDS ? interval : `${METRICS_WINDOW_SECONDS}s`;
}

/**
 * The spec of a Flagger Canary for one application. Flagger then owns the application's routing: it creates the
 * Services `<app>` (in front of the released version), `<app>-primary` and `<app>-canary`, and the VirtualService
 * `<app>` on the gateway and inside the mesh, so that callers within the cluster take part in the release too.
 * A new version of the Deployment gets `stepWeight` more of the traffic after every passing check up to `maxWeight`,
 * then is promoted; `failedChecks` failing checks send all traffic back to the released version and scale the new one
 * to zero. Extra container ports (the metrics port) are carried onto Flagger's Services, so they can be scraped.
 * Deleting the Canary hands the Deployment back as it was (`revertOnDeletion`), which turning canary releases off does.
 */
export function canarySpec(args: CanarySpecArgs): Record<string, unknown> {
    const { application, routing, settings, checks } = args;
    const window = metricsWindow(settings.interval);
    return {
        targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: application },
        autoscalerRef: { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", name: application },
        // The Deployment's startup probe allows three minutes; a new version not ready after ten is rolled back.
        progressDeadlineSeconds: 600,
        revertOnDeletion: true,
        service: {
            port: args.service.port,
            targetPort: args.service.targetPortName,
            portName: args.service.targetPortName,
            appProtocol: "http",
            portDiscovery: true,
            hosts: [...routing.hosts],
            gateways: [args.gateway, "mesh"],
            match: routing.paths.map((prefix) => ({ uri: { prefix } })),
            timeout: routing.timeout,
            retries: { ...routing.retries },
        },
        analysis: {
            interval: settings.interval,
            threshold: settings.failedChecks,
            stepWeight: settings.stepWeight,
            maxWeight: settings.maxWeight,
            metrics: [
                {
                    name: CHECK_NAMES.successRate,
                    templateRef: { ...checks.successRate },
                    thresholdRange: { min: settings.minSuccessRate },
                    interval: window,
                },
                {
                    name: CHECK_NAMES.latency,
                    templateRef: { ...checks.latency },
                    thresholdRange: { max: latencyMilliseconds(settings.maxLatency) },
                    interval: window,
                },
            ],
        },
    };
}
