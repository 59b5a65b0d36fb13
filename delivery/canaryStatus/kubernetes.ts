import type { CanarySummary } from "../canaries";
import { KubeconfigError, KubernetesClient, KubernetesClientOptions } from "./kubeApi";
import type { CanaryLiveStatus, CanaryStatusEntry, CanaryStatusReader, CanaryStatusReport } from "./types";

/** Each cluster's kubeconfig in an environment, by cluster name: the platform stack's `clusters` output. */
export type KubeconfigSource = (environment: string) => Promise<Record<string, string>>;

export interface KubernetesCanaryStatusOptions {
    kubeconfigs: KubeconfigSource;
    /** How long an environment's kubeconfigs (and the credentials they give) are reused before they are read again. @default 300000 */
    kubeconfigTtlMs?: number;
    /** Request and credential-command timeouts. @default KubernetesClient's */
    client?: KubernetesClientOptions;
    /** The clock the kubeconfigs' reuse is judged by, in milliseconds. @default Date.now */
    now?: () => number;
}

/** Each cluster's client, or why its kubeconfig cannot be used (one bad kubeconfig spoils no other cluster's canaries). */
type Clients = Map<string, KubernetesClient | KubeconfigError>;

interface EnvironmentClients {
    readAt: number;
    clients: Promise<Clients>;
}

/**
 * Reads each Canary's status from its cluster's API server (`GET /apis/flagger.app/v1beta1/namespaces/<ns>/canaries/<name>`)
 * with the cluster's kubeconfig from the platform stack. A canary that cannot be read gets an error that says why, in
 * words safe to show: never the kubeconfig, a token or the server's answer.
 */
export class KubernetesCanaryStatus implements CanaryStatusReader {
    readonly source = "cluster" as const;
    private readonly environments = new Map<string, EnvironmentClients>();
    private readonly ttlMs: number;
    private readonly now: () => number;

    constructor(private readonly options: KubernetesCanaryStatusOptions) {
        this.ttlMs = options.kubeconfigTtlMs ?? 300_000;
        this.now = options.now ?? Date.now;
    }

    async read(environment: string, canaries: readonly CanarySummary[]): Promise<CanaryStatusReport> {
        if (canaries.length === 0) return { source: this.source, canaries: [] };
        let clients: Clients;
        try {
            clients = await this.clientsOf(environment);
        } catch (err) {
            this.environments.delete(environment);
            const error =
                err instanceof KubeconfigError
                    ? err.message
                    : `could not read the kubeconfigs from the ${environment} platform stack's clusters output: run \`pulumi stack output clusters -s ${environment}\` to see why`;
            return { source: this.source, canaries: canaries.map((canary) => ({ ...identity(canary), error })) };
        }
        return { source: this.source, canaries: await Promise.all(canaries.map((canary) => readOne(clients, canary))) };
    }

    private clientsOf(environment: string): Promise<Clients> {
        const cached = this.environments.get(environment);
        if (cached && this.now() - cached.readAt < this.ttlMs) return cached.clients;
        const clients = this.options.kubeconfigs(environment).then((kubeconfigs) => {
            const made: Clients = new Map();
            for (const [cluster, kubeconfig] of Object.entries(kubeconfigs)) {
                try {
                    made.set(cluster, new KubernetesClient(kubeconfig, this.options.client));
                } catch (err) {
                    // A file the kubeconfig names may be missing; its contents are never part of the message.
                    made.set(cluster, err instanceof KubeconfigError ? err : new KubeconfigError("its kubeconfig cannot be used"));
                }
            }
            return made;
        });
        this.environments.set(environment, { readAt: this.now(), clients });
        return clients;
    }
}

function identity({ resource, cluster, namespace, name }: CanarySummary): CanaryStatusEntry {
    return { resource, cluster, namespace, name };
}

async function readOne(clients: Clients, canary: CanarySummary): Promise<CanaryStatusEntry> {
    const entry = identity(canary);
    const { cluster, namespace, name } = canary;
    if (!cluster || !namespace || !name) return { ...entry, error: "the stack does not say which cluster, namespace and name it has" };
    const client = clients.get(cluster);
    if (!client) return { ...entry, error: `the platform stack's clusters output has no kubeconfig for cluster ${cluster}` };
    if (client instanceof KubeconfigError) return { ...entry, error: `${cluster}: ${client.message}` };
    const object = `Canary ${namespace}/${name}`;
    try {
        const response = await client.get(
            `/apis/flagger.app/v1beta1/namespaces/${encodeURIComponent(namespace)}/canaries/${encodeURIComponent(name)}`,
        );
        if (response.status === 200) return { ...entry, status: liveStatusOf(response.body) };
        if (response.status === 404)
            return { ...entry, error: `${cluster} has no ${object} (not deployed yet, or Flagger's CRD is missing)` };
        if (response.status === 401 || response.status === 403) {
            return {
                ...entry,
                error: `${cluster} refused to show ${object} (HTTP ${response.status}): the portal's credentials need get on canaries.flagger.app`,
            };
        }
        return { ...entry, error: `${cluster} answered HTTP ${response.status} for ${object}` };
    } catch (err) {
        if (err instanceof KubeconfigError) return { ...entry, error: `${cluster}: ${err.message}` };
        const code = (err as NodeJS.ErrnoException).code;
        return {
            ...entry,
            error: `could not reach ${cluster}'s API server: ${code ?? (err instanceof Error ? err.message : String(err))}`,
        };
    }
}

/** A Canary object's status as Flagger writes it; fields it has not written (yet) are left out. */
export function liveStatusOf(canary: unknown): CanaryLiveStatus {
    const status = record(record(canary).status);
    const conditions = Array.isArray(status.conditions) ? status.conditions.map(record) : [];
    const condition = conditions.find((candidate) => candidate.type === "Promoted") ?? conditions[0] ?? {};
    return {
        phase: typeof status.phase === "string" ? status.phase : "",
        canaryWeight: whole(status.canaryWeight),
        failedChecks: whole(status.failedChecks),
        iterations: whole(status.iterations),
        message: typeof condition.message === "string" ? condition.message : undefined,
        lastTransitionTime:
            typeof status.lastTransitionTime === "string"
                ? status.lastTransitionTime
                : typeof condition.lastTransitionTime === "string"
                  ? condition.lastTransitionTime
                  : undefined,
    };
}

function record(value: unknown): Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function whole(value: unknown): number | undefined {
    return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}
