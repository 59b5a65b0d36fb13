import type { Registration } from "../../delivery/monitor";

/** A kubernetes-models class: built from an object, `validate()` throws on anything the API schema refuses. */
type Model = new (data: any) => { validate(): void };

// Resolved lazily, per kind, so that a suite loads only the schemas it checks.
const MODELS: Record<string, () => Model> = {
    "kubernetes:storage.k8s.io/v1:StorageClass": () => require("kubernetes-models/storage.k8s.io/v1/StorageClass").StorageClass,
};

/**
 * Validates a Kubernetes object Berth writes itself, as registered in a plan, against the real API
 * schema of its kind. Throws for a kind with no schema here, so a new kind cannot go unchecked.
 */
export function validateAgainstApiSchema(resource: Registration): void {
    const model = MODELS[resource.type];
    if (!model) {
        throw new Error(`no API schema registered for ${resource.type} in test/helpers/schemas.ts`);
    }
    const Kind = model();
    new Kind(resource.inputs).validate();
}
