import { hexOf, uuidOf } from "../../delivery/mockIds";
import { computeState } from "../../delivery/mockState";
import type { PlanDocument } from "../../delivery/plan";

/** Generated secrets, and the outputs of each that are secret: what a plan must never show in plain text. */
const SECRET_OUTPUTS: Record<string, string[]> = {
    "random:index/randomPassword:RandomPassword": ["result"],
    "tls:index/privateKey:PrivateKey": ["privateKeyPem", "privateKeyPemPkcs8"],
};

/** A PEM's body (the part a leak would show); any other value as it is. */
const distinctive = (value: string) => value.match(/^-----BEGIN [^-]+-----\n([^-]+)\n-----END/)?.[1] ?? value;

/**
 * The values Berth's mocks gave every generated secret in `plan`, computed as the mocks compute them. A resource with
 * no AWS provider takes the stack's aws:region or the mocks' default, so each is computed for every region the plan
 * has a provider in and for the default: more candidates only make "none of them leaked" stricter.
 */
export function mockedSecrets(plan: PlanDocument): string[] {
    const regions = new Set<string>(["us-east-1"]);
    for (const provider of plan.resources.filter((r) => r.type === "pulumi:providers:aws")) {
        if (typeof provider.inputs.region === "string") regions.add(provider.inputs.region);
    }
    const secrets: string[] = [];
    for (const resource of plan.resources.filter((r) => r.type in SECRET_OUTPUTS)) {
        for (const region of regions) {
            const seed = `${resource.type}|${resource.name}|${region}`;
            const { outputs } = computeState({
                type: resource.type,
                name: resource.name,
                custom: true,
                inputs: resource.inputs,
                region,
                hex: (length, salt = "") => hexOf(`${seed}|${salt}`, length),
                uuid: (salt = "") => uuidOf(`${seed}|${salt}`),
            });
            for (const key of SECRET_OUTPUTS[resource.type]) {
                secrets.push(distinctive(String(outputs[key])));
            }
        }
    }
    return secrets;
}
