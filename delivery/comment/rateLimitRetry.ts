/** How a request that hit GitHub's secondary rate limit is retried. */
export interface RetryPolicy {
    /** Retries after the first attempt. @default 3 */
    retries?: number;
    /** Waits this long when GitHub names no time (retry-after or x-ratelimit-reset). @default 60 s, as GitHub advises */
    defaultWaitSeconds?: number;
    /** Waits; tests pass one that does not. @default setTimeout */
    sleep?: (seconds: number) => Promise<void>;
    /** The epoch seconds now, for x-ratelimit-reset. @default Date.now() / 1000 */
    now?: () => number;
}

interface HttpError {
    status?: number;
    message?: string;
    response?: { headers?: Record<string, string | number | undefined> };
}

/**
 * How long to wait before retrying a failed request, or undefined when it must not be retried: a 403 or 429 that is a
 * rate limit (a retry-after header, no requests remaining, or GitHub's "secondary rate limit" message). A 403 for
 * missing permissions fails at once.
 */
export function rateLimitWait(error: unknown, policy: RetryPolicy = {}): number | undefined {
    const { status, message = "", response } = (error ?? {}) as HttpError;
    if (status !== 403 && status !== 429) return undefined;
    const headers = response?.headers ?? {};
    const retryAfter = Number(headers["retry-after"]);
    if (headers["retry-after"] !== undefined && Number.isFinite(retryAfter)) return Math.max(0, retryAfter);
    const exhausted = String(headers["x-ratelimit-remaining"]) === "0";
    if (exhausted && headers["x-ratelimit-reset"] !== undefined) {
        const now = policy.now?.() ?? Date.now() / 1000;
        return Math.max(0, Number(headers["x-ratelimit-reset"]) - now);
    }
    if (exhausted || status === 429 || /secondary rate limit|abuse detection/i.test(message)) return policy.defaultWaitSeconds ?? 60;
    return undefined;
}

/** Runs `attempt`, retrying it after GitHub's rate-limit answers as long as the policy allows. */
export async function withRateLimitRetry<T>(attempt: () => Promise<T>, policy: RetryPolicy = {}): Promise<T> {
    const retries = policy.retries ?? 3;
    const sleep = policy.sleep ?? ((seconds: number) => new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000)));
    for (let tried = 0; ; tried++) {
        try {
            return await attempt();
        } catch (err) {
            const wait = rateLimitWait(err, policy);
            if (wait === undefined || tried >= retries) throw err;
            await sleep(wait);
        }
    }
}
