/** Retry settings. Every field is optional; `retry: false` switches retries off. */
export interface RetryOptions {
  /** Retries after the first attempt (default 2, so at most 3 attempts). */
  maxRetries?: number;
  /** Backoff base: attempt n waits a random time in [0, min(maxDelayMs, baseDelayMs * 2^n)) (default 250). */
  baseDelayMs?: number;
  /** Upper bound of the exponential backoff (default 8000). */
  maxDelayMs?: number;
  /** Upper bound applied to a server's `Retry-After` (default 60000). */
  maxRetryAfterMs?: number;
  /** Waits `ms`, rejecting with `signal.reason` when the signal aborts. Injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform random number in [0, 1) used for jitter. Injectable for tests. */
  random?: () => number;
  /** Current time in epoch ms, used to turn an HTTP-date `Retry-After` into a delay. Injectable for tests. */
  now?: () => number;
}

/** {@link RetryOptions} with every default filled in. */
export type RetryPolicy = Required<RetryOptions>;

/** Waits `ms` unless `signal` aborts first (then rejects with its reason and clears the timer). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Fills in defaults; `false` becomes a policy with no retries. */
export function resolveRetryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  const given = options === false ? { maxRetries: 0 } : (options ?? {});
  return {
    maxRetries: given.maxRetries ?? 2,
    baseDelayMs: given.baseDelayMs ?? 250,
    maxDelayMs: given.maxDelayMs ?? 8000,
    maxRetryAfterMs: given.maxRetryAfterMs ?? 60_000,
    sleep: given.sleep ?? sleep,
    random: given.random ?? Math.random,
    now: given.now ?? Date.now,
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/**
 * Whether repeating the request cannot do harm: idempotent methods, or a POST/PATCH that carries an
 * `Idempotency-Key` (the server answers a repeat with the first response).
 */
export function isRetrySafe(request: Request): boolean {
  return SAFE_METHODS.has(request.method) || request.headers.has('idempotency-key');
}

/** Statuses worth another attempt: request timeout, rate limiting and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Delay before retry number `attempt` (0-based): the server's `Retry-After` when it sends a usable one (capped
 * at `maxRetryAfterMs`), otherwise exponential backoff with full jitter.
 */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfter: string | null): number {
  const fromServer = parseRetryAfter(retryAfter, policy.now());
  if (fromServer !== undefined) return Math.min(fromServer, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(policy.random() * ceiling);
}

/** `Retry-After` as milliseconds from `now`: delay-seconds or an HTTP date (RFC 9110 10.2.3); else undefined. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Only IMF-fixdate and its obsolete siblings contain a comma or "GMT"; bare numbers like "1.5" are not dates.
  if (!/GMT|,/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
