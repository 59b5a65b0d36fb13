import { atLeast } from "../access";
import { CSRF_FIELD, type Identity } from "../auth";
import type { RunRecord } from "../store/types";
import { html, type SafeHtml } from "./html";

export interface PageContext {
    identity?: Identity;
    mode?: "automation" | "offline";
}

/** Offline "deploys" touch no cloud: every page says so, so that nobody mistakes a recorded plan for a release. */
const OFFLINE_BANNER = html`<div class="banner" role="status">
    <strong>Offline mode.</strong> Previews and deploys run Berth's planner against Pulumi's mock engine: a deploy records the plan as the
    stack's deployed state and touches no cloud. Install the Pulumi CLI and log in to run real operations.
</div>`;

export function layout(title: string, body: SafeHtml, page: PageContext): SafeHtml {
    const { identity } = page;
    return html`<!doctype html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>${title} · Berth portal</title>
                <link rel="stylesheet" href="/static/portal.css" />
                <script src="/static/portal.js" defer></script>
            </head>
            <body>
                <header class="top">
                    <a class="brand" href="/">Berth</a>
                    ${
                        identity &&
                        html`<nav>
                            <a href="/">Environments</a><a href="/runs">History</a
                            ><a href="/audit">Audit log</a>${atLeast(identity.role, "platform-admin") && html`<a href="/tokens">Tokens</a>`}
                        </nav>`
                    }
                    ${
                        identity &&
                        html`<form method="post" action="/sign-out" class="who">
                            ${csrfField(identity)}<span>${identity.name} · ${identity.role}</span
                            ><button type="submit" class="link">Sign out</button>
                        </form>`
                    }
                </header>
                ${page.mode === "offline" ? OFFLINE_BANNER : ""}
                <main>
                    <h1>${title}</h1>
                    ${body}
                </main>
            </body>
        </html> `;
}

export function csrfField(identity: Identity | undefined): SafeHtml {
    return html`<input type="hidden" name="${CSRF_FIELD}" value="${identity?.csrf ?? ""}" />`;
}

/** A form of one button that posts to a portal route, with the session's CSRF token. */
export function actionButton(identity: Identity | undefined, action: string, label: string, style = ""): SafeHtml {
    return html`<form method="post" action="${action}" class="inline">
        ${csrfField(identity)}<button type="submit" class="${style}">${label}</button>
    </form>`;
}

export function errorPage(
    status: number,
    message: string,
    extra: { problems?: { field: string; reason: string }[]; heldBy?: RunRecord },
    page: PageContext,
): SafeHtml {
    const problems = extra.problems ?? [];
    const body = html`<p class="error">${message}</p>
        ${
            problems.length > 1 &&
            html`<ul class="problems">
                ${problems.map((problem) => html`<li><code>${problem.field}</code>: ${problem.reason}</li>`)}
            </ul>`
        }
        ${extra.heldBy && html`<p>See <a href="/runs/${extra.heldBy.id}">run ${extra.heldBy.id}</a>.</p>`}
        <p><a href="/">Back to the environments</a></p>`;
    return layout(`Error ${status}`, body, page);
}

export function statusBadge(status: string): SafeHtml {
    return html`<span class="status status-${status}">${status}</span>`;
}

export function runLink(run: RunRecord | undefined): SafeHtml {
    if (!run) return html`<span class="muted">none yet</span>`;
    return html`<a href="/runs/${run.id}">${run.kind} ${run.id}</a> ${statusBadge(run.status)}
        <span class="muted">by ${run.actor}, ${run.startedAt}</span>`;
}
