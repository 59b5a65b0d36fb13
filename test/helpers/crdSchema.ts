// Validates custom resources Berth writes against the openAPIV3Schema of their CustomResourceDefinition, as the API
// server would, for kinds no kubernetes-models package covers. The schemas under test/fixtures/crds are Berth's own
// subsets of the real CRDs' schemas: the fields Berth writes, constrained as the real CRD constrains them.
import * as fs from "fs";
import * as path from "path";
import Ajv, { ValidateFunction } from "ajv";

const FIXTURES = path.join(__dirname, "..", "fixtures", "crds");

/**
 * Kubernetes' own OpenAPI extensions. They guide the API server (list merging, int-or-string, CEL) and constrain no
 * JSON document beyond what the schema around them already says, except preserve-unknown-fields (see `closed`).
 */
const KUBERNETES_KEYWORDS = [
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-int-or-string",
    "x-kubernetes-list-type",
    "x-kubernetes-list-map-keys",
    "x-kubernetes-map-type",
    "x-kubernetes-embedded-resource",
    "x-kubernetes-validations",
];

const INT32 = 2 ** 31;

type Schema = Record<string, unknown>;

/**
 * The schema with every object that lists its properties closed to other keys (unless it preserves unknown fields or
 * says what else it takes). The API server prunes an unknown key silently, so a misspelt one would never take effect;
 * here it is refused, which is what a test wants to know.
 */
function closed(schema: unknown): unknown {
    if (Array.isArray(schema)) return schema.map(closed);
    if (typeof schema !== "object" || schema === null) return schema;
    const copy: Schema = Object.fromEntries(
        Object.entries(schema).map(([key, value]) =>
            key === "properties" && typeof value === "object" && value !== null
                ? [key, Object.fromEntries(Object.entries(value).map(([name, property]) => [name, closed(property)]))]
                : [key, closed(value)],
        ),
    );
    if (copy.properties !== undefined && copy.additionalProperties === undefined && copy["x-kubernetes-preserve-unknown-fields"] !== true) {
        copy.additionalProperties = false;
    }
    return copy;
}

const ajv = new Ajv({
    allErrors: true,
    strictTypes: false,
    formats: {
        int32: { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32 },
    },
});
ajv.addVocabulary(KUBERNETES_KEYWORDS);

const compiled = new Map<string, ValidateFunction>();

/** The validator of one fixture schema, e.g. "eck-3.5.0/elasticsearch.v1". */
function validatorOf(schemaName: string): ValidateFunction {
    let validate = compiled.get(schemaName);
    if (!validate) {
        const schema = JSON.parse(fs.readFileSync(path.join(FIXTURES, `${schemaName}.schema.json`), "utf8"));
        validate = ajv.compile(closed(schema) as Schema);
        compiled.set(schemaName, validate);
    }
    return validate;
}

/** A model class (as test/helpers/schemas.ts expects one) whose `validate()` throws with every place the schema refuses. */
export function crdModel(schemaName: string): new (data: any) => { validate(): void } {
    const validate = validatorOf(schemaName);
    return class {
        constructor(private readonly data: any) {}
        validate(): void {
            if (!validate(this.data)) {
                const problems = (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message}`);
                throw new Error(`refused by ${schemaName}: ${problems.join("; ")}`);
            }
        }
    };
}
