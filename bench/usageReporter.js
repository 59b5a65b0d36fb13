"use strict";
// Preloaded (node --require) into a benchmarked command so that the child reports its own peak memory and CPU time:
// Node exposes them only for the current process, and the bench must measure the real command, not a copy.
const fs = require("fs");
process.on("exit", () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(
        process.env.BERTH_BENCH_USAGE_FILE,
        JSON.stringify({ maxRssKb: usage.maxRSS, cpuMicros: usage.userCPUTime + usage.systemCPUTime }),
    );
});
