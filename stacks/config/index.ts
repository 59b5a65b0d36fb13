import type { Environment } from "./defaults";
import { environmentOf } from "./environment";
import { BerthConfigError } from "./errors";
import { keysAt } from "./keys";
import { splitNamespaces } from "./namespaces";
import { platformSchema, PlatformConfig } from "./platform";
import { describeIssue } from "./problems";
import { supportWarnings } from "./support";

export { BerthConfigError } from "./errors";
export type { ClusterConfig, PlatformConfig } from "./platform";
export type { RegistryConfig } from "./registry";
export type { NodePoolConfig, SystemPoolConfig } from "./nodePool";
export type { Environment } from "./defaults";

export interface ParsedConfig {
    config: PlatformConfig;
    /** Things that work but need attention (a Kubernetes minor near or past the end of standard support, and its cost). */
    warnings: string[];
}

const schemas = new Map<Environment, ReturnType<typeof platformSchema>>();

/**
 * The schema of an environment, built once: building one costs about as much as parsing a whole stack's config with
 * it (the tests parse hundreds of configs, and the portal one per onboarding check); it depends only on the environment.
 */
function schemaOf(environment: Environment): ReturnType<typeof platformSchema> {
    let schema = schemas.get(environment);
    if (!schema) {
        schema = platformSchema({ environment });
        schemas.set(environment, schema);
    }
    return schema;
}

/** The top-level platform keys, the same in every environment. */
const PLATFORM_KEYS = keysAt(schemaOf("dev"), []) ?? [];

/**
 * Parses a stack's config into one validated object, or throws a BerthConfigError listing every problem. Keys
 * are as Pulumi names them (`platform:clusters`, `aws:region`); a key without a namespace is a `platform:` key,
 * the project's own, as in a stack file. Keys in a namespace nobody reads are problems too.
 */
export function parsePlatformConfig(stackConfig: Record<string, unknown>, options: { stack: string; today: Date }): ParsedConfig {
    const { platform: raw, problems: namespaceProblems } = splitNamespaces(stackConfig, PLATFORM_KEYS);
    const { environment, problem } = environmentOf(raw, options.stack);
    const schema = schemaOf(environment);
    // Parsed once per plan: without `jitless`, zod would compile a fast path for each object schema as it first parses.
    const result = schema.safeParse({ ...raw, environment }, { reportInput: true, jitless: true });
    const problems = [
        ...(problem ? [problem] : []),
        ...namespaceProblems,
        ...(result.success ? [] : result.error.issues.flatMap((issue) => describeIssue(issue, (path) => keysAt(schema, path)))),
    ];
    if (problems.length > 0 || !result.success) {
        throw new BerthConfigError(problems);
    }
    return { config: result.data, warnings: supportWarnings(result.data.clusters, options.today) };
}
