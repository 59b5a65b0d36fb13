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
