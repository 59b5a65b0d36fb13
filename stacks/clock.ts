/**
 * "Today", for the one thing in Berth that depends on the date: how close a Kubernetes minor is to the end
 * of EKS standard support. It only ever turns into a warning. BERTH_TODAY (an ISO date) fixes it, so that
 * tests and a re-run of an old plan give the same answer on any day.
 */
export function today(env: NodeJS.ProcessEnv = process.env): Date {
    const fixed = env.BERTH_TODAY;
    if (fixed === undefined || fixed === "") {
        return new Date();
    }
    const day = new Date(/^\d{4}-\d{2}-\d{2}$/.test(fixed) ? `${fixed}T12:00:00Z` : fixed);
    if (Number.isNaN(day.getTime())) {
        throw new Error(`BERTH_TODAY must be a date such as 2026-11-28 (got ${JSON.stringify(fixed)})`);
    }
    return day;
}
