import { closest } from "./suggest";

/**
 * Config namespaces. Berth's settings live under `platform:`, the project's own namespace (Pulumi.yaml names the
 * project `platform`), so a key without a namespace is a platform key, as the Pulumi CLI reads it. `aws:`,
 * `kubernetes:` and `pulumi:` belong to the providers and to Pulumi itself; any other namespace is a mistake that
 * would otherwise be ignored without a word (`platfrom:tags`, `berth:registry`).
 */
export const BERTH_NAMESPACE = "platform";
const OTHER_NAMESPACES = ["aws", "kubernetes", "pulumi"];

export interface SplitConfig {
    /** The `platform:` keys, without the namespace. */
    platform: Record<string, unknown>;
    /** One line per key that Berth would otherwise ignore. */
    problems: string[];
}

/**
 * Takes the platform keys out of a stack's whole config (keys as Pulumi names them, `platform:clusters`, `aws:region`)
 * and refuses keys in a namespace nobody reads, naming the key that was probably meant among `platformKeys`.
 */
export function splitNamespaces(config: Record<string, unknown>, platformKeys: readonly string[]): SplitConfig {
    const platform: Record<string, unknown> = {};
    const problems: string[] = [];
    for (const [key, value] of Object.entries(config)) {
        const colon = key.indexOf(":");
        const namespace = colon < 0 ? BERTH_NAMESPACE : key.slice(0, colon);
        const name = colon < 0 ? key : key.slice(colon + 1);
        if (namespace === BERTH_NAMESPACE) {
            if (Object.hasOwn(platform, name)) {
                problems.push(`${BERTH_NAMESPACE}:${name}: is given twice, with and without the ${BERTH_NAMESPACE}: namespace`);
            }
            platform[name] = value;
        } else if (!OTHER_NAMESPACES.includes(namespace)) {
            const suggestion = suggestKey(namespace, name, platformKeys);
            problems.push(
                `${key}: unknown namespace "${namespace}": Berth's settings are under ${BERTH_NAMESPACE}: (${OTHER_NAMESPACES.map((other) => `${other}:`).join(", ")} belong to the providers and Pulumi)${suggestion ? `; did you mean ${suggestion}?` : ""}`,
            );
        }
    }
    return { platform, problems };
}

/** `platfrom:tags` -> `platform:tags`, `berth:registry` -> `platform:registry`, `aws2:region` -> `aws:region`. */
function suggestKey(namespace: string, name: string, platformKeys: readonly string[]): string | undefined {
    const meant = closest(namespace, [BERTH_NAMESPACE, ...OTHER_NAMESPACES]);
    if (meant !== undefined && meant !== BERTH_NAMESPACE) {
        return `${meant}:${name}`;
    }
    const key = platformKeys.includes(name) ? name : closest(name, platformKeys);
    if (key !== undefined) {
        return `${BERTH_NAMESPACE}:${key}`;
    }
    return meant === BERTH_NAMESPACE ? `${BERTH_NAMESPACE}:${name}` : undefined;
}
