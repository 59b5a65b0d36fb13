import type { Registration } from "../monitor";
import type { ProviderView, ResourceView } from "./types";

/**
 * The plan's resources as rules see them. A resource without an explicit provider is created through its package's
 * default provider, which the engine makes from the stack's `<package>:` config keys (aws:region,
 * aws:defaultTags): the view gives it that provider, as a real preview does.
 */
export function viewsOfPlan(registrations: readonly Registration[], config: Record<string, string>): ResourceView[] {
    const byUrn = new Map(registrations.map((registration) => [registration.urn, registration]));
    const defaults = new Map<string, ProviderView>();
    const defaultProvider = (pkg: string): ProviderView => {
        let provider = defaults.get(pkg);
        if (!provider) {
            const prefix = `${pkg}:`;
            const inputs = Object.fromEntries(
                Object.entries(config)
                    .filter(([key]) => key.startsWith(prefix))
                    .map(([key, value]) => [key.slice(prefix.length), value]),
            );
            provider = { type: `pulumi:providers:${pkg}`, name: "default", urn: `default_${pkg}`, inputs };
            defaults.set(pkg, provider);
        }
        return provider;
    };
    return registrations.map((registration) => {
        const explicit = registration.provider ? byUrn.get(registration.provider) : undefined;
        const pkg = registration.type.split(":")[0];
        const provider: ProviderView | undefined = explicit
            ? { type: explicit.type, name: explicit.name, urn: explicit.urn, inputs: explicit.inputs }
            : registration.custom && !registration.type.startsWith("pulumi:")
              ? defaultProvider(pkg)
              : undefined;
        return {
            type: registration.type,
            name: registration.name,
            urn: registration.urn,
            inputs: registration.inputs,
            provider,
            dependencies: registration.dependencies,
        };
    });
}
