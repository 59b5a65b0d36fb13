/** A message the program logged (pulumi.log.warn / error), with the resource it was logged against. */
export interface LogMessage {
    severity: "warning" | "error";
    message: string;
    urn?: string;
}

// engine.proto LogSeverity: DEBUG 0, INFO 1, WARNING 2, ERROR 3.
const SEVERITIES: Record<number, LogMessage["severity"]> = { 2: "warning", 3: "error" };

/**
 * Stands in for the engine's gRPC client so that `pulumi.log.*` reaches the planner instead of the console.
 * Debug and info messages are dropped: a real preview does not show them as diagnostics either.
 */
export class RecordingEngine {
    readonly messages: LogMessage[] = [];

    log(req: any, callback: (err: unknown, response: unknown) => void): void {
        const severity = SEVERITIES[req.getSeverity() as number];
        if (severity) {
            const urn: string = req.getUrn();
            this.messages.push({ severity, message: req.getMessage(), ...(urn ? { urn } : {}) });
        }
        callback(null, {});
    }

    // Stack.initialize tells the engine about the root resource; nothing to do offline.
    setRootResource(_req: unknown, callback: (err: unknown, response: unknown) => void): void {
        callback(null, {});
    }

    // pulumi.runtime.requirePulumiVersion asks the engine; the planner stands in for any version.
    requirePulumiVersion(_req: unknown, callback: (err: unknown, response: unknown) => void): void {
        callback(null, {});
    }
}
