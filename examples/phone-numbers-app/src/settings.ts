/**
 * Where the app sends requests and with which keys, read from the page's query string so a test (or a
 * developer) points one build at any mock: `?api=http://127.0.0.1:4011&delay=800`, or `?mock=browser`.
 * Defaults: the page's own origin (where the in-browser mock answers) and the demo workspace's public keys.
 */
export interface Settings {
  baseUrl: string;
  agentsKey: string;
  convaiKey: string;
  /** `Prefer: delay=<ms>` on every request: every mock holds its answer that long (a loading state). */
  delayMs: number | undefined;
  /** `?mock=browser`: the in-browser mock answers, at the page's own origin. */
  browserMock: boolean;
}

// The demo workspace's keys (public on purpose; they open only a local mock's demo data).
const DEMO_AGENTS_KEY = 'sk_demoagents00publicdemokeynotforproduction';
const DEMO_CONVAI_KEY = 'sk_democonvai00publicdemokeynotforproduction';

export function readSettings(location: Location): Settings {
  const query = new URLSearchParams(location.search);
  const delay = query.get('delay');
  return {
    baseUrl: query.get('api') ?? location.origin,
    agentsKey: query.get('agentsKey') ?? DEMO_AGENTS_KEY,
    convaiKey: query.get('convaiKey') ?? DEMO_CONVAI_KEY,
    delayMs: delay !== null && /^\d+$/.test(delay) ? Number(delay) : undefined,
    browserMock: query.get('mock') === 'browser',
  };
}
