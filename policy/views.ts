import type { PolicyProviderResource, PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import { UnknownValueError } from "@pulumi/policy";
import type { ProviderView, ResourceView } from "../delivery/policies/types";
import { SECRET, UNKNOWN } from "../delivery/policies/values";

/**
 * The policy SDK hands policies a proxy that throws on a value not known until deploy (in a preview): a rule that
 * touched one would lose its whole check, for every resource of the stack in a stack policy. A plain copy holds
 * UNKNOWN there instead, as the plan does.
 */
export function plain(value: unknown): unknown {
    if (value === null || typeof value !== "object") {
        return value;
    }
    const source = value as Record<string | number, unknown>;
    const read = (key: string | number): unknown => {
        try {
            return plain(source[key]);
        } catch (error) {
            if (error instanceof UnknownValueError) {
                return UNKNOWN;
            }
            throw error;
        }
    };
    if (Array.isArray(value)) {
        const items: unknown[] = [];
        for (let index = 0; index < value.length; index++) {
            items.push(read(index));
        }
        return items;
    }
    return Object.fromEntries(Object.keys(source).map((key) => [key, read(key)]));
}

/**
 * The policy SDK decrypts secrets before policies see them, so a view cannot tell a Pulumi secret from a literal.
 * What it can tell is which properties the resource itself declares secret (a Kubernetes Secret's data and
 * stringData, which its SDK always does): those read SECRET, as in the plan.
 */
function inputsOf(props: Record<string, unknown>, secretProperties: readonly string[]): Record<string, unknown> {
    const inputs = plain(props) as Record<string, unknown>;
    for (const property of secretProperties) {
        if (Object.hasOwn(inputs, property)) {
            inputs[property] = SECRET;
        }
    }
    return inputs;
}

function providerView(provider: PolicyProviderResource | undefined): ProviderView | undefined {
    return (
        provider && {
            type: provider.type,
            name: provider.name,
            urn: provider.urn,
            inputs: plain(provider.props) as Record<string, unknown>,
        }
    );
}

/** A resource as a resource policy receives it: its inputs, its provider, no dependencies. */
export function viewOfArgs(args: ResourceValidationArgs): ResourceView {
    return {
        type: args.type,
        name: args.name,
        urn: args.urn,
        inputs: inputsOf(args.props, args.opts.additionalSecretOutputs),
        provider: providerView(args.provider),
        dependencies: [],
    };
}

/** A resource as a stack policy receives it: its outputs, its provider, what it depends on. */
export function viewOfResource(resource: PolicyResource): ResourceView {
    return {
        type: resource.type,
        name: resource.name,
        urn: resource.urn,
        inputs: inputsOf(resource.props, resource.opts.additionalSecretOutputs),
        provider: providerView(resource.provider),
        dependencies: resource.dependencies.map((dependency) => dependency.urn),
    };
}
