import { isHidden, isMap } from "../values";

/**
 * Which keys hold a credential, by the words of their name ("adminPassword", "API_KEY", "client-secret"): a key
 * holds one when its name ends in one of these. Keys that only point at a credential elsewhere end otherwise
 * ("passwordKey", "secretName", "tokenFile", "secretKeyRef") or start with "existing" ("existingSecret", Helm
 * charts' name for a Secret to read).
 */
const CREDENTIAL_ENDINGS = [
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "credentials",
    "apikey",
    "privatekey",
    "secretkey",
    "secretaccesskey",
];

/** "adminPassword" -> ["admin", "password"]; "API_KEY" -> ["api", "key"]; "tls.key" -> ["tls", "key"] */
function wordsOf(key: string): string[] {
    return key
        .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
        .split(/[^A-Za-z0-9]+/)
        .filter((word) => word !== "")
        .map((word) => word.toLowerCase());
}

/**
 * Whether a key's name, without separators and in lower case, ends in a credential's ending: true of every credential
 * key, and of few others. Most keys fail it, and it costs far less than splitting the name into words.
 */
const ENDS_LIKE_A_CREDENTIAL = new RegExp(`(?:${CREDENTIAL_ENDINGS.join("|")})$`);

export function isCredentialKey(key: string): boolean {
    if (!ENDS_LIKE_A_CREDENTIAL.test(key.replace(/[^A-Za-z0-9]+/g, "").toLowerCase())) {
        return false;
    }
    const words = wordsOf(key);
    if (words.length === 0 || words[0] === "existing") {
        return false;
    }
    // The last one, two or three words run together: "apikey", "secretkey", "secretaccesskey".
    return [1, 2, 3].some((count) => count <= words.length && CREDENTIAL_ENDINGS.includes(words.slice(-count).join("")));
}

/** A value written into the program: not a Pulumi secret, not computed, not empty, not a reference ("${DB_PASSWORD}", "{{ .Values.x }}"). */
export function isLiteral(value: unknown): boolean {
    if (typeof value === "number") {
        return true;
    }
    if (typeof value !== "string" || value.trim() === "" || isHidden(value)) {
        return false;
    }
    return !/^\s*(\$\{[^}]+\}|\$\([^)]+\)|\{\{.*\}\})\s*$/.test(value);
}

/**
 * Every place under `value` where a credential is written out: a credential key with a literal value, and an
 * environment variable (`{name, value}`) whose name is a credential's. Paths as `values.grafana.adminPassword`.
 */
export function literalCredentials(value: unknown, path: string): string[] {
    if (Array.isArray(value)) {
        return value.flatMap((item, index) => literalCredentials(item, `${path}[${index}]`));
    }
    if (!isMap(value)) {
        return [];
    }
    if (typeof value.name === "string" && isCredentialKey(value.name) && isLiteral(value.value)) {
        return [`${path} (${value.name})`];
    }
    return Object.entries(value).flatMap(([key, child]) => {
        const at = path === "" ? key : `${path}.${key}`;
        return isCredentialKey(key) && isLiteral(child) ? [at] : literalCredentials(child, at);
    });
}
