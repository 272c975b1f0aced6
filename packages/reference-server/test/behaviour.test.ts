/**
 * The shared behaviour table of `@phone-api/server` against the reference server, on each store and on
 * both transports: node:http (a real socket) and the Fetch adapter over the same store (a `Request`
 * handed to the handler, as the in-browser mock does). The 500 rows run on a server whose database has
 * been closed under it, so every request fails inside the store.
 */

import {
  behaviourTable,
  controlTable,
  FAULT_TIMEOUT_MS,
  faultTable,
  fetchTarget,
  httpTarget,
} from '@phone-api/server/test/behaviour-table';
import { describe, expect, it } from 'vitest';
import { createReferenceFetchHandler, type ReferenceServer } from '../src/index.ts';
import { client, e164, STORES, startOn } from './helpers.ts';

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

describe.each(STORES)('%s store, with control on', (kind) => {
  controlTable(`reference server on node:http (${kind})`, async () => {
    const server = await startOn(kind, { logger: quiet, control: true });
    return { target: httpTarget(server.url, server.apiKeys, true), close: () => server.close() };
  });

  it('POST /__mock/reset brings back the workspace as this start left it: keys, agents, no numbers', async () => {
    const server = await startOn(kind, { logger: quiet, control: true });
    try {
      const api = client(server, server.apiKeys);
      const created = await api.agents('POST', '', {
        source: 'byoc',
        e164: e164(),
        trunk_id: 'trunk_01kagb9r80ehc8e5k2fjx2vqm3',
        agent_id: server.agentIds[0],
      });
      expect(created.status).toBe(201);
      expect((await api.agents('GET')).body.numbers).toHaveLength(1);
      expect((await fetch(`${server.url}/__mock/reset`, { method: 'POST' })).status).toBe(204);
      const after = await api.agents('GET');
      expect(after.status).toBe(200);
      expect(after.body.numbers).toEqual([]);
      expect(await server.store.agentExists({ id: server.workspaceId }, server.agentIds[0] as string)).toBe(
        true,
      );
    } finally {
      await server.close();
    }
  });
});
