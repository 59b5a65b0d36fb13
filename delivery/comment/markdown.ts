/** An inline code span that holds any text: a fence longer than any run of backticks inside it, and no line breaks. */
export function code(text: string): string {
    const flat = text.replace(/\r?\n/g, " ");
    const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longest + 1);
    const pad = flat.startsWith("`") || flat.endsWith("`") || flat === "" ? " " : "";
    return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Text for a table cell or a <summary>: pipes escaped, HTML's special characters as entities, one line. */
export function plain(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** "1 resource", "3 resources". */
export function plural(count: number, noun: string, many = `${noun}s`): string {
    return `${count} ${count === 1 ? noun : many}`;
}
