import { expect } from "chai";
import { isCredentialKey } from "../../../delivery/policies/rules/secretKeys";
import { noPlaintextSecrets } from "../../../delivery/policies/rules/secrets";
import { SECRET, UNKNOWN } from "../../../delivery/policies/values";
import { findings, resource } from "../resources";

const secret = (inputs: Record<string, unknown>) =>
    resource("kubernetes:core/v1:Secret", "grafana-admin", { metadata: { name: "grafana-admin" }, ...inputs });
const release = (values: unknown) =>
    resource("kubernetes:helm.sh/v3:Release", "monitoring-stack", { chart: "kube-prometheus-stack", values });

describe("policy no-plaintext-secrets", () => {
    it("knows a credential's key from keys that only point at one", () => {
        const credentials = [
            "password",
            "adminPassword",
            "DB_PASSWORD",
            "apiKey",
            "api_key",
            "clientSecret",
            "token",
            "bearer-token",
            "secretKey",
            "secretAccessKey",
            "PRIVATE_KEY",
            "pass-word",
        ];
        // "mysecret" and "existingPassword" end as a credential does: only their words tell them apart.
        const pointers = [
            "existingSecret",
            "existingPassword",
            "mysecret",
            "passwordKey",
            "secretName",
            "tokenFile",
            "secretKeyRef",
            "userKey",
            "accessKeyId",
            "key",
        ];
        expect(credentials.filter((key) => !isCredentialKey(key))).to.deep.equal([]);
        expect(pointers.filter(isCredentialKey)).to.deep.equal([]);
    });

    it("passes a Secret whose data are Pulumi secrets or computed, and values that reference Secrets", () => {
        expect(
            findings(
                noPlaintextSecrets,
                secret({ stringData: SECRET }),
                secret({ data: { password: SECRET, username: UNKNOWN } }),
                release({ grafana: { admin: { existingSecret: "grafana-admin", passwordKey: "admin-password" }, adminPassword: SECRET } }),
                resource("kubernetes:apps/v1:Deployment", "api", {
                    spec: {
                        template: {
                            spec: {
                                // A credential's key holding a switch, not a credential.
                                automountServiceAccountToken: false,
                                containers: [
                                    { env: [{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }] },
                                ],
                            },
                        },
                    },
                }),
                release({ env: { ELASTIC_PASSWORD: "${ELASTIC_PASSWORD}" }, auth: { token: "" } }),
                // An ExternalSecret's secretKey names a key of the Secret it writes; its template fills values from the fetched ones.
                resource("kubernetes:external-secrets.io/v1:ExternalSecret", "grafana-admin", {
                    spec: {
                        data: [{ secretKey: "password", remoteRef: { key: "berth/prod/platform/grafana-admin", property: "password" } }],
                        target: { name: "grafana-admin", template: { data: { "admin-password": "{{ .password }}" } } },
                    },
                }),
            ),
        ).to.deep.equal([]);
    });

    it("fails plaintext Secret data, literal credentials in Helm values, and a credential's environment variable with a literal value", () => {
        expect(
            findings(
                noPlaintextSecrets,
                secret({ stringData: { "admin-user": "admin", "admin-password": "hunter2" } }),
                release({ grafana: { adminPassword: "hunter2" }, remoteWrite: [{ basicAuth: { password: 12345 } }] }),
                resource("kubernetes:apps/v1:Deployment", "api", {
                    spec: { template: { spec: { containers: [{ name: "api", env: [{ name: "API_TOKEN", value: "t0ken" }] }] } } },
                }),
                resource("kubernetes:core/v1:ConfigMap", "settings", { data: { "smtp.password": "hunter2" } }),
                resource("kubernetes:external-secrets.io/v1:ExternalSecret", "leaky", {
                    spec: { data: [], target: { name: "leaky", template: { data: { password: "hunter2" } } } },
                }),
            ),
        ).to.deep.equal([
            "grafana-admin: stringData.admin-user is plaintext in the program and the state: pass it as a Pulumi secret (pulumi.secret, a secret config value)",
            "grafana-admin: stringData.admin-password is plaintext in the program and the state: pass it as a Pulumi secret (pulumi.secret, a secret config value)",
            "monitoring-stack: values.grafana.adminPassword holds a credential written into the program: reference a Secret (existingSecret, secretKeyRef) or pass a Pulumi secret",
            "monitoring-stack: values.remoteWrite[0].basicAuth.password holds a credential written into the program: reference a Secret (existingSecret, secretKeyRef) or pass a Pulumi secret",
            "api: spec.template.spec.containers[0].env[0] (API_TOKEN) holds a credential written into the program: reference a Secret (existingSecret, secretKeyRef) or pass a Pulumi secret",
            "settings: data.smtp.password holds a credential written into the program: reference a Secret (existingSecret, secretKeyRef) or pass a Pulumi secret",
            "leaky: spec.target.template.data.password holds a credential written into the program: reference a Secret (existingSecret, secretKeyRef) or pass a Pulumi secret",
        ]);
    });
});
