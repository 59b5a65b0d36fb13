import * as pulumi from "@pulumi/pulumi";

/**
 * Every key of the stack's config as the engine hands it over (`platform:clusters`, `aws:region`, ...): the
 * parser takes the `platform:` keys and refuses keys in a namespace nobody reads. Structured values arrive as
 * JSON text; plain strings stay strings.
 */
export function readStackConfig(): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
        try {
            raw[key] = JSON.parse(value);
        } catch {
            raw[key] = value;
        }
    }
    return raw;
}
