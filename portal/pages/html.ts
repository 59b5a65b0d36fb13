/** Markup that is already safe: built by `html`, never from user text directly. */
export class SafeHtml {
    constructor(readonly text: string) {}
    toString(): string {
        return this.text;
    }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };

export function escapeHtml(value: unknown): string {
    return String(value).replace(/[&<>"'`]/g, (character) => ESCAPES[character]);
}

/** One interpolated value: safe markup as it is, lists joined, nothing for null/undefined/false, anything else escaped. */
function render(value: unknown): string {
    if (value instanceof SafeHtml) return value.text;
    if (Array.isArray(value)) return value.map(render).join("");
    if (value === undefined || value === null || value === false) return "";
    return escapeHtml(value);
}

/** A template whose every interpolation is escaped unless it is itself `html`: the only way pages build markup. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
    let text = strings[0];
    values.forEach((value, index) => (text += render(value) + strings[index + 1]));
    return new SafeHtml(text);
}
