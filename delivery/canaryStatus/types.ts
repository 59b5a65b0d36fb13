import type { CanarySummary } from "../canaries";

/** A Canary's progress as Flagger writes it in the object's status. */
export interface CanaryLiveStatus {
    /**
     * Flagger's phase: Initializing, Initialized, Waiting, Progressing, WaitingPromotion, Promoting, Finalising,
     * Succeeded, Failed, Terminating or Terminated.
     */
    phase: string;
    /** The share of traffic (percent) the new version has now. */
    canaryWeight?: number;
    /** Checks failed in the analysis under way. */
    failedChecks?: number;
    /** Iterations done (A/B and blue/green analyses count these instead of weights). */
    iterations?: number;
    /** What Flagger said last, from its "Promoted" condition. */
    message?: string;
    /** When the phase last changed (RFC 3339). */
    lastTransitionTime?: string;
}

/** One canary of a run, as the live reader found it. */
export interface CanaryStatusEntry {
    /** The Canary's name in the stack (`CanarySummary.resource`), which the run page keys its rows by. */
    resource: string;
    cluster?: string;
    namespace?: string;
    name?: string;
    /** Absent when it could not be read, or when there is no cluster to ask. */
    status?: CanaryLiveStatus;
    /** Why the status could not be read. Never holds a kubeconfig, a token or a response body. */
    error?: string;
}

export interface CanaryStatusReport {
    /** "cluster": read from the clusters just now; "offline": there is no cluster, only the planned analysis. */
    source: "cluster" | "offline";
    /** A line for the page about the report as a whole, e.g. that offline mode has no cluster to ask. */
    note?: string;
    canaries: CanaryStatusEntry[];
}

/** Reads the live status of canary releases; a Kubernetes implementation for real clusters, an offline one that has none. */
export interface CanaryStatusReader {
    readonly source: CanaryStatusReport["source"];
    /** The status of each canary of `environment` (the platform environment whose clusters they run on), in their order. */
    read(environment: string, canaries: readonly CanarySummary[]): Promise<CanaryStatusReport>;
}

/** Flagger's phases while a release is under way: a page keeps asking while a canary is in one. */
export const ACTIVE_PHASES: ReadonlySet<string> = new Set([
    "Initializing",
    "Waiting",
    "Progressing",
    "WaitingPromotion",
    "Promoting",
    "Finalising",
    "Terminating",
]);
