/**
 * The shared behaviour table on both adapters of the pipeline, over the fixture handlers: node:http (a real
 * socket on 127.0.0.1) and the Fetch API (a `Request` handed to the handler, as a service worker would).
 */
import { describe, expect, it } from 'vitest';
import { createFetchHandler, createRouter, type Handlers, notImplemented } from '../src/index.ts';
import {
  BEHAVIOUR_ROWS,
  type BehaviourTarget,
  behaviourTable,
  CONTROL_ROWS,
  controlTable,
  FAILURE_ROWS,
  FAULT_ROWS,
  FAULT_TIMEOUT_MS,
  faultTable,
  fetchTarget,
  httpTarget,
  type TableResponse,
} from './behaviour-table.ts';
import { AGENTS_KEY, authenticate, CONVAI_KEY, fixtureHandlers, listen, spec } from './support.ts';

const keys = { agents: AGENTS_KEY, convai: CONVAI_KEY };
const quiet = { error: () => {} };

/** The fixture handlers with both list operations failing, for the 500 rows. */
const failingHandlers = {
  ...fixtureHandlers,
  agentsListPhoneNumbers: () => {
    throw new Error('the store is gone');
  },
  convaiListPhoneNumbers: async () => {
    throw new Error('the store is gone');
  },
} as unknown as Handlers<{ workspace: string }>;

behaviourTable('node:http adapter', async () => {
  const ok = await listen(createRouter({ spec, handlers: fixtureHandlers, authenticate, logger: quiet }));
  const failing = await listen(
    createRouter({ spec, handlers: failingHandlers, authenticate, logger: quiet }),
  );
  return {
    target: httpTarget(ok.base, keys, true),
    failing: httpTarget(failing.base, keys, true),
    close: async () => {
      await ok.close();
      await failing.close();
    },
  };
});

faultTable('node:http adapter', async () => {
  const server = await listen(
    createRouter({
      spec,
      handlers: fixtureHandlers,
      authenticate,
      logger: quiet,
      faults: { timeoutMs: FAULT_TIMEOUT_MS },
    }),
  );
  return { target: httpTarget(server.base, keys, true), close: server.close };
});

controlTable('node:http adapter', async () => {
  const server = await listen(
    createRouter({ spec, handlers: fixtureHandlers, authenticate, logger: quiet, control: {} }),
  );
  return { target: httpTarget(server.base, keys, true), close: server.close };
});

controlTable('Fetch adapter', async () => ({
  target: fetchTarget(
    createFetchHandler({ spec, handlers: fixtureHandlers, authenticate, logger: quiet, control: {} }),
    keys,
    true,
  ),
  close: async () => {},
}));

faultTable('Fetch adapter', async () => ({
  target: fetchTarget(
    createFetchHandler({
      spec,
      handlers: fixtureHandlers,
      authenticate,
      logger: quiet,
      faults: { timeoutMs: FAULT_TIMEOUT_MS },
    }),
    keys,
    true,
  ),
  close: async () => {},
}));

behaviourTable('Fetch adapter', async () => ({
  target: fetchTarget(
    createFetchHandler({ spec, handlers: fixtureHandlers, authenticate, logger: quiet }),
    keys,
    true,
  ),
  failing: fetchTarget(
    createFetchHandler({ spec, handlers: failingHandlers, authenticate, logger: quiet }),
    keys,
    true,
  ),
  close: async () => {},
}));

describe('the table catches a server that differs', () => {
  const good = fetchTarget(
    createFetchHandler({ spec, handlers: fixtureHandlers, authenticate, logger: quiet }),
    keys,
    true,
  );
  /** `good` with its responses rewritten by `change`. */
  const altered = (change: (res: TableResponse) => TableResponse): BehaviourTarget => ({
    ...good,
    send: async (req) => change(await good.send(req)),
  });
  const row = (part: string) => {
    const found = [...BEHAVIOUR_ROWS, ...FAILURE_ROWS].filter((r) => r.name.includes(part));
    expect(found.length).toBeGreaterThan(0);
    return found;
  };
  const rejects = async (rows: { run(t: BehaviourTarget): Promise<void> }[], target: BehaviourTarget) => {
    for (const r of rows) await expect(r.run(target)).rejects.toThrow();
  };

  it('a server without CORS headers', async () => {
    const noCors = altered((res) => {
      const headers = new Headers(res.headers);
      headers.delete('access-control-allow-origin');
      return { ...res, headers };
    });
    await rejects(row('CORS'), noCors);
  });

  it('a server that judges the body before the key (no authenticate, so any key passes)', async () => {
    const lax = fetchTarget(
      createFetchHandler<{ workspace: string }>({ spec, handlers: fixtureHandlers, logger: quiet }),
      keys,
      true,
    );
    await rejects(row('a wrong key and a malformed body'), lax);
  });

  it('a server that keeps the connection open after a 413', async () => {
    await rejects(row('413'), { ...good, closesAfter413: true });
  });

  it('a server whose 415, syntax error or 500 has a wording of its own', async () => {
    const reworded = altered((res) => {
      if (res.status < 415) return res;
      const body = JSON.parse(res.text) as {
        error?: { message: string };
        detail?: { msg: string; type: string }[];
      };
      if (body.error) body.error.message = 'Something went wrong.';
      if (body.detail?.[0]) body.detail[0].type = 'value_error';
      return { ...res, text: JSON.stringify(body) };
    });
    await rejects(row('415'), reworded);
    await rejects(row('malformed JSON (convai)'), reworded);
    const failing = fetchTarget(
      createFetchHandler({
        spec,
        handlers: {
          ...failingHandlers,
          agentsListPhoneNumbers: notImplemented('agentsListPhoneNumbers'),
        } as never,
        authenticate,
        logger: quiet,
      }),
      keys,
      true,
    );
    await rejects(row('500 (agents)'), failing);
  });
});

describe('the fault table catches a server that injects nothing', () => {
  it('every row that asks for a delay or a fault fails on a server without faults', async () => {
    const plain = fetchTarget(
      createFetchHandler({ spec, handlers: fixtureHandlers, authenticate, logger: quiet }),
      keys,
      true,
    );
    const asking = FAULT_ROWS.filter((row) => !row.name.includes('is ignored'));
    expect(asking.length).toBe(FAULT_ROWS.length - 1);
    for (const row of asking) await expect(row.run(plain), row.name).rejects.toThrow();
  });
});

describe('the control table catches a server without control', () => {
  it('every row fails on a server that has no /__mock endpoints', async () => {
    const plain = fetchTarget(
      createFetchHandler({ spec, handlers: fixtureHandlers, authenticate, logger: quiet }),
      keys,
      true,
    );
    for (const row of CONTROL_ROWS) await expect(row.run(plain), row.name).rejects.toThrow();
  });
});
