import type { TokenRecord } from "../store/types";
import { html, type SafeHtml } from "./html";
import { actionButton, layout, statusBadge, type PageContext } from "./layout";

/** The platform-admin's list of tokens: who holds which role, and a way to revoke one. Hashes never reach this page. */
export function tokensPage(tokens: TokenRecord[], page: PageContext): SafeHtml {
    const body = html`<p class="muted">
            Make a token with <code>berth portal token create</code> or <code>POST /api/tokens</code>. A revoked token stops working on its
            holder's next request, browser sessions signed in with it included.
        </p>
        <table class="tokens">
            <thead>
                <tr>
                    <th>Name</th>
                    <th>Role</th>
                    <th>Created</th>
                    <th>State</th>
                    <th></th>
                </tr>
            </thead>
            <tbody>
                ${tokens.map(
                    (token) =>
                        html`<tr>
                            <td>${token.name}</td>
                            <td>${token.role}</td>
                            <td>${token.createdAt}</td>
                            <td>
                                ${token.revokedAt ? html`${statusBadge("revoked")} <span class="muted">${token.revokedAt}</span>` : statusBadge("active")}
                            </td>
                            <td>
                                ${
                                    !token.revokedAt &&
                                    actionButton(page.identity, `/api/tokens/${encodeURIComponent(token.id)}/revoke`, "Revoke", "danger")
                                }
                            </td>
                        </tr>`,
                )}
            </tbody>
        </table>`;
    return layout("Tokens", body, page);
}
