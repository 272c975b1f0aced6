/**
 * MSW handlers for both surfaces of the phone-number API, answered by the reference server's Fetch handler:
 * the same pipeline, request and response validators and handlers as the node server, over an in-memory
 * store. Runs wherever MSW does (a service worker through `msw/browser`, `msw/node` in tests).
 */
import { createReferenceFetchHandler, MemoryStore } from '@phone-api/reference-server/browser';
import type { FaultOptions, FetchHandler } from '@phone-api/server/browser';
// Bundled with the mock: nothing is fetched at run time.
import spec from '@phone-api/spec/openapi.json' with { type: 'json' };
import { type HttpHandler, http } from 'msw';
import { type SeedData, type Seeded, seedStore } from './seed.ts';
import { storeSlot } from './store-slot.ts';

/** Options of {@link createHandlers}. */
export interface MockOptions {
  /**
   * Where the API is: an origin such as `https://api.example.com` (or several). Default: any origin, so
   * requests to the page's own origin and to the SDK's default servers are all answered.
   */
  baseUrl?: string | readonly string[];
  /** What the store starts from, and what `reset()` goes back to (default `'demo'`, the stateful mock's). */
  seed?: SeedData;
  /**
   * Latency and faults: a distribution, a failure rate, a seed, per-operation rules (`FaultOptions`).
   * `Prefer: delay=800` / `Prefer: fault=reset` work without any; `{ prefer: false }` turns them off.
   */
  faults?: FaultOptions;
  /** Check every reply against the spec (default: on, unless NODE_ENV is `production`). */
  validateResponses?: boolean;
  /** E164s the simulated Twilio account treats as verified caller IDs (default: the demo ones). */
  verifiedCallerIds?: Iterable<string>;
  /** Where handler failures are logged (default console). */
  logger?: Pick<Console, 'error'>;
  /**
   * Paths answered under each base URL (MSW path patterns). Default: the two collections and everything
   * under them, so the rest of a backend stays reachable. `['/v1/*']` answers every path under the API's
   * prefix, an unknown one with the surface's 404, as the server does.
   */
  paths?: readonly string[];
}

/** The mock: its MSW handlers and its state. */
export interface PhoneApiMock {
  /** For `setupWorker(...handlers)` or `setupServer(...handlers)`. */
  readonly handlers: HttpHandler[];
  /** Resolves once the current seed is loaded (requests wait for it on their own). */
  readonly ready: Promise<Seeded>;
  /** The current store (replaced by `reset()` and `seed()`). */
  readonly store: MemoryStore;
  /** Starts again from the seed the mock was created with. */
  reset(): Promise<Seeded>;
  /** Replaces everything with `data` (default: the mock's own seed); `reset()` still goes back to that. */
  seed(data?: SeedData): Promise<Seeded>;
}

const PATHS = [
  '/v1/agents/phone-numbers',
  '/v1/agents/phone-numbers/*',
  '/v1/convai/phone-numbers',
  '/v1/convai/phone-numbers/*',
  // The mock's control endpoints (request log, scripted answers, reset), as on every mock.
  '/__mock/*',
];

/** MSW handlers answering the whole API statefully, seeded like the stateful mock unless told otherwise. */
export function createHandlers(options: MockOptions = {}): PhoneApiMock {
  const initial = options.seed ?? 'demo';
  const slot = storeSlot(new MemoryStore());
  const answer: FetchHandler = createReferenceFetchHandler(slot.store, {
    spec,
    // A mock honours `Prefer: delay=` / `fault=` even without other fault options (as the stateful mock).
    faults: options.faults ?? {},
    // `/__mock` as on the server mocks: the request log, scripted answers, and a reset back to the seed.
    control: {
      reset: async () => {
        await load(initial);
      },
    },
    validateResponses: options.validateResponses,
    verifiedCallerIds: options.verifiedCallerIds,
    logger: options.logger,
  });

  let ready: Promise<Seeded>;
  const load = (data: SeedData) => {
    const store = new MemoryStore();
    slot.current = store;
    ready = seedStore(store, data);
    return ready;
  };
  load(initial);

  const resolver = async ({ request }: { request: Request }) => {
    await ready;
    return answer(request);
  };
  const origins = options.baseUrl === undefined ? ['*'] : [options.baseUrl].flat();
  const handlers = origins.flatMap((origin) =>
    (options.paths ?? PATHS).map((path) => http.all(`${origin.replace(/\/+$/, '')}${path}`, resolver)),
  );

  return {
    handlers,
    get ready() {
      return ready;
    },
    get store() {
      return slot.current;
    },
    reset: () => load(initial),
    seed: (data = initial) => load(data),
  };
}
