/**
 * Per-request latency through msw/node, in this process: the global `fetch` a test (or a page) calls, MSW's
 * interception and matching, the handler, and reading the body. Requests run one at a time.
 */
import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';

/** Median and 99th percentile, in microseconds. */
export interface Latency {
  median: number;
  p99: number;
}

/** Sends `send()` `warmup` times, then `n` times measured, with only `handlers` installed. */
export async function latencyOf(
  handlers: RequestHandler[],
  send: () => Promise<Response>,
  n: number,
  warmup: number,
): Promise<Latency> {
  const server = setupServer(...handlers);
  server.listen({ onUnhandledFrame: 'error' });
  try {
    for (let i = 0; i < warmup; i++) await check(await send());
    const times = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      await check(await send());
      times[i] = (performance.now() - started) * 1000;
    }
    times.sort();
    return { median: times[Math.floor(n / 2)] ?? 0, p99: times[Math.min(n - 1, Math.floor(n * 0.99))] ?? 0 };
  } finally {
    server.close();
  }
}

async function check(response: Response): Promise<void> {
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`the bench's request was answered ${response.status}`);
}
