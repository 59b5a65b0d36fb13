import { CSRF_FIELD } from "../auth";
import { html, type SafeHtml } from "./html";
import { layout } from "./layout";

export function signInPage(csrf: string, next: string, error: string | undefined, mode: "automation" | "offline"): SafeHtml {
    const body = html`<p>
            Paste your portal token. A platform-admin makes tokens with <code>berth portal token create --role &lt;role&gt;</code>.
        </p>
        ${error && html`<p class="error" role="alert">${error}</p>`}
        <form method="post" action="/sign-in" class="card narrow">
            <input type="hidden" name="${CSRF_FIELD}" value="${csrf}" />
            <input type="hidden" name="next" value="${next}" />
            <label for="token">Token</label>
            <input id="token" name="token" type="password" autocomplete="off" required />
            <button type="submit">Sign in</button>
        </form>`;
    return layout("Sign in", body, { mode });
}
