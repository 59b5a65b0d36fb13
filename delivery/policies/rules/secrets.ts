import type { Finding, Rule } from "../types";
import { isHidden, isMap } from "../values";
import { literalCredentials } from "./secretKeys";

const SECRET_TYPE = "kubernetes:core/v1:Secret";
const HELM_TYPES = ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"];
/** An ExternalSecret's `spec.data` pairs a key of the Secret it writes (`secretKey`) with a reference: names, never values. */
const EXTERNAL_SECRET_TYPE = "kubernetes:external-secrets.io/v1:ExternalSecret";
/** A Secret's payload, which must reach the state encrypted. */
const SECRET_PAYLOADS = ["data", "stringData"];

/** The keys of a Secret's payload whose value is plaintext: neither a Pulumi secret nor computed. */
function plaintextKeys(payload: unknown, field: string): string[] {
    if (isHidden(payload) || !isMap(payload)) {
        return [];
    }
    return Object.entries(payload)
        .filter(([, value]) => !isHidden(value))
        .map(([key]) => `${field}.${key}`);
}

export const noPlaintextSecrets: Rule = {
    id: "no-plaintext-secrets",
    title: "No plaintext secret in Helm values or Kubernetes objects",
    description:
        "A Kubernetes Secret's data is a Pulumi secret (or computed at deploy), so that it is encrypted in the state; " +
        "Helm values and other Kubernetes objects hold no literal under a credential's key (password, token, secret, " +
        "apiKey, privateKey, ...) nor in a credential's environment variable: they reference a Secret instead " +
        "(existingSecret, secretKeyRef).",
    resources: {
        appliesTo: (type) => type.startsWith("kubernetes:"),
        check({ type, inputs }): Finding[] {
            if (type === SECRET_TYPE) {
                return SECRET_PAYLOADS.flatMap((field) => plaintextKeys(inputs[field], field)).map((path) => ({
                    message: `${path} is plaintext in the program and the state: pass it as a Pulumi secret (pulumi.secret, a secret config value)`,
                    subject: path,
                }));
            }
            const checked =
                type === EXTERNAL_SECRET_TYPE && isMap(inputs.spec) ? { ...inputs, spec: { ...inputs.spec, data: undefined } } : inputs;
            const where = HELM_TYPES.includes(type) ? literalCredentials(inputs.values, "values") : literalCredentials(checked, "");
            return where.map((path) => ({
                message: `${path} holds a credential written into the program: reference a Secret (existingSecret, secretKeyRef) or pass a Pulumi secret`,
                subject: path,
            }));
        },
    },
};
