import type { ResourceChange } from "../../delivery/comment/changes";
import type { OperationResult } from "../../delivery/operations/types";
import { atLeast, requiredRole } from "../access";
import type { RunCanaries } from "../canaries";
import type { AuditRow, RunEvent, RunRecord } from "../store/types";
import { canarySection } from "./canaries";
import { html, type SafeHtml } from "./html";
import { actionButton, layout, statusBadge, type PageContext } from "./layout";

const money = (value: number) => `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function runsPage(runs: RunRecord[], page: PageContext): SafeHtml {
    const body = runs.length === 0 ? html`<p class="muted">No runs yet.</p>` : runTable(runs);
    return layout("Run history", body, page);
}

function runTable(runs: RunRecord[]): SafeHtml {
    return html`<table class="runs">
        <thead>
            <tr>
                <th>Run</th>
                <th>Stack</th>
                <th>Kind</th>
                <th>Status</th>
                <th>By</th>
                <th>Started</th>
                <th>Revision</th>
            </tr>
        </thead>
        <tbody>
            ${runs.map(
                (run) =>
                    html`<tr>
                        <td><a href="/runs/${run.id}">${run.id}</a></td>
                        <td>${run.stack}</td>
                        <td>${run.kind}</td>
                        <td>${statusBadge(run.status)}</td>
                        <td>${run.actor}</td>
                        <td>${run.startedAt}</td>
                        <td><code>${run.revision.slice(0, 12)}</code></td>
                    </tr>`,
            )}
        </tbody>
    </table>`;
}

/** A line of the log for one stored event; the browser's script renders streamed events the same way. */
export function eventLine(event: Pick<RunEvent, "kind" | "data">): string {
    const data = (event.data ?? {}) as Record<string, unknown>;
    if (event.kind === "log") return String(data.line ?? "");
    if (event.kind === "change") return `${String(data.op)} ${String(data.type)} ${String(data.name)}`;
    return `status: ${String(data.status)}${data.error ? ` (${String(data.error)})` : ""}`;
}

export function runPage(run: RunRecord, events: RunEvent[], prod: boolean, page: PageContext, canaries?: RunCanaries): SafeHtml {
    const { identity } = page;
    const running = run.status === "running";
    const lastSeq = events.at(-1)?.seq ?? 0;
    const kind = run.application === undefined ? "platform" : "application";
    const stackPath =
        run.application === undefined
            ? `/api/environments/${encodeURIComponent(run.environment)}`
            : `/api/environments/${encodeURIComponent(run.environment)}/applications/${encodeURIComponent(run.application)}`;
    const mayDeploy =
        identity !== undefined && atLeast(identity.role, requiredRole("change", { kind, environment: run.environment, prod }));
    const mayCancel =
        identity !== undefined &&
        atLeast(identity.role, requiredRole("cancel", { kind, environment: run.environment, prod, runKind: run.kind }));
    const body = html`<dl class="facts card">
            <dt>Stack</dt>
            <dd>
                ${run.application === undefined ? html`<a href="/environments/${run.environment}">${run.stack}</a>` : html`<a href="/environments/${run.environment}/applications/${run.application}">${run.stack}</a>`}
            </dd>
            <dt>Status</dt>
            <dd id="run-status">${statusBadge(run.status)}${run.cancelRequested && running ? " (cancellation requested)" : ""}</dd>
            <dt>Started</dt>
            <dd>${run.startedAt} by ${run.actor}</dd>
            ${
                run.finishedAt &&
                html`<dt>Finished</dt>
                    <dd>${run.finishedAt}</dd>`
            }
            <dt>Revision</dt>
            <dd><code>${run.revision}</code></dd>
            ${
                run.error &&
                html`<dt>Error</dt>
                    <dd class="error">${run.error}</dd>`
            }
        </dl>
        <div class="actions">
            ${running && mayCancel && actionButton(identity, `/api/runs/${encodeURIComponent(run.id)}/cancel`, "Cancel", "danger")}
            ${run.kind === "preview" && run.status === "succeeded" && mayDeploy && actionButton(identity, `${stackPath}/deploy`, kind === "application" ? "Apply (deploy)" : "Deploy", "primary")}
        </div>
        ${run.result && resultSections(run.result)} ${canaries && canarySection(run.id, canaries)}
        <h2>Log</h2>
        <pre id="log" class="log" data-stream="${running ? `/api/runs/${run.id}/stream?after=${lastSeq}` : ""}">
${events.map((event) => eventLine(event) + "\n")}</pre>`;
    return layout(`${run.kind} ${run.id}`, body, page);
}

function resultSections(result: OperationResult): SafeHtml {
    const { changes, cost, violations = [] } = result;
    const counts = Object.entries(changes.counts).filter(([, count]) => count > 0);
    return html`<div class="columns">
            <section class="card" id="cost">
                <h2>Cost</h2>
                ${
                    cost
                        ? html`<p class="figure">
                                  ${money(cost.monthly)} <span class="muted">a month (${money(cost.min)}–${money(cost.max)})</span>
                              </p>
                              ${changes.costDelta && html`<p>Change: ${money(changes.costDelta.before)} → ${money(changes.costDelta.after)}</p>`}
                              ${cost.budget && html`<p class="${cost.budget.withinBudget ? "ok" : "error"}">${cost.budget.withinBudget ? "Within" : "Over"} the budget of ${money(cost.budget.limitMonthlyUsd)} a month</p>`}`
                        : html`<p class="muted">No cost estimate for this run.</p>`
                }
            </section>
            <section class="card" id="policy">
                <h2>Policy</h2>
                ${
                    violations.length === 0
                        ? html`<p class="ok">No policy findings.</p>`
                        : html`<ul class="violations">
                              ${violations.map(
                                  (violation) =>
                                      html`<li class="${violation.exception ? "accepted" : violation.severity}">
                                          <strong>${violation.severity}</strong> ${violation.rule}: ${violation.name} —
                                          ${violation.message}${violation.exception && html` <em>(accepted: ${violation.exception})</em>`}
                                      </li>`,
                              )}
                          </ul>`
                }
            </section>
        </div>
        <section class="card" id="changes">
            <h2>Changes</h2>
            <p>
                ${counts.length === 0 ? "No resources." : counts.map(([op, count]) => html`<span class="op op-${op}">${count} ${op}</span> `)}
                <span class="muted">(${changes.source})</span>
            </p>
            ${changes.resources.length > 0 && changeTable(changes.resources)}
        </section>`;
}

function changeTable(resources: ResourceChange[]): SafeHtml {
    return html`<table class="changes">
        <thead>
            <tr>
                <th>Op</th>
                <th>Resource</th>
                <th>Type</th>
                <th>Properties</th>
            </tr>
        </thead>
        <tbody>
            ${resources.map(
                (resource) =>
                    html`<tr>
                        <td><span class="op op-${resource.op}">${resource.op}</span></td>
                        <td>${resource.name}${resource.cluster && html` <span class="muted">(${resource.cluster})</span>`}</td>
                        <td><code>${resource.type}</code></td>
                        <td>
                            ${resource.properties.map(
                                (property) =>
                                    html`<div>
                                        <code>${property.path}</code>:
                                        ${property.before ?? ""}${property.before !== undefined && property.after !== undefined ? " → " : ""}${property.after ?? ""}${property.replaces ? html` <strong>replaces</strong>` : ""}
                                    </div>`,
                            )}
                        </td>
                    </tr>`,
            )}
        </tbody>
    </table>`;
}

export function auditPage(rows: AuditRow[], page: PageContext): SafeHtml {
    const body = html`<table class="audit">
        <thead>
            <tr>
                <th>When</th>
                <th>Who</th>
                <th>Action</th>
                <th>Target</th>
                <th>Outcome</th>
                <th>Detail</th>
            </tr>
        </thead>
        <tbody>
            ${rows.map(
                (row) =>
                    html`<tr>
                        <td>${row.at}</td>
                        <td>${row.actor}</td>
                        <td>${row.action}</td>
                        <td>${row.target}</td>
                        <td>${statusBadge(row.outcome)}</td>
                        <td><code>${row.detail ? JSON.stringify(row.detail) : ""}</code></td>
                    </tr>`,
            )}
        </tbody>
    </table>`;
    return layout("Audit log", body, page);
}
