import type { EnvironmentView } from "../../delivery/operations/types";
import type { ClusterReview } from "../../delivery/review";
import { atLeast, requiredRole } from "../access";
import type { Identity } from "../auth";
import type { ApplicationRecord, RunRecord } from "../store/types";
import { html, type SafeHtml } from "./html";
import { actionButton, csrfField, layout, runLink, type PageContext } from "./layout";

export function environmentsPage(environments: { environment: string; prod: boolean }[], page: PageContext): SafeHtml {
    const body = html`<ul class="cards">
        ${environments.map(
            ({ environment, prod }) =>
                html`<li class="card">
                    <a href="/environments/${environment}"><strong>${environment}</strong></a>
                    ${prod ? html`<span class="tag prod">production</span>` : html`<span class="tag">non-production</span>`}
                </li>`,
        )}
    </ul>`;
    return layout("Environments", body, page);
}

/** May this identity change (onboard, deploy) a stack of this kind here? The same rule the route table enforces. */
function mayChange(identity: Identity | undefined, kind: "platform" | "application", environment: string, prod: boolean): boolean {
    return identity !== undefined && atLeast(identity.role, requiredRole("change", { kind, environment, prod }));
}

/** An http(s) link from a stack output, or nothing: an output never becomes a javascript: link. */
function safeUrl(value: unknown): string | undefined {
    return typeof value === "string" && /^https?:\/\//.test(value) ? value : undefined;
}

function clusterOutputs(outputs: Record<string, unknown>, name: string): Record<string, unknown> {
    const clusters = outputs.clusters;
    const cluster = clusters && typeof clusters === "object" ? (clusters as Record<string, unknown>)[name] : undefined;
    return cluster && typeof cluster === "object" ? (cluster as Record<string, unknown>) : {};
}

function clusterCard(cluster: ClusterReview, outputs: Record<string, unknown>): SafeHtml {
    const facts = clusterOutputs(outputs, cluster.name);
    const dashboard = safeUrl(facts.dashboard);
    const endpoint = typeof facts.endpoint === "string" ? facts.endpoint : undefined;
    return html`<section class="card">
        <h3>
            ${cluster.name}
            ${dashboard && html`<a class="small" href="${dashboard}" rel="noreferrer noopener" target="_blank">dashboard</a>`}
        </h3>
        <dl class="facts">
            <dt>Region</dt>
            <dd>${cluster.region ?? "unknown"}</dd>
            <dt>Kubernetes</dt>
            <dd>${cluster.kubernetesVersion ?? "unknown"}</dd>
            <dt>Network</dt>
            <dd>${cluster.network.vpcCidr ?? ""} · ${cluster.network.zones.length} zones · ${cluster.network.natGateways} NAT gateways</dd>
            <dt>API endpoint</dt>
            <dd>
                ${endpoint ?? ""} (private ${String(cluster.endpoint.privateAccess ?? "?")}, public
                ${String(cluster.endpoint.publicAccess ?? "?")})
            </dd>
            ${
                cluster.ingress &&
                html`<dt>Ingress</dt>
                    <dd>
                        ${cluster.ingress.scheme ?? ""} · ${cluster.ingress.domains.join(", ")} · TLS at ${cluster.ingress.tls.terminatesAt}
                    </dd>`
            }
        </dl>
        <h4>Node pools</h4>
        <table>
            <thead>
                <tr>
                    <th>Pool</th>
                    <th>Capacity</th>
                    <th>Instance types</th>
                    <th>Size</th>
                </tr>
            </thead>
            <tbody>
                ${cluster.nodePools.map(
                    (pool) =>
                        html`<tr>
                            <td>${pool.name}</td>
                            <td>${pool.capacityType ?? ""}</td>
                            <td>${pool.instanceTypes.join(", ")}</td>
                            <td>${pool.minSize ?? "?"}–${pool.maxSize ?? "?"}</td>
                        </tr>`,
                )}
            </tbody>
        </table>
        <h4>Add-ons</h4>
        <table>
            <thead>
                <tr>
                    <th>Add-on</th>
                    <th>Source</th>
                    <th>Version</th>
                </tr>
            </thead>
            <tbody>
                ${cluster.addons.map(
                    (addon) =>
                        html`<tr>
                            <td>${addon.name}</td>
                            <td>${addon.source}</td>
                            <td>${addon.version ?? ""}</td>
                        </tr>`,
                )}
            </tbody>
        </table>
    </section>`;
}

export interface EnvironmentPageData {
    environment: string;
    prod: boolean;
    view: EnvironmentView | undefined;
    viewError?: string;
    lastPreview?: RunRecord;
    lastDeploy?: RunRecord;
    applications: ApplicationRecord[];
}

export function environmentPage(data: EnvironmentPageData, page: PageContext): SafeHtml {
    const { environment, prod, view } = data;
    const { identity } = page;
    const base = `/api/environments/${encodeURIComponent(environment)}`;
    const body = html`<p>
            ${prod ? html`<span class="tag prod">production</span>` : html`<span class="tag">non-production</span>`}
            ${view && html`<span class="muted">showing the ${view.source === "deployed" ? "deployed state" : "plan of what would be deployed (nothing deployed yet)"}</span>`}
        </p>
        <section class="card">
            <h2>Platform stack</h2>
            <p>Last preview: ${runLink(data.lastPreview)}<br />Last deploy: ${runLink(data.lastDeploy)}</p>
            <div class="actions">
                ${identity && atLeast(identity.role, "developer") && actionButton(identity, `${base}/preview`, "Preview")}
                ${mayChange(identity, "platform", environment, prod) && actionButton(identity, `${base}/deploy`, "Deploy", "danger")}
            </div>
            ${prod && html`<p class="muted">A production deploy needs a succeeded preview of the same revision first.</p>`}
        </section>
        <h2>Clusters</h2>
        ${data.viewError ? html`<p class="error">${data.viewError}</p>` : view?.review.clusters.map((cluster) => clusterCard(cluster, view.outputs))}
        <h2>Applications</h2>
        ${data.applications.length === 0 ? html`<p class="muted">No application onboarded through the portal yet.</p>` : ""}
        <ul class="cards">
            ${data.applications.map(
                (app) =>
                    html`<li class="card">
                        <a href="/environments/${environment}/applications/${app.name}"><strong>${app.name}</strong></a>
                        <span class="muted">${imageOf(app)} · updated by ${app.updatedBy}</span>
                    </li>`,
            )}
        </ul>
        ${mayChange(identity, "application", environment, prod) && html`<p><a class="button" href="/environments/${environment}/applications/new">Onboard an application</a></p>`}`;
    return layout(`Environment ${environment}`, body, page);
}

function imageOf(app: ApplicationRecord): string {
    const image = (app.spec.image ?? {}) as Record<string, unknown>;
    return `${String(image.repository ?? "?")}${image.tag ? `:${String(image.tag)}` : ""}${image.digest ? `@${String(image.digest).slice(0, 19)}…` : ""}`;
}

export function onboardPage(environment: string, clusters: string[], page: PageContext): SafeHtml {
    const body = html`<p>
            The application gets its own stack in ${environment}. Onboarding validates the spec and previews it, and keeps the spec once the
            preview has started; you apply it from the preview.
        </p>
        <form method="post" action="/api/environments/${environment}/applications" class="card form">
            ${csrfField(page.identity)}
            <label for="name">Name</label><input id="name" name="name" required pattern="[a-z][a-z0-9-]*" placeholder="storefront" />
            <fieldset>
                <legend>Clusters</legend>
                ${clusters.map((cluster, index) => html`<label class="check"><input type="checkbox" name="clusters" value="${cluster}" ${index === 0 ? "checked" : ""} /> ${cluster}</label>`)}
            </fieldset>
            <label for="imageRepository">Image repository</label
            ><input id="imageRepository" name="imageRepository" required placeholder="storefront" /> <label for="imageTag">Image tag</label
            ><input id="imageTag" name="imageTag" placeholder="v1.4.2" /> <label for="imageDigest">Image digest (optional)</label
            ><input id="imageDigest" name="imageDigest" placeholder="sha256:…" /> <label for="port">Port</label
            ><input id="port" name="port" inputmode="numeric" placeholder="8080" /> <label for="replicasMin">Replicas min</label
            ><input id="replicasMin" name="replicasMin" inputmode="numeric" /> <label for="replicasMax">Replicas max</label
            ><input id="replicasMax" name="replicasMax" inputmode="numeric" /> <label for="hosts">Hosts (comma-separated, optional)</label
            ><input id="hosts" name="hosts" placeholder="shop.dev.example.com" />
            <button type="submit">Validate and preview</button>
        </form>`;
    return layout(`Onboard an application in ${environment}`, body, page);
}

export interface ApplicationPageData {
    environment: string;
    prod: boolean;
    application: ApplicationRecord;
    lastPreview?: RunRecord;
    lastDeploy?: RunRecord;
}

export function applicationPage(data: ApplicationPageData, page: PageContext): SafeHtml {
    const { environment, application, prod } = data;
    const { identity } = page;
    const base = `/api/environments/${encodeURIComponent(environment)}/applications/${encodeURIComponent(application.name)}`;
    const image = (application.spec.image ?? {}) as Record<string, unknown>;
    const replicas = (application.spec.replicas ?? {}) as Record<string, unknown>;
    const may = mayChange(identity, "application", environment, prod);
    const body = html`<p>
            <a href="/environments/${environment}">← ${environment}</a> · updated by ${application.updatedBy}, ${application.updatedAt}
        </p>
        <section class="card">
            <h2>Spec</h2>
            <pre class="spec">${JSON.stringify(application.spec, null, 2)}</pre>
            <p>Last preview: ${runLink(data.lastPreview)}<br />Last deploy: ${runLink(data.lastDeploy)}</p>
            <div class="actions">
                ${identity && atLeast(identity.role, "developer") && actionButton(identity, `${base}/preview`, "Preview")}
                ${may && actionButton(identity, `${base}/deploy`, "Apply (deploy)", "primary")}
                ${may && actionButton(identity, `${base}/remove`, "Remove application", "danger")}
            </div>
        </section>
        ${
            may &&
            html`<form method="post" action="${base}" class="card form">
                <h2>Change image or replicas</h2>
                ${csrfField(identity)}
                <label for="imageTag">Image tag</label><input id="imageTag" name="imageTag" value="${image.tag ?? ""}" />
                <label for="imageDigest">Image digest</label><input id="imageDigest" name="imageDigest" value="${image.digest ?? ""}" />
                <label for="replicasMin">Replicas min</label
                ><input id="replicasMin" name="replicasMin" inputmode="numeric" value="${replicas.min ?? ""}" />
                <label for="replicasMax">Replicas max</label
                ><input id="replicasMax" name="replicasMax" inputmode="numeric" value="${replicas.max ?? ""}" />
                <button type="submit">Validate and preview</button>
            </form>`
        }`;
    return layout(`${application.name} in ${environment}`, body, page);
}
