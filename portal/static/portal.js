"use strict";
// Follows a running run's log through server-sent events, and reloads the page once the run ends to show its result.
// Text is added with textContent only: a log line is never markup.
(function () {
    const log = document.getElementById("log");
    if (!log || !log.dataset.stream) return;
    const source = new EventSource(log.dataset.stream);
    const append = (line) => {
        log.append(document.createTextNode(line + "\n"));
        log.scrollTop = log.scrollHeight;
    };
    const payload = (event) => JSON.parse(event.data).data || {};
    source.addEventListener("log", (event) => append(String(payload(event).line)));
    source.addEventListener("change", (event) => {
        const change = payload(event);
        append(`${change.op} ${change.type} ${change.name}`);
    });
    source.addEventListener("status", (event) => {
        const status = payload(event);
        append(`status: ${status.status}${status.error ? ` (${status.error})` : ""}`);
    });
    source.addEventListener("end", () => {
        source.close();
        window.location.reload();
    });
})();

// Refreshes the live status of a deploy's canary releases while one is under way: the server says when to stop
// ("polling": false). Text is set with textContent only.
(function () {
    const section = document.getElementById("canaries");
    if (!section || !section.dataset.poll) return;
    const url = section.dataset.poll;
    const everyMs = 5000;
    const update = (report) => {
        for (const canary of report.live || []) {
            const card = Array.from(section.querySelectorAll("[data-canary]")).find((node) => node.dataset.canary === canary.resource);
            if (!card) continue;
            for (const field of card.querySelectorAll("[data-field]")) field.textContent = canary.text[field.dataset.field] || "—";
            const list = card.querySelector("dl.live");
            if (list) list.classList.toggle("error", Boolean(canary.error));
        }
    };
    const poll = () =>
        fetch(url, { headers: { accept: "application/json" }, credentials: "same-origin" })
            .then((response) => {
                // Signed out or the run is gone: asking again will not help. A server error may pass: ask again later.
                if (response.status >= 400 && response.status < 500) return;
                if (!response.ok) return void setTimeout(poll, everyMs * 6);
                return response.json().then((report) => {
                    update(report);
                    if (report.polling) setTimeout(poll, everyMs);
                });
            })
            .catch(() => setTimeout(poll, everyMs * 6));
    setTimeout(poll, everyMs);
})();
