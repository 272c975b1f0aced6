/**
 * The HTTP behaviour every server of this API shares because they share one pipeline: CORS, 401 before
 * 400, 413, 415, malformed JSON and the 500. One table, run against each transport and each server (the
 * fixture router here, the mock, the reference server on node:http and on the Fetch adapter), so a
 * difference between them is a failing row. Exported as `@phone-api/server/test/behaviour-table`.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { type ErrorMeaning, EXPOSED_HEADERS, errorReply, type FetchHandler } from '../src/index.ts';

export interface TableRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Send the body without a `Content-Length` (chunked on a socket, a stream through Fetch). */
  stream?: boolean;
}

export interface TableResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** One server on one transport, as the table drives it. */
export interface BehaviourTarget {
  send(request: TableRequest): Promise<TableResponse>;
  /** Credentials the target accepts, per surface. */
  keys: { agents: string; convai: string };
  /** Whether a present but wrong credential is refused (the mock accepts any). */
  authenticates: boolean;
  /** Whether the transport has a connection to close after a 413 (node:http; not a Fetch handler). */
  closesAfter413: boolean;
}

/** What a suite needs: the target, the same server with failing handlers (for the 500), and cleanup. */
export interface BehaviourSetup {
  target: BehaviourTarget;
  failing: BehaviourTarget;
  close(): Promise<void>;
}

const AGENTS_ID = '/v1/agents/phone-numbers/phone_01kjqh7vm8fg9vjw2pv29p5pjw';
const CONVAI_ID = '/v1/convai/phone-numbers/phone_01kjqh7vm8fg9vjw2pv29p5pjw';
const ORIGIN = 'http://localhost:5173';
const REQUEST_ID = /^req_[0-9A-Za-z_-]{8,64}$/;
const JSON_TYPE = { 'content-type': 'application/json' };
// Just over the spec's 64 KiB limit, as valid JSON so that only its size can be refused.
const OVERSIZED = JSON.stringify({ label: 'x'.repeat(65 * 1024) });

type Surface = 'agents' | 'convai';

function auth(target: BehaviourTarget, surface: Surface, key = target.keys[surface]): Record<string, string> {
  return surface === 'agents' ? { authorization: `Bearer ${key}` } : { 'xi-api-key': key };
}

/** The response is the catalogue's entry for `meaning` on `surface`, byte for byte but the request id. */
function expectEntry(
  res: TableResponse,
  meaning: ErrorMeaning,
  surface: Surface,
  params?: Record<string, string>,
): void {
  const requestId = res.headers.get('x-request-id') ?? '';
  expect(requestId).toMatch(REQUEST_ID);
  // The table names meanings generically; errorReply's overloads are per meaning.
  const reply = errorReply as (
    m: string,
    s: Surface,
    id: string,
    d?: object,
  ) => { status: number; body: unknown };
  const expected = reply(meaning, surface, requestId, params ? { params } : undefined);
  expect({ status: res.status, body: JSON.parse(res.text) }).toEqual({
    status: expected.status,
    body: expected.body,
  });
}

function expectStatusAndCode(res: TableResponse, status: number, surface: Surface, code: string): void {
  expect(res.status).toBe(status);
  const body = JSON.parse(res.text) as { error?: { code: string }; detail?: { type: string }[] };
  expect(surface === 'agents' ? body.error?.code : body.detail?.[0]?.type).toBe(code);
}

interface Row {
  name: string;
  run(target: BehaviourTarget): Promise<void>;
}

const SURFACES = [
  { surface: 'agents' as const, byId: AGENTS_ID, collection: '/v1/agents/phone-numbers' },
  { surface: 'convai' as const, byId: CONVAI_ID, collection: '/v1/convai/phone-numbers' },
];

/** The rows, per surface where the surfaces differ in shape. */
export const BEHAVIOUR_ROWS: readonly Row[] = [
  {
    name: 'CORS: a preflight names the path’s methods and the headers the spec lets clients send',
    async run(t) {
      const res = await t.send({
        method: 'OPTIONS',
        path: AGENTS_ID,
        headers: {
          origin: ORIGIN,
          'access-control-request-method': 'PATCH',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-methods')?.split(', ').sort()).toEqual(
        ['DELETE', 'GET', 'PATCH'].sort(),
      );
      const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(', ');
      expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type']));
      expect(res.headers.get('access-control-max-age')).toBe('600');
      expect(res.headers.get('x-request-id')).toMatch(REQUEST_ID);
    },
  },
  {
    name: 'CORS: a convai preflight allows xi-api-key and Idempotency-Key',
    async run(t) {
      const res = await t.send({
        method: 'OPTIONS',
        path: '/v1/convai/phone-numbers',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(', ');
      expect(allowed).toEqual(expect.arrayContaining(['xi-api-key', 'idempotency-key', 'content-type']));
    },
  },
  {
    name: 'CORS: a preflight of an unknown path is the surface’s 404',
    async run(t) {
      const res = await t.send({
        method: 'OPTIONS',
        path: '/v1/convai/nothing',
        headers: { origin: ORIGIN },
      });
      expectEntry(res, 'route_not_found', 'convai');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    },
  },
  ...SURFACES.map(({ surface, byId }) => ({
    name: `CORS: every ${surface} answer to a browser, errors too, allows the origin and exposes the headers`,
    async run(t: BehaviourTarget) {
      for (const headers of [{ origin: ORIGIN, ...auth(t, surface) }, { origin: ORIGIN }]) {
        const res = await t.send({ method: 'GET', path: byId, headers });
        expect(res.headers.get('access-control-allow-origin')).toBe('*');
        expect(res.headers.get('access-control-expose-headers')).toBe(EXPOSED_HEADERS);
      }
      const plain = await t.send({ method: 'GET', path: byId, headers: auth(t, surface) });
      expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    },
  })),
  ...SURFACES.map(({ surface, byId }) => ({
    name: `401 before 400 (${surface}): no credential and a malformed body is the 401`,
    async run(t: BehaviourTarget) {
      const res = await t.send({ method: 'PATCH', path: byId, headers: JSON_TYPE, body: '{"label":' });
      expectEntry(res, 'unauthorized', surface);
    },
  })),
  ...SURFACES.map(({ surface, byId }) => ({
    name: `401 before 400 (${surface}): a wrong key and a malformed body is the 401 where keys are checked`,
    async run(t: BehaviourTarget) {
      const res = await t.send({
        method: 'PATCH',
        path: byId,
        headers: { ...JSON_TYPE, ...auth(t, surface, 'not-a-key-of-this-server') },
        body: '{"label":',
      });
      if (t.authenticates) expectEntry(res, 'unauthorized', surface);
      else
        expectStatusAndCode(
          res,
          surface === 'agents' ? 400 : 422,
          surface,
          surface === 'agents' ? 'bad_request' : 'json_invalid',
        );
    },
  })),
  ...SURFACES.flatMap(({ surface, byId }) =>
    [false, true].map((stream) => ({
      name: `413 (${surface}): a body over 64 KiB${stream ? ' without Content-Length' : ''} is refused unread`,
      async run(t: BehaviourTarget) {
        const res = await t.send({
          method: 'PATCH',
          path: byId,
          headers: { ...JSON_TYPE, ...auth(t, surface) },
          body: OVERSIZED,
          stream,
        });
        expectEntry(res, 'payload_too_large', surface, { limit: '64 KiB' });
        if (t.closesAfter413) expect(res.headers.get('connection')).toBe('close');
      },
    })),
  ),
  ...SURFACES.map(({ surface, collection }) => ({
    name: `415 (${surface}): a body that is not JSON is the surface’s unsupported media type`,
    async run(t: BehaviourTarget) {
      const res = await t.send({
        method: 'POST',
        path: collection,
        headers: { 'content-type': 'text/plain', ...auth(t, surface) },
        body: 'hello',
      });
      expectEntry(res, 'unsupported_media_type', surface);
    },
  })),
  ...SURFACES.map(({ surface, byId }) => ({
    name: `malformed JSON (${surface}) is the surface’s syntax error, located`,
    async run(t: BehaviourTarget) {
      const res = await t.send({
        method: 'PATCH',
        path: byId,
        headers: { ...JSON_TYPE, ...auth(t, surface) },
        body: '{"label": }',
      });
      if (surface === 'agents') expectStatusAndCode(res, 400, 'agents', 'bad_request');
      else {
        expectStatusAndCode(res, 422, 'convai', 'json_invalid');
        expect((JSON.parse(res.text) as { detail: { loc: unknown[] }[] }).detail[0]?.loc).toEqual([
          'body',
          10,
        ]);
      }
    },
  })),
];

/** Rows for the server with failing handlers: its 500 is the catalogue's, in each surface's shape. */
export const FAILURE_ROWS: readonly Row[] = SURFACES.map(({ surface, collection }) => ({
  name: `500 (${surface}): a failing handler is the catalogue’s internal error`,
  async run(t: BehaviourTarget) {
    const res = await t.send({
      method: 'GET',
      path: collection,
      headers: { origin: ORIGIN, ...auth(t, surface) },
    });
    expectEntry(res, 'internal', surface);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  },
}));

/** How long the targets of {@link faultTable} hold a `timeout` fault (their `faults.timeoutMs`). */
export const FAULT_TIMEOUT_MS = 300;

/** `send`, expecting the network to fail: resolves the error (or fails the test if an answer came). */
async function networkError(t: BehaviourTarget, req: TableRequest): Promise<unknown> {
  try {
    const res = await t.send(req);
    throw new Error(`expected a network error, got ${res.status}`);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('expected a network error')) throw error;
    return error;
  }
}

/** Latency and every fault kind asked for with `Prefer`, on a target whose pipeline has `faults` on. */
export const FAULT_ROWS: readonly Row[] = [
  ...SURFACES.map(({ surface, collection }) => ({
    name: `Prefer: delay=250 (${surface}) holds the answer, and says so in Preference-Applied`,
    async run(t: BehaviourTarget) {
      const started = performance.now();
      const res = await t.send({
        method: 'GET',
        path: collection,
        headers: { ...auth(t, surface), prefer: 'delay=250' },
      });
      expect(performance.now() - started).toBeGreaterThanOrEqual(240);
      expect(res.status).toBe(200);
      expect(res.headers.get('preference-applied')).toContain('delay=250');
    },
  })),
  // Each documented fault, on each surface: its catalogue entry, with Retry-After where it says "come back".
  ...(
    [
      ['429', 'rate_limited', true],
      ['503', 'unavailable', true],
      ['500', 'internal', false],
    ] as const
  ).flatMap(([fault, meaning, retryAfter]) =>
    SURFACES.map(({ surface, collection }) => ({
      name: `Prefer: fault=${fault} (${surface}) is the catalogue's ${meaning} entry${retryAfter ? ', with Retry-After' : ''}`,
      async run(t: BehaviourTarget) {
        const res = await t.send({
          method: 'GET',
          path: collection,
          headers: { ...auth(t, surface), prefer: `fault=${fault}` },
        });
        expectEntry(res, meaning, surface);
        if (retryAfter) expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      },
    })),
  ),
  {
    name: 'Prefer: fault=reset is a network error, not an answer',
    async run(t) {
      await networkError(t, {
        method: 'GET',
        path: '/v1/agents/phone-numbers',
        headers: { ...auth(t, 'agents'), prefer: 'fault=reset' },
      });
    },
  },
  {
    name: 'Prefer: fault=truncated sends the status, then a body that breaks off',
    async run(t) {
      await networkError(t, {
        method: 'GET',
        path: '/v1/convai/phone-numbers',
        headers: { ...auth(t, 'convai'), prefer: 'fault=truncated' },
      });
    },
  },
  {
    name: 'Prefer: fault=timeout answers nothing, then closes (after the configured hold)',
    async run(t) {
      const started = performance.now();
      await networkError(t, {
        method: 'GET',
        path: '/v1/agents/phone-numbers',
        headers: { ...auth(t, 'agents'), prefer: 'fault=timeout' },
      });
      expect(performance.now() - started).toBeGreaterThanOrEqual(FAULT_TIMEOUT_MS - 10);
    },
  },
  {
    name: 'an unknown fault or an over-long delay is ignored (RFC 7240), and not claimed as applied',
    async run(t) {
      const res = await t.send({
        method: 'GET',
        path: '/v1/agents/phone-numbers',
        headers: { ...auth(t, 'agents'), prefer: 'fault=teapot, delay=9999999' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('preference-applied') ?? '').not.toMatch(/fault|delay/);
    },
  },
];

const AGENTS_GET = 'agentsGetPhoneNumber';

async function json(
  t: BehaviourTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<TableResponse> {
  return t.send({
    method,
    path,
    headers: body === undefined ? {} : JSON_TYPE,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The mock control endpoints (`/__mock`), on a target whose pipeline has `control` on. */
export const CONTROL_ROWS: readonly Row[] = [
  {
    name: 'the request log lists recent requests: method, path, status, latency and the validation verdict',
    async run(t) {
      await json(t, 'DELETE', '/__mock/requests');
      await t.send({ method: 'GET', path: '/v1/agents/phone-numbers', headers: auth(t, 'agents') });
      await t.send({
        method: 'PATCH',
        path: AGENTS_ID,
        headers: { ...JSON_TYPE, ...auth(t, 'agents') },
        body: '{"label": 5}',
      });
      const res = await json(t, 'GET', '/__mock/requests');
      expect(res.status).toBe(200);
      const { requests } = JSON.parse(res.text) as { requests: Record<string, unknown>[] };
      expect(requests).toHaveLength(2);
      expect(requests[0]).toMatchObject({
        method: 'GET',
        url: '/v1/agents/phone-numbers',
        status: 200,
        operationId: 'agentsListPhoneNumbers',
        validation: 'passed',
      });
      expect(requests[0]?.requestId).toMatch(REQUEST_ID);
      expect(typeof requests[0]?.ms).toBe('number');
      expect(requests[1]).toMatchObject({ method: 'PATCH', status: 400, validation: 'refused' });
    },
  },
  {
    name: 'scripted answers: the next N answers of an operation, then back to normal',
    async run(t) {
      const limited = errorReply('rate_limited', 'agents', 'req_scriptedscriptedscr');
      const failed = errorReply('internal', 'agents', 'req_scriptedscriptedscr');
      const queued = await json(t, 'POST', `/__mock/scripts/${AGENTS_GET}`, {
        responses: [
          { status: 429, headers: { 'Retry-After': '3' }, body: limited.body },
          { status: 500, body: failed.body },
        ],
      });
      expect(queued.status).toBe(201);
      expect(JSON.parse(queued.text)).toEqual({ operationId: AGENTS_GET, queued: 2 });
      const get = () => t.send({ method: 'GET', path: AGENTS_ID, headers: auth(t, 'agents') });
      const first = await get();
      expect(first.status).toBe(429);
      expect(first.headers.get('retry-after')).toBe('3');
      expect(first.headers.get('x-request-id')).toMatch(REQUEST_ID);
      // The agents envelope's request_id is this request's, whatever the script said.
      expect(JSON.parse(first.text).request_id).toBe(first.headers.get('x-request-id'));
      expect((await get()).status).toBe(500);
      expect([200, 404]).toContain((await get()).status);
      const log = JSON.parse((await json(t, 'GET', '/__mock/requests')).text) as {
        requests: { scripted?: true }[];
      };
      expect(log.requests.filter((r) => r.scripted)).toHaveLength(2);
    },
  },
  {
    name: 'a scripted answer the spec does not document is refused, with why, and nothing is queued',
    async run(t) {
      await json(t, 'DELETE', '/__mock/scripts');
      const res = await json(t, 'POST', `/__mock/scripts/${AGENTS_GET}`, {
        responses: [
          { status: 200, body: { id: 'not-a-number' } },
          { status: 418, body: {} },
        ],
      });
      expect(res.status).toBe(400);
      const { error } = JSON.parse(res.text) as { error: { message: string; problems: string[] } };
      expect(error.problems).toHaveLength(2);
      expect(error.problems[1]).toMatch(/418 is not documented/);
      expect(JSON.parse((await json(t, 'GET', '/__mock/scripts')).text)).toEqual({ scripts: {} });
      const unknown = await json(t, 'POST', '/__mock/scripts/noSuchOperation', {
        responses: [{ status: 200 }],
      });
      expect(unknown.status).toBe(404);
    },
  },
  {
    name: 'reset clears the log and the scripts; the control endpoints answer browsers (CORS)',
    async run(t) {
      await json(t, 'POST', `/__mock/scripts/${AGENTS_GET}`, {
        responses: [
          { status: 404, body: errorReply('phone_number_not_found', 'agents', 'req_x1234567').body },
        ],
      });
      expect((await json(t, 'POST', '/__mock/reset')).status).toBe(204);
      expect(JSON.parse((await json(t, 'GET', '/__mock/scripts')).text)).toEqual({ scripts: {} });
      expect(JSON.parse((await json(t, 'GET', '/__mock/requests')).text)).toEqual({ requests: [] });
      const preflight = await t.send({
        method: 'OPTIONS',
        path: '/__mock/reset',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
      expect((await json(t, 'GET', '/__mock/nothing')).status).toBe(404);
    },
  },
];

/** Runs the control rows against a target built with `control` on. */
export function controlTable(
  name: string,
  setup: () => Promise<{ target: BehaviourTarget; close(): Promise<void> }>,
) {
  describe(`shared control table: ${name}`, () => {
    let current: { target: BehaviourTarget; close(): Promise<void> } | undefined;
    afterAll(async () => current?.close());
    it.each(CONTROL_ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
      current ??= await setup();
      await row.run(current.target);
    });
  });
}

/** Runs the fault rows against a target built with `faults: { timeoutMs: FAULT_TIMEOUT_MS }`. */
export function faultTable(
  name: string,
  setup: () => Promise<{ target: BehaviourTarget; close(): Promise<void> }>,
) {
  describe(`shared fault table: ${name}`, () => {
    let current: { target: BehaviourTarget; close(): Promise<void> } | undefined;
    afterAll(async () => current?.close());
    it.each(FAULT_ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
      current ??= await setup();
      await row.run(current.target);
    });
  });
}

/** Runs the table against `setup()`'s targets, in a `describe` named `name`. */
export function behaviourTable(name: string, setup: () => Promise<BehaviourSetup>): void {
  describe(`shared behaviour table: ${name}`, () => {
    let current: BehaviourSetup | undefined;
    const ready = async () => {
      current ??= await setup();
      return current;
    };
    afterAll(async () => current?.close());
    it.each(BEHAVIOUR_ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
      await row.run((await ready()).target);
    });
    it.each(FAILURE_ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
      await row.run((await ready()).failing);
    });
  });
}

/** A target over HTTP at `base` (a running server). */
export function httpTarget(
  base: string,
  keys: BehaviourTarget['keys'],
  authenticates: boolean,
): BehaviourTarget {
  return {
    keys,
    authenticates,
    closesAfter413: true,
    send: async (req) => {
      if (req.stream) return chunked(base, req);
      const res = await fetch(`${base}${req.path}`, {
        method: req.method,
        headers: req.headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
      });
      return { status: res.status, headers: res.headers, text: await res.text() };
    },
  };
}

/** A request whose body goes out chunked, without `Content-Length` (fetch always sets one for a string). */
function chunked(base: string, req: TableRequest): Promise<TableResponse> {
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      new URL(req.path, base),
      { method: req.method, headers: { ...req.headers, 'transfer-encoding': 'chunked' }, timeout: 5000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          resolve({ status: res.statusCode ?? 0, headers, text });
        });
      },
    );
    out.on('timeout', () => out.destroy(new Error('no answer within 5 s')));
    // The server answers 413 and closes while the body is still going out: that write error is expected.
    out.on('error', (error) => (out.writableEnded ? undefined : reject(error)));
    const body = req.body ?? '';
    for (let i = 0; i < body.length; i += 8192) out.write(body.slice(i, i + 8192));
    out.end();
  });
}

/** A target over a Fetch API handler, called directly (no socket): nothing to close after a 413. */
export function fetchTarget(
  handler: FetchHandler,
  keys: BehaviourTarget['keys'],
  authenticates: boolean,
): BehaviourTarget {
  const target = httpTarget('', keys, authenticates);
  return {
    ...target,
    closesAfter413: false,
    send: async (req) => {
      const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers: req.headers };
      if (req.body !== undefined) {
        if (req.stream) {
          const bytes = new TextEncoder().encode(req.body);
          init.body = new ReadableStream({
            start(controller) {
              for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
              controller.close();
            },
          });
          init.duplex = 'half';
        } else {
          // As a request off the network carries it (a service worker sees the browser's).
          init.body = req.body;
          init.headers = { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) };
        }
      }
      const res = await handler(new Request(`http://mock.invalid${req.path}`, init));
      // What fetch (or msw) makes of an error response: a network error, not an answer.
      if (res.type === 'error') throw new TypeError('Failed to fetch');
      return { status: res.status, headers: res.headers, text: await res.text() };
    },
  };
}
