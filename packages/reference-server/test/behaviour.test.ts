/**
 * The shared behaviour table of `@phone-api/server` against the reference server, on each store and on
 * both transports: node:http (a real socket) and the Fetch adapter over the same store (a `Request`
 * handed to the handler, as the in-browser mock does). The 500 rows run on a server whose database has
 * been closed under it, so every request fails inside the store.
 */

import {
  behaviourTable,
  FAULT_TIMEOUT_MS,
  faultTable,
  fetchTarget,
  httpTarget,
} from '@phone-api/server/test/behaviour-table';
import { describe } from 'vitest';
import { createReferenceFetchHandler, type ReferenceServer } from '../src/index.ts';
import { STORES, startOn } from './helpers.ts';

const quiet = { error: () => {} };

/** A server on `kind` whose database is closed: its store fails every query. */
async function broken(kind: (typeof STORES)[number]): Promise<ReferenceServer> {
  const server = await startOn(kind, { logger: quiet });
  await server.store.close();
  return server;
}

describe.each(STORES)('%s store', (kind) => {
  behaviourTable(`reference server on node:http (${kind})`, async () => {
    const server = await startOn(kind, { logger: quiet });
    const failing = await broken(kind);
    return {
      target: httpTarget(server.url, server.apiKeys, true),
      failing: httpTarget(failing.url, failing.apiKeys, true),
      close: async () => {
        await server.close();
        await failing.close();
      },
    };
  });

  behaviourTable(`reference server on the Fetch adapter (${kind})`, async () => {
    const server = await startOn(kind, { logger: quiet });
    const failing = await broken(kind);
    return {
      target: fetchTarget(createReferenceFetchHandler(server.store, { logger: quiet }), server.apiKeys, true),
      failing: fetchTarget(
        createReferenceFetchHandler(failing.store, { logger: quiet }),
        failing.apiKeys,
        true,
      ),
      close: async () => {
        await server.close();
        await failing.close();
      },
    };
  });
});

describe.each(STORES)('%s store, with faults on', (kind) => {
  faultTable(`reference server on node:http (${kind})`, async () => {
    const server = await startOn(kind, { logger: quiet, faults: { timeoutMs: FAULT_TIMEOUT_MS } });
    return { target: httpTarget(server.url, server.apiKeys, true), close: () => server.close() };
  });

  faultTable(`reference server on the Fetch adapter (${kind})`, async () => {
    const server = await startOn(kind, { logger: quiet });
    const handler = createReferenceFetchHandler(server.store, {
      logger: quiet,
      faults: { timeoutMs: FAULT_TIMEOUT_MS },
    });
    return { target: fetchTarget(handler, server.apiKeys, true), close: () => server.close() };
  });
});
