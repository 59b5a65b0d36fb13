"use strict";
// Preloaded (node --require) into a benchmarked `berth plan` so that the child reports its own peak memory:
// Node exposes maxRSS only for the current process, and the bench must measure the real command, not a copy.
const fs = require("fs");
process.on("exit", () => {
    fs.writeFileSync(process.env.BERTH_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
