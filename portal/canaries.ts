import type { CanarySummary } from "../delivery/canaries";
import { ACTIVE_PHASES, type CanaryStatusEntry, type CanaryStatusReader } from "../delivery/canaryStatus/types";
import type { RunRecord } from "./store/types";

/** What the run page shows of one canary's live status, as text: the page renders it and its script refreshes it. */
export interface CanaryStatusText {
    phase: string;
    weight: string;
    failedChecks: string;
    iterations: string;
    message: string;
    since: string;
}

export interface LiveCanary extends CanaryStatusEntry {
    text: CanaryStatusText;
}

/** The canaries of a run for its page and its JSON route. */
export interface RunCanaries {
    /** The canary releases the run's stack has after it (the run's result), with their planned analysis. */
    planned: CanarySummary[];
    /** "cluster": live status read now; "offline": no cluster, the planned analysis only; "none": not asked (a preview). */
    source: "cluster" | "offline" | "none";
    note?: string;
    live: LiveCanary[];
    /** Whether the page should ask again soon: a release is under way, or the deploy ended so recently that Flagger may not have begun it. */
    polling: boolean;
}

/** Flagger notices a new version at its next analysis tick: a page keeps asking for this many intervals after a deploy. */
const GRACE_INTERVALS = 2;
const DEFAULT_INTERVAL_SECONDS = 60;
const NOTHING = "—";

/**
 * The canaries of a run: the planned analysis from its result, and, for a finished deploy, each one's live status from
 * the reader (offline, the reader's note that there is no cluster). A preview changes nothing on a cluster, so its page
 * shows the planned analysis only.
 */
export async function runCanaries(reader: CanaryStatusReader, run: RunRecord, now: Date): Promise<RunCanaries> {
    const planned = run.result?.canaries ?? [];
    if (planned.length === 0) return { planned, source: "none", live: [], polling: false };
    if (reader.source === "cluster" && run.kind !== "deploy") {
        return {
            planned,
            source: "none",
            note: "A preview changes nothing on a cluster: the live status of these canaries shows on the page of a deploy.",
            live: [],
            polling: false,
        };
    }
    const report = await reader.read(run.environment, planned);
    if (report.source === "offline") return { planned, source: report.source, note: report.note, live: [], polling: false };
    const live = report.canaries.map((entry) => ({
        ...entry,
        text: statusText(
            entry,
            planned.find((plan) => plan.resource === entry.resource),
        ),
    }));
    return { planned, source: report.source, note: report.note, live, polling: shouldPoll(run, planned, live, now) };
}

function shouldPoll(run: RunRecord, planned: CanarySummary[], live: LiveCanary[], now: Date): boolean {
    if (live.some((canary) => canary.status && ACTIVE_PHASES.has(canary.status.phase))) return true;
    if (!run.finishedAt) return true;
    const longest = Math.max(...planned.map((canary) => intervalSeconds(canary.interval) ?? DEFAULT_INTERVAL_SECONDS));
    return now.getTime() - Date.parse(run.finishedAt) < GRACE_INTERVALS * longest * 1000;
}

/** One canary's live status in words; an error takes the message's place. */
export function statusText(entry: CanaryStatusEntry, planned: CanarySummary | undefined): CanaryStatusText {
    const status = entry.status;
    if (!status) {
        return {
            phase: entry.error ? "unavailable" : NOTHING,
            weight: NOTHING,
            failedChecks: NOTHING,
            iterations: NOTHING,
            message: entry.error ?? NOTHING,
            since: NOTHING,
        };
    }
    const threshold = planned?.failedChecks;
    return {
        phase: status.phase || "not analysed yet",
        weight: status.canaryWeight === undefined ? NOTHING : `${status.canaryWeight}%`,
        failedChecks:
            status.failedChecks === undefined
                ? NOTHING
                : threshold === undefined
                  ? `${status.failedChecks}`
                  : `${status.failedChecks} of ${threshold}`,
        iterations: status.iterations === undefined ? NOTHING : `${status.iterations}`,
        message: status.message ?? NOTHING,
        since: status.lastTransitionTime ?? NOTHING,
    };
}

function intervalSeconds(interval: string | undefined): number | undefined {
    const match = /^(\d+)(s|m)$/.exec(interval ?? "");
    return match ? Number(match[1]) * (match[2] === "m" ? 60 : 1) : undefined;
}
