import { execFile } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import { parse } from "yaml";

/** A kubeconfig Berth cannot use, or credentials it could not get. The message names keys and commands, never values. */
export class KubeconfigError extends Error {
    override readonly name = "KubeconfigError";
}

export interface KubernetesClientOptions {
    /** How long one request may take. @default 5000 */
    timeoutMs?: number;
    /** How long the kubeconfig's credential command (e.g. `aws eks get-token`) may take. @default 20000 */
    credentialTimeoutMs?: number;
    /** The clock a credential's expiry is judged by, in milliseconds. @default Date.now */
    now?: () => number;
}

export interface KubernetesResponse {
    status: number;
    /** The parsed JSON of a 200 answer; other answers' bodies are not kept (they are never shown). */
    body?: unknown;
}

/** A kubeconfig's `exec` credential plugin: the command the cluster's kubeconfig runs for a token (EKS: `aws eks get-token`). */
interface ExecPlugin {
    apiVersion: string;
    command: string;
    args: string[];
    env: Record<string, string>;
}

/** How the client proves who it is: what the kubeconfig's user gives, or what its credential plugin returned. */
interface Credential {
    token?: string;
    cert?: string | Buffer;
    key?: string | Buffer;
    /** When an exec credential stops being valid (ms); absent: until the server refuses it. */
    expiresAt?: number;
}

/** Credentials are fetched again this long before they expire, so that no request goes out with one about to lapse. */
const EXPIRY_MARGIN_MS = 60_000;
/** A Canary is a few kilobytes; anything much larger is not one. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A minimal read-only Kubernetes API client for one kubeconfig's current context: HTTPS GETs with the cluster's CA, and
 * the user's token, client certificate, or `exec` credential plugin (what EKS kubeconfigs use). Enough to read a custom
 * resource; nothing is logged, and no credential appears in an error or a result.
 */
export class KubernetesClient {
    private readonly server: string;
    private readonly tls: https.RequestOptions;
    private readonly fixed: Credential;
    private readonly exec?: ExecPlugin;
    private readonly timeoutMs: number;
    private readonly credentialTimeoutMs: number;
    private readonly now: () => number;
    private credential?: Promise<Credential>;

    constructor(kubeconfig: string, options: KubernetesClientOptions = {}) {
        this.timeoutMs = options.timeoutMs ?? 5000;
        this.credentialTimeoutMs = options.credentialTimeoutMs ?? 20_000;
        this.now = options.now ?? Date.now;
        const { cluster, user } = currentContext(kubeconfig);
        const server = text(cluster.server);
        if (!server || !/^https?:\/\//.test(server)) throw new KubeconfigError("the kubeconfig's cluster has no https:// server");
        this.server = server.replace(/\/+$/, "");
        this.tls = {
            ca: fileOrData(cluster, "certificate-authority"),
            rejectUnauthorized: cluster["insecure-skip-tls-verify"] !== true,
            servername: text(cluster["tls-server-name"]),
        };
        this.fixed = {
            token: text(user.token) ?? (text(user.tokenFile) && fs.readFileSync(text(user.tokenFile)!, "utf8").trim()),
            cert: fileOrData(user, "client-certificate"),
            key: fileOrData(user, "client-key"),
        };
        this.exec = execPluginOf(user.exec);
        if (!this.fixed.token && !this.fixed.cert && !this.exec) {
            throw new KubeconfigError(
                `the kubeconfig's user has no token, client certificate or exec credential plugin (${Object.keys(user).join(", ") || "nothing"})`,
            );
        }
    }

    /** GETs an API path such as `/apis/<group>/<version>/namespaces/<ns>/<plural>/<name>`; fetches fresh credentials once on a 401. */
    async get(path: string): Promise<KubernetesResponse> {
        const response = await this.request(path, await this.credentials());
        if (response.status !== 401 || !this.exec) return response;
        this.credential = undefined;
        return this.request(path, await this.credentials());
    }

    private async credentials(): Promise<Credential> {
        if (!this.exec) return this.fixed;
        const cached = this.credential && (await this.credential.catch(() => undefined));
        if (cached && (cached.expiresAt === undefined || cached.expiresAt - EXPIRY_MARGIN_MS > this.now())) return cached;
        this.credential = runExecPlugin(this.exec, this.credentialTimeoutMs);
        return this.credential;
    }

    private request(path: string, credential: Credential): Promise<KubernetesResponse> {
        const url = new URL(this.server + path);
        const transport = url.protocol === "https:" ? https : http;
        const headers: Record<string, string> = { accept: "application/json" };
        if (credential.token) headers.authorization = `Bearer ${credential.token}`;
        return new Promise((resolve, reject) => {
            const request = transport.request(
                url,
                { method: "GET", headers, ...this.tls, cert: credential.cert, key: credential.key, timeout: this.timeoutMs, agent: false },
                (response) => {
                    const chunks: Buffer[] = [];
                    let size = 0;
                    response.on("data", (chunk: Buffer) => {
                        size += chunk.length;
                        if (size > MAX_BODY_BYTES) request.destroy(new Error(`the answer to GET ${url.pathname} is over 1 MiB`));
                        else chunks.push(chunk);
                    });
                    response.on("end", () => {
                        const status = response.statusCode ?? 0;
                        if (status !== 200) return resolve({ status });
                        try {
                            resolve({ status, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
                        } catch {
                            reject(new Error(`the answer to GET ${url.pathname} is not JSON`));
                        }
                    });
                    response.on("error", reject);
                },
            );
            request.on("timeout", () => request.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
            request.on("error", reject);
            request.end();
        });
    }
}

type Section = Record<string, unknown>;

/** The cluster and user of the kubeconfig's current context (or of its only context). */
function currentContext(kubeconfig: string): { cluster: Section; user: Section } {
    let config: Section;
    try {
        config = section(parse(kubeconfig));
    } catch {
        throw new KubeconfigError("the kubeconfig is neither YAML nor JSON");
    }
    const named = (list: unknown, key: string, name: string | undefined): Section => {
        const entries = (Array.isArray(list) ? list : []).map(section);
        const entry = name === undefined && entries.length === 1 ? entries[0] : entries.find((candidate) => candidate.name === name);
        return section(entry?.[key]);
    };
    const contextName = text(config["current-context"]);
    const context = named(config.contexts, "context", contextName);
    if (Object.keys(context).length === 0) throw new KubeconfigError("the kubeconfig has no current context");
    const cluster = named(config.clusters, "cluster", text(context.cluster));
    const user = named(config.users, "user", text(context.user));
    if (Object.keys(cluster).length === 0) throw new KubeconfigError("the kubeconfig's current context names no cluster it has");
    return { cluster, user };
}

/** `<key>-data` (base64) or `<key>` (a file), e.g. certificate-authority-data or certificate-authority. */
function fileOrData(from: Section, key: string): Buffer | undefined {
    const data = text(from[`${key}-data`]);
    if (data) return Buffer.from(data, "base64");
    const file = text(from[key]);
    return file ? fs.readFileSync(file) : undefined;
}

function execPluginOf(value: unknown): ExecPlugin | undefined {
    const exec = section(value);
    const command = text(exec.command);
    if (!command) return undefined;
    const env: Record<string, string> = {};
    for (const entry of Array.isArray(exec.env) ? exec.env.map(section) : []) {
        if (text(entry.name) && typeof entry.value === "string") env[text(entry.name)!] = entry.value;
    }
    return {
        apiVersion: text(exec.apiVersion) ?? "client.authentication.k8s.io/v1beta1",
        command,
        args: (Array.isArray(exec.args) ? exec.args : []).filter((arg): arg is string => typeof arg === "string"),
        env,
    };
}

/** Runs the credential plugin as kubectl does and reads its ExecCredential; its output (a token) is never shown. */
function runExecPlugin(plugin: ExecPlugin, timeoutMs: number): Promise<Credential> {
    const info = { apiVersion: plugin.apiVersion, kind: "ExecCredential", spec: { interactive: false } };
    const env = { ...process.env, ...plugin.env, KUBERNETES_EXEC_INFO: JSON.stringify(info) };
    const name = JSON.stringify(plugin.command.split(/[\\/]/).pop());
    return new Promise((resolve, reject) => {
        execFile(plugin.command, plugin.args, { env, timeout: timeoutMs, maxBuffer: MAX_BODY_BYTES }, (err, stdout) => {
            if (err) {
                const why = (err as NodeJS.ErrnoException).code === "ENOENT" ? "is not installed on the portal's machine" : "failed";
                return reject(new KubeconfigError(`the kubeconfig's credential command ${name} ${why}: run it by hand to see why`));
            }
            let status: Section;
            try {
                status = section(section(JSON.parse(stdout)).status);
            } catch {
                return reject(new KubeconfigError(`the kubeconfig's credential command ${name} did not print an ExecCredential`));
            }
            const credential: Credential = {
                token: text(status.token),
                cert: text(status.clientCertificateData),
                key: text(status.clientKeyData),
                expiresAt: text(status.expirationTimestamp) ? Date.parse(text(status.expirationTimestamp)!) : undefined,
            };
            if (!credential.token && !credential.cert) {
                return reject(new KubeconfigError(`the kubeconfig's credential command ${name} gave no token or client certificate`));
            }
            resolve(credential);
        });
    });
}

function section(value: unknown): Section {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Section) : {};
}

function text(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}
