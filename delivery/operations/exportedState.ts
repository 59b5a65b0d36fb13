import type { Deployment } from "@pulumi/pulumi/automation";
import { codeUnitOrder } from "../codeUnitOrder";
import { readable, Registration } from "../monitor";
import type { PlanDocument } from "../plan";

/** One resource of `pulumi stack export`'s deployment, the fields Berth reads. */
interface ExportedResource {
    urn: string;
    type: string;
    custom?: boolean;
    parent?: string;
    provider?: string;
    dependencies?: string[];
    protect?: boolean;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * A deployed stack's state in the plan document's shape, so that everything that reads a plan (reviewPlan, the
 * environment pages) reads the real thing the same way. Secrets stay encrypted in an export and read as "[secret]";
 * undefined when nothing is deployed.
 */
export function planFromDeployment(deployment: Deployment, stack: string): PlanDocument | undefined {
    const resources: ExportedResource[] = deployment.deployment?.resources ?? [];
    if (resources.length === 0) return undefined;
    const registrations = resources.map(registrationOf);
    const byType: Record<string, number> = {};
    for (const resource of registrations) byType[resource.type] = (byType[resource.type] ?? 0) + 1;
    return {
        version: 1,
        project: resources[0].urn.split("::")[1] ?? "",
        stack,
        resources: registrations,
        outputs: outputsFromDeployment(deployment),
        summary: {
            resources: registrations.length,
            byType: Object.fromEntries(Object.entries(byType).sort(([a], [b]) => codeUnitOrder(a, b))),
        },
        warnings: [],
    };
}

/** The root stack's outputs from an export, secrets as "[secret]": never decrypted, so never at risk of being shown. */
export function outputsFromDeployment(deployment: Deployment): Record<string, unknown> {
    const resources: ExportedResource[] = deployment.deployment?.resources ?? [];
    const root = resources.find((resource) => resource.type === STACK_TYPE);
    return readable(root?.outputs ?? {}) as Record<string, unknown>;
}

function registrationOf(resource: ExportedResource): Registration {
    return {
        urn: resource.urn,
        type: resource.type,
        name: resource.urn.split("::").pop() ?? resource.urn,
        custom: resource.custom ?? false,
        parent: resource.parent || null,
        // A provider reference is "<urn>::<id>".
        provider: resource.provider ? resource.provider.slice(0, resource.provider.lastIndexOf("::")) : null,
        dependencies: [...(resource.dependencies ?? [])].sort(),
        protect: resource.protect ?? false,
        inputs: readable(resource.inputs ?? {}) as Record<string, unknown>,
    };
}
