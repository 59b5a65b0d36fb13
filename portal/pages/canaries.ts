import type { CanaryCheckSummary, CanarySummary } from "../../delivery/canaries";
import type { CanaryStatusText, LiveCanary, RunCanaries } from "../canaries";
import { html, type SafeHtml } from "./html";

/** The checks Berth's Canaries run (components/canary/canarySpec.ts CHECK_NAMES), in words; any other check by its name. */
const CHECK_WORDS: Record<string, { label: string; unit: string }> = {
    "success-rate": { label: "success rate", unit: "%" },
    "latency-p99": { label: "p99 latency", unit: " ms" },
};

/** The live fields, in the order the page lists them; the page's script refreshes each by its data-field. */
const LIVE_FIELDS: [keyof CanaryStatusText, string][] = [
    ["phase", "Phase"],
    ["weight", "Canary weight"],
    ["failedChecks", "Failed checks"],
    ["iterations", "Iterations"],
    ["message", "Message"],
    ["since", "Since"],
];

/**
 * The run's canary releases: per canary its cluster, namespace, target, hosts, weight steps, checks and the times to
 * promote and to roll back; with the live status where there is one, refreshed by the page's script while `polling`.
 */
export function canarySection(runId: string, canaries: RunCanaries): SafeHtml {
    if (canaries.planned.length === 0) return html``;
    const poll = canaries.polling ? `/api/runs/${encodeURIComponent(runId)}/canaries` : "";
    return html`<section class="card" id="canaries" data-poll="${poll}">
        <h2>Canary releases</h2>
        ${canaries.note && html`<p class="muted">${canaries.note}</p>`}
        ${canaries.planned.map((canary) =>
            canaryCard(
                canary,
                canaries.live.find((live) => live.resource === canary.resource),
            ),
        )}
    </section>`;
}

function canaryCard(canary: CanarySummary, live: LiveCanary | undefined): SafeHtml {
    const title = canary.namespace && canary.name ? `${canary.namespace}/${canary.name}` : canary.resource;
    return html`<article class="canary" data-canary="${canary.resource}">
        <h3>${title}</h3>
        <div class="columns">
            <dl class="facts">
                <dt>Cluster</dt>
                <dd>${canary.cluster ?? "—"}</dd>
                <dt>Namespace</dt>
                <dd>${canary.namespace ?? "—"}</dd>
                <dt>Target</dt>
                <dd>${canary.target ? html`Deployment <code>${canary.target}</code>` : "—"}</dd>
                <dt>Hosts</dt>
                <dd>
                    ${canary.hosts.length === 0 ? "—" : canary.hosts.map((host, index) => html`${index > 0 ? ", " : ""}<code>${host}</code>`)}
                </dd>
                <dt>Steps</dt>
                <dd class="steps">${stepsText(canary)}</dd>
                <dt>Checks</dt>
                <dd>
                    ${
                        canary.checks.length === 0
                            ? "—"
                            : html`<ul class="checks">
                                  ${canary.checks.map((check) => html`<li>${checkText(check)}</li>`)}
                              </ul>`
                    }
                </dd>
                <dt>Time to promote</dt>
                <dd>
                    ${canary.secondsToPromote === undefined ? "—" : `at least ${duration(canary.secondsToPromote)}, when every check passes`}
                </dd>
                <dt>Time to roll back</dt>
                <dd>
                    ${
                        canary.secondsToRollback === undefined
                            ? "—"
                            : `${duration(canary.secondsToRollback)}: after ${canary.failedChecks} failed check${canary.failedChecks === 1 ? "" : "s"}`
                    }
                </dd>
            </dl>
            ${live && liveList(live)}
        </div>
    </article>`;
}

function liveList(live: LiveCanary): SafeHtml {
    return html`<dl class="facts live${live.error ? " error" : ""}">
        ${LIVE_FIELDS.map(
            ([field, label]) =>
                html`<dt>${label}</dt>
                    <dd data-field="${field}">${live.text[field]}</dd>`,
        )}
    </dl>`;
}

/** "25% → 50% → promoted, a check every 30s". */
function stepsText(canary: CanarySummary): string {
    if (canary.weights.length === 0) return "—";
    const steps = [...canary.weights.map((weight) => `${weight}%`), "promoted"].join(" → ");
    return canary.interval ? `${steps}, a check every ${canary.interval}` : steps;
}

/** "success rate ≥ 99% over 1m", "p99 latency ≤ 500 ms over 1m". */
export function checkText(check: CanaryCheckSummary): string {
    const words = CHECK_WORDS[check.name] ?? { label: check.name, unit: "" };
    const bounds = [
        check.min === undefined ? undefined : `≥ ${check.min}${words.unit}`,
        check.max === undefined ? undefined : `≤ ${check.max}${words.unit}`,
    ].filter((bound) => bound !== undefined);
    return `${words.label}${bounds.length > 0 ? ` ${bounds.join(" and ")}` : ""}${check.window ? ` over ${check.window}` : ""}`;
}

/** 90 -> "1m 30s", 120 -> "2m", 45 -> "45s". */
function duration(seconds: number): string {
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    if (minutes === 0) return `${rest}s`;
    return rest === 0 ? `${minutes}m` : `${minutes}m ${rest}s`;
}
