/**
 * Edges of the pipeline found by review: replies a transport cannot send, framing headers from a reply or
 * a script, a page producer that throws, and who may read the control endpoints. Each case failed before
 * its fix (a hang, a crash, a malformed message, a 500 where a 4xx belongs, a log readable by any page).
 */
import { describe, expect, it } from 'vitest';
import {
  createFetchHandler,
  createPipeline,
  createRouter,
  errorReply,
  type Handlers,
  type RouterErrorContext,
  toFetchHandler,
} from '../src/index.ts';
import { AGENTS_KEY, authenticate, fixtureHandlers, listen, spec, within } from './support.ts';

const quiet = { error: () => {} };
const agents = { authorization: `Bearer ${AGENTS_KEY}` };

/** The fixture handlers with the agents list answering `reply` (out of contract on purpose). */
function listAnswers(reply: unknown) {
  return { ...fixtureHandlers, agentsListPhoneNumbers: async () => reply } as unknown as Handlers<{
    workspace: string;
  }>;
}

const list = (init: RequestInit = {}) =>
  new Request('http://api.invalid/v1/agents/phone-numbers', {
    ...init,
    headers: { ...agents, ...init.headers },
  });

describe('replies a transport cannot send', () => {
  it('a 204 with a body goes out without the body (a Fetch Response refuses one)', async () => {
    const handle = createFetchHandler({
      spec,
      handlers: listAnswers({ status: 204, body: { numbers: [] } }),
      authenticate,
      validateResponses: false,
      logger: quiet,
    });
    const res = await handle(list());
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('a 1xx from a handler is the documented 500, not a hang', async () => {
    const handle = createFetchHandler({
      spec,
      handlers: listAnswers({ status: 101 }),
      authenticate,
      validateResponses: false,
      logger: quiet,
    });
    const res = await handle(list());
    expect(res.status).toBe(500);
    const id = res.headers.get('x-request-id') ?? '';
    expect(await res.json()).toEqual(errorReply('internal', 'agents', id).body);
  });
});

describe('framing headers', () => {
  it('a reply’s own Content-Length (any case) never goes out beside the pipeline’s', async () => {
    const handlers = {
      ...fixtureHandlers,
      agentsListPhoneNumbers: () => ({
        status: 200,
        headers: { 'content-length': '1', 'transfer-encoding': 'chunked' },
        body: { numbers: [], next_cursor: null, has_more: false },
      }),
    } as unknown as Handlers<{ workspace: string }>;
    const server = await listen(
      createRouter({ spec, handlers, authenticate, validateResponses: false, logger: quiet }),
    );
    try {
      const res = await fetch(`${server.base}/v1/agents/phone-numbers`, { headers: agents });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ numbers: [], next_cursor: null, has_more: false });
      expect(res.headers.get('content-length')).toBe(
        String(JSON.stringify({ numbers: [], next_cursor: null, has_more: false }).length),
      );
      expect(res.headers.get('transfer-encoding')).toBeNull();
    } finally {
      await server.close();
    }
  });
});

/** A Fetch handler with the control endpoints on (each describe its own: scripts and logs are state). */
const withControl = () =>
  createFetchHandler({ spec, handlers: fixtureHandlers, authenticate, control: {}, logger: quiet });

describe('control endpoints', () => {
  const handle = withControl();
  const script = (path: string, responses: unknown) =>
    handle(
      new Request(`http://api.invalid/__mock/scripts/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ responses }),
      }),
    );

  it.each([
    ['a framing header', { 'content-length': '1' }, /content-length is the transport's to set/],
    ['a header name that is not a token', { 'bad name': 'x' }, /is not a token/],
    ['a header value with a line break', { 'X-A': 'a\r\nb' }, /a character HTTP does not allow/],
  ])('refuses a scripted answer with %s, queuing nothing', async (_name, headers, why) => {
    const res = await script('agentsListPhoneNumbers', [
      { status: 200, headers, body: { numbers: [], next_cursor: null, has_more: false } },
    ]);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { problems: string[] } }).error.problems[0]).toMatch(why);
  });

  it('answers a malformed escape in the operation id with its 404, not a 500', async () => {
    expect((await script('%E0%A4%A', [{ status: 200 }])).status).toBe(404);
  });

  it('lets a page on this machine read the request log, and no other page', async () => {
    const read = (origin: string) =>
      handle(new Request('http://api.invalid/__mock/requests', { headers: { origin } }));
    expect((await read('http://localhost:5173')).headers.get('access-control-allow-origin')).toBe('*');
    expect((await read('http://127.0.0.1:8080')).headers.get('access-control-allow-origin')).toBe('*');
    expect((await read('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('a page producer that throws', () => {
  it('is the 500 of its path’s surface, not an exception out of handle()', async () => {
    const pipeline = createPipeline({
      spec,
      handlers: fixtureHandlers as never,
      logger: quiet,
      serveOther: () => {
        throw new Error('docs broke');
      },
    });
    const res = await toFetchHandler(pipeline)(new Request('http://api.invalid/docs'));
    expect(res.status).toBe(500);
  });
});

describe('hooks that never settle', () => {
  const never = (): Promise<{ workspace: string } | undefined> => new Promise(() => {});
  const cases = [
    ['a valid request', { method: 'GET', body: undefined }],
    // Refused by the validator, so judged by authenticateRefused: a wrong key must still learn only 401.
    ['a request the validator refuses', { method: 'POST', body: '{"e164": 5}' }],
  ] as const;
  it.each(cases)(
    'an authenticate that never settles is the documented 500 after the handler timeout, for %s',
    async (_name, given) => {
      const failures: RouterErrorContext[] = [];
      const server = await listen(
        createRouter({
          spec,
          handlers: fixtureHandlers,
          authenticate: never,
          handlerTimeoutMs: 50,
          logger: quiet,
          onError: (_error, context) => failures.push(context),
        }),
      );
      try {
        const res = await fetch(`${server.base}/v1/agents/phone-numbers`, {
          method: given.method,
          headers: { ...agents, 'content-type': 'application/json' },
          body: given.body,
          signal: AbortSignal.timeout(2000),
        });
        expect(res.status).toBe(500);
        const id = res.headers.get('x-request-id') ?? '';
        expect(await res.json()).toEqual(errorReply('internal', 'agents', id).body);
        expect(failures.map((f) => [f.kind, f.operationId])).toEqual([
          [
            'authenticate_timeout',
            given.method === 'GET' ? 'agentsListPhoneNumbers' : 'agentsImportPhoneNumber',
          ],
        ]);
      } finally {
        await server.close();
      }
    },
  );

  it('an authenticate answer after the timeout runs no handler', async () => {
    let late: (workspace: { workspace: string }) => void = () => {};
    const ran: string[] = [];
    const handle = createFetchHandler({
      spec,
      handlers: {
        ...fixtureHandlers,
        agentsListPhoneNumbers: (req) => {
          ran.push(req.requestId);
          return fixtureHandlers.agentsListPhoneNumbers(req);
        },
      },
      authenticate: () =>
        new Promise<{ workspace: string } | undefined>((resolve) => {
          late = resolve;
        }),
      handlerTimeoutMs: 20,
      logger: quiet,
    });
    expect((await within(2000, handle(list()))).status).toBe(500);
    late({ workspace: 'ws_agents' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toEqual([]);
  });

  it('a control reset hook that never settles is the control surface’s 500 after the timeout', async () => {
    const stuck = createFetchHandler({
      spec,
      handlers: fixtureHandlers,
      authenticate,
      control: { reset: () => new Promise<void>(() => {}) },
      handlerTimeoutMs: 50,
      logger: quiet,
    });
    const res = await within(2000, stuck(new Request('http://api.invalid/__mock/reset', { method: 'POST' })));
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/reset .*timed out/);
  });
});

describe('handlerTimeoutMs', () => {
  // A timer past 2^31-1 ms fires at once, so such a bound would answer every async handler 500 at once.
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31])(
    'refuses %s when the router is made',
    (ms) => {
      expect(() =>
        createRouter({ spec, handlers: fixtureHandlers, authenticate, handlerTimeoutMs: ms }),
      ).toThrow(RangeError);
    },
  );

  it('takes the longest a timer can wait', () => {
    expect(() =>
      createRouter({ spec, handlers: fixtureHandlers, authenticate, handlerTimeoutMs: 2 ** 31 - 1 }),
    ).not.toThrow();
  });
});

describe('a reply that cannot be serialised', () => {
  const cyclic: Record<string, unknown> = { numbers: [], next_cursor: null, has_more: false };
  cyclic.self = cyclic;
  it.each([
    ['a BigInt', { numbers: [], next_cursor: null, has_more: false, total: 1n }],
    ['a cycle', cyclic],
  ])('with %s is the documented 500, reported to onError', async (_name, body) => {
    const failures: RouterErrorContext[] = [];
    const handle = createFetchHandler({
      spec,
      handlers: listAnswers({ status: 200, body }),
      authenticate,
      validateResponses: false,
      logger: quiet,
      onError: (_error, context) => failures.push(context),
    });
    const res = await handle(list());
    expect(res.status).toBe(500);
    const id = res.headers.get('x-request-id') ?? '';
    expect(await res.json()).toEqual(errorReply('internal', 'agents', id).body);
    expect(failures).toEqual([
      {
        kind: 'reply_not_serialisable',
        operationId: 'agentsListPhoneNumbers',
        surface: 'agents',
        requestId: id,
      },
    ]);
  });
});

describe('control endpoints: limits', () => {
  const handle = withControl();
  const post = (path: string, body: string) =>
    handle(
      new Request(`http://api.invalid/__mock/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }),
    );
  const answers = (n: number) =>
    JSON.stringify({
      responses: Array.from({ length: n }, () => ({
        status: 200,
        body: { numbers: [], next_cursor: null, has_more: false },
      })),
    });
  const pending = async () =>
    (
      (await (await handle(new Request('http://api.invalid/__mock/scripts'))).json()) as {
        scripts: Record<string, number>;
      }
    ).scripts;

  it('answers an oversized body with the catalogue’s 413, like the API routes', async () => {
    const res = await post(
      'scripts/agentsListPhoneNumbers',
      `{"responses":[],"pad":"${'x'.repeat(70_000)}"}`,
    );
    expect(res.status).toBe(413);
    const id = res.headers.get('x-request-id') ?? '';
    expect(await res.json()).toEqual(
      errorReply('payload_too_large', 'agents', id, { params: { limit: '64 KiB' } }).body,
    );
  });

  it('queues at most 100 scripted answers per operation, refusing the rest whole', async () => {
    await handle(new Request('http://api.invalid/__mock/scripts', { method: 'DELETE' }));
    expect((await post('scripts/agentsListPhoneNumbers', answers(101))).status).toBe(400);
    expect(await pending()).toEqual({});
    expect((await post('scripts/agentsListPhoneNumbers', answers(100))).status).toBe(201);
    const over = await post('scripts/agentsListPhoneNumbers', answers(1));
    expect(over.status).toBe(400);
    expect(((await over.json()) as { error: { message: string } }).error.message).toMatch(/at most 100/);
    expect(await pending()).toEqual({ agentsListPhoneNumbers: 100 });
  });
});
