import * as pulumi from "@pulumi/pulumi";

const NAMESPACE = "platform:";

/**
 * The stack's `platform:` keys as the engine hands them over. Structured values arrive as JSON
 * text; plain strings stay strings.
 */
export function readPlatformConfig(): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
        if (!key.startsWith(NAMESPACE)) {
            continue;
        }
        const name = key.slice(NAMESPACE.length);
        try {
            raw[name] = JSON.parse(value);
        } catch {
            raw[name] = value;
        }
    }
    return raw;
}
