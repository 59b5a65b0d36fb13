import type { CanarySummary } from "../canaries";
import type { CanaryStatusReader, CanaryStatusReport } from "./types";

export const OFFLINE_NOTE = "Offline mode: there is no cluster to ask for a canary's progress, so this shows the planned analysis only.";

/** The reader for offline mode: it says plainly that there is no cluster, and reads nothing. */
export class OfflineCanaryStatus implements CanaryStatusReader {
    readonly source = "offline" as const;

    async read(_environment: string, canaries: readonly CanarySummary[]): Promise<CanaryStatusReport> {
        return {
            source: this.source,
            note: OFFLINE_NOTE,
            canaries: canaries.map(({ resource, cluster, namespace, name }) => ({ resource, cluster, namespace, name })),
        };
    }
}
