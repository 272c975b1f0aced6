/**
 * The server package's shared behaviour table against the mock as a page reaches it: every request goes
 * out through the global `fetch`, which msw/node intercepts, to the mock's handlers. The 500 rows run on a
 * second mock (another origin) whose store has been closed under it, so every request fails inside it.
 */
import {
  behaviourTable,
  controlTable,
  FAULT_TIMEOUT_MS,
  faultTable,
  fetchTarget,
} from '@phone-api/server/test/behaviour-table';
import { setupServer } from 'msw/node';
import { describe } from 'vitest';
import { createHandlers, DEMO_API_KEYS, type MockOptions } from '../src/index.ts';

const quiet = { error: () => {} };

/** A target whose `send` is the global fetch to `origin` (the table's own origin rewritten). */
function throughFetch(origin: string, authenticates = true) {
  return fetchTarget(
    (request) => fetch(new Request(request.url.replace('http://mock.invalid', origin), request)),
    DEMO_API_KEYS,
    authenticates,
  );
}

/** Mocks on the given origins behind one msw/node server. */
async function mocks(options: Record<string, MockOptions>) {
  const created = Object.entries(options).map(([origin, o]) => createHandlers({ baseUrl: origin, ...o }));
  await Promise.all(created.map((mock) => mock.ready));
  const server = setupServer(...created.flatMap((mock) => mock.handlers));
  server.listen({ onUnhandledFrame: 'error' });
  return { created, close: async () => server.close() };
}

describe('the in-browser mock through msw/node', () => {
  behaviourTable('browser mock (msw/node, global fetch)', async () => {
    const { created, close } = await mocks({
      'https://ok.mock.test': { logger: quiet, paths: ['/v1/*'] },
      'https://failing.mock.test': { logger: quiet },
    });
    await created[1]?.store.close();
    return {
      target: throughFetch('https://ok.mock.test'),
      failing: throughFetch('https://failing.mock.test'),
      close,
    };
  });

  controlTable('browser mock (msw/node, global fetch)', async () => {
    const { close } = await mocks({ 'https://control.mock.test': { logger: quiet } });
    return { target: throughFetch('https://control.mock.test'), close };
  });

  faultTable('browser mock (msw/node, global fetch)', async () => {
    const { close } = await mocks({
      'https://faults.mock.test': { logger: quiet, faults: { timeoutMs: FAULT_TIMEOUT_MS } },
    });
    return { target: throughFetch('https://faults.mock.test'), close };
  });
});
