import type { PolicyProviderResource, PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import type { Registration } from "../../delivery/monitor";
import { SECRET, UNKNOWN } from "../../delivery/policies/values";

// The policy SDK's own proxy and its sentinel for a value not known until deploy (internal to @pulumi/policy).
const { unknownCheckingProxy, unknownStringValue } = require("@pulumi/policy/proxy");

/** What a Pulumi secret reads as in a real preview: @pulumi/policy decrypts secrets before policies see them. */
export const DECRYPTED = "decrypted-by-the-policy-sdk";

/** A plan value as the policy SDK hands it over: secrets decrypted, unknowns as its sentinel. */
function asEngineValue(value: unknown): unknown {
    if (value === SECRET) return DECRYPTED;
    if (value === UNKNOWN) return unknownStringValue;
    if (Array.isArray(value)) return value.map(asEngineValue);
    if (value !== null && typeof value === "object")
        return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, asEngineValue(child)]));
    return value;
}

/** The Kubernetes SDK declares a Secret's payload secret (core/v1/secret.js); the engine passes that on in the options. */
const secretOutputsOf = (type: string) => (type === "kubernetes:core/v1:Secret" ? ["data", "stringData"] : []);

const optionsOf = (registration: Registration) => ({
    protect: registration.protect,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: secretOutputsOf(registration.type),
    parent: registration.parent ?? undefined,
});

const props = (inputs: Record<string, unknown>) => unknownCheckingProxy(asEngineValue(inputs));

function providerOf(registration: Registration, byUrn: Map<string, Registration>): PolicyProviderResource | undefined {
    const provider = registration.provider ? byUrn.get(registration.provider) : undefined;
    return provider && { type: provider.type, name: provider.name, urn: provider.urn, props: props(provider.inputs) };
}

/** What @pulumi/policy's analyze RPC builds for a resource policy (server.js makeAnalyzeRpcFun), from a plan's registration. */
export function resourceArgs(registration: Registration, plan: readonly Registration[]): ResourceValidationArgs {
    const byUrn = new Map(plan.map((other) => [other.urn, other]));
    return {
        type: registration.type,
        name: registration.name,
        urn: registration.urn,
        props: props(registration.inputs),
        opts: optionsOf(registration),
        provider: providerOf(registration, byUrn),
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => ({}) as T,
        notApplicable: (reason?: string): never => {
            throw new Error(`not applicable: ${reason}`);
        },
    };
}

/** What @pulumi/policy's analyzeStack RPC builds for a stack policy (server.js makeAnalyzeStackRpcFun), from a plan. */
export function stackResources(plan: readonly Registration[]): PolicyResource[] {
    const byUrn = new Map(plan.map((registration) => [registration.urn, registration]));
    const resources = new Map<string, PolicyResource>();
    for (const registration of plan) {
        resources.set(registration.urn, {
            type: registration.type,
            name: registration.name,
            urn: registration.urn,
            props: props(registration.inputs),
            opts: optionsOf(registration),
            provider: providerOf(registration, byUrn),
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        });
    }
    for (const registration of plan) {
        resources.get(registration.urn)!.dependencies = registration.dependencies.flatMap((urn) => resources.get(urn) ?? []);
    }
    return [...resources.values()];
}
