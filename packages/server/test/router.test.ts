import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, type RouterErrorContext } from '../src/index.ts';
import {
  AGENTS_KEY,
  authenticate,
  CONVAI_KEY,
  call,
  contractMismatch,
  fixtureHandlers,
  KNOWN_ID,
  LEGACY_UUID,
  listen,
  phoneNumber,
  REQUEST_ID,
  seen,
  spec,
} from './support.ts';

const AGENTS = { authorization: `Bearer ${AGENTS_KEY}`, 'content-type': 'application/json' };
const CONVAI = { 'xi-api-key': CONVAI_KEY, 'content-type': 'application/json' };

let server: Awaited<ReturnType<typeof listen>>;
const errors: [unknown, RouterErrorContext][] = [];
beforeAll(async () => {
  server = await listen(
    createRouter({
      spec,
      handlers: fixtureHandlers,
      authenticate,
      validateResponses: true,
      logger: { error: () => {} },
      onError: (error, context) => errors.push([error, context]),
    }),
  );
});
afterAll(() => server.close());
beforeEach(() => {
  seen.length = 0;
});

interface Case {
  given: { method: string; path: string; headers?: Record<string, string>; body?: string };
  want: {
    status: number;
    operationId?: string;
    /** agents `error.code` or convai `detail[0].type` */
    code?: string;
    fields?: Record<string, string | RegExp>;
    detail?: { loc: (string | number)[]; type: string }[];
  };
}

async function check({ given, want }: Case, surface: 'agents' | 'convai') {
  const reply = await call(server.base, given.method, given.path, {
    ...(given.headers ? { headers: given.headers } : {}),
    ...(given.body !== undefined ? { body: given.body } : {}),
  });
  expect(reply.status).toBe(want.status);
  expect(reply.headers['x-request-id']).toMatch(REQUEST_ID);
  expect(contractMismatch(surface, want.operationId, reply)).toBeNull();
  const body = reply.body as {
    error?: { code: string; fields?: Record<string, string> };
    request_id?: string;
    detail?: { loc: (string | number)[]; type: string }[];
  };
  if (want.code) {
    if (surface === 'agents') {
      expect(body.error?.code).toBe(want.code);
      expect(body.request_id).toBe(reply.headers['x-request-id']);
    } else expect(body.detail?.[0]?.type).toBe(want.code);
  }
  if (want.fields) {
    expect(Object.keys(body.error?.fields ?? {}).sort()).toEqual(Object.keys(want.fields).sort());
    for (const [field, message] of Object.entries(want.fields))
      expect(body.error?.fields?.[field]).toMatch(message);
  }
  if (want.detail) {
    expect(body.detail?.map((d) => ({ loc: d.loc, type: d.type }))).toEqual(want.detail);
  }
  return reply;
}

const agentsCases: [string, Case][] = [
  [
    'answers an unknown path under /v1/agents with 404 not_found',
    {
      given: { method: 'GET', path: '/v1/agents/nope', headers: AGENTS },
      want: { status: 404, code: 'not_found' },
    },
  ],
  [
    'answers a path outside both surfaces with an agents-shaped 404',
    { given: { method: 'GET', path: '/v2/anything' }, want: { status: 404, code: 'not_found' } },
  ],
  [
    'answers an undocumented method on a known path with 404',
    {
      given: { method: 'PUT', path: '/v1/agents/phone-numbers', headers: AGENTS, body: '{}' },
      want: { status: 404, code: 'not_found' },
    },
  ],
  [
    'answers a missing Authorization header with 401 before looking at the body',
    {
      given: {
        method: 'POST',
        path: '/v1/agents/phone-numbers',
        headers: { 'content-type': 'application/json' },
        body: '{',
      },
      want: { status: 401, operationId: 'agentsImportPhoneNumber', code: 'unauthorized' },
    },
  ],
  [
    'answers a non-Bearer Authorization header with 401',
    {
      given: {
        method: 'GET',
        path: '/v1/agents/phone-numbers',
        headers: { authorization: `Basic ${AGENTS_KEY}` },
      },
      want: { status: 401, operationId: 'agentsListPhoneNumbers', code: 'unauthorized' },
    },
  ],
  [
    'answers a key that authenticate does not know with 401',
    {
      given: {
        method: 'GET',
        path: '/v1/agents/phone-numbers',
        headers: { authorization: 'Bearer sk_unknown' },
      },
      want: { status: 401, operationId: 'agentsListPhoneNumbers', code: 'unauthorized' },
    },
  ],
  [
    'answers an unknown key with 401 before judging an invalid body',
    {
      given: {
        method: 'PATCH',
        path: `/v1/agents/phone-numbers/${KNOWN_ID}`,
        headers: { authorization: 'Bearer sk_unknown', 'content-type': 'application/json' },
        body: '{"source":"byoc"}',
      },
      want: { status: 401, operationId: 'agentsUpdatePhoneNumber', code: 'unauthorized' },
    },
  ],
  [
    'answers an unknown key with 401 before the legacy-id 404',
    {
      given: {
        method: 'GET',
        path: `/v1/agents/phone-numbers/${LEGACY_UUID}`,
        headers: { authorization: 'Bearer sk_unknown' },
      },
      want: { status: 401, operationId: 'agentsGetPhoneNumber', code: 'unauthorized' },
    },
  ],
  [
    'answers a legacy UUID id with 404 phone_number_not_found, never 400 (GET)',
    {
      given: { method: 'GET', path: `/v1/agents/phone-numbers/${LEGACY_UUID}`, headers: AGENTS },
      want: { status: 404, operationId: 'agentsGetPhoneNumber', code: 'phone_number_not_found' },
    },
  ],
  [
    'answers a legacy UUID id with 404 phone_number_not_found, even with an invalid body (PATCH)',
    {
      given: {
        method: 'PATCH',
        path: `/v1/agents/phone-numbers/${LEGACY_UUID}`,
        headers: AGENTS,
        body: '{"x":1}',
      },
      want: { status: 404, operationId: 'agentsUpdatePhoneNumber', code: 'phone_number_not_found' },
    },
  ],
  [
    'answers a percent-encoded odd id with 404 phone_number_not_found (DELETE)',
    {
      given: { method: 'DELETE', path: '/v1/agents/phone-numbers/%E2%98%83', headers: AGENTS },
      want: { status: 404, operationId: 'agentsDeletePhoneNumber', code: 'phone_number_not_found' },
    },
  ],
  [
    'answers a label holding an unpaired surrogate escape with 400 validation_failed',
    {
      given: {
        method: 'PATCH',
        path: `/v1/agents/phone-numbers/${KNOWN_ID}`,
        headers: AGENTS,
        body: '{"label": "Front \\ud800desk"}',
      },
      want: { status: 400, operationId: 'agentsUpdatePhoneNumber', code: 'validation_failed' },
    },
  ],
  [
    'accepts a label with a properly paired surrogate escape (an emoji)',
    {
      given: {
        method: 'PATCH',
        path: `/v1/agents/phone-numbers/${KNOWN_ID}`,
        headers: AGENTS,
        body: '{"label": "Front desk \\ud83d\\udcde"}',
      },
      want: { status: 200, operationId: 'agentsUpdatePhoneNumber' },
    },
  ],
  [
    'answers malformed JSON with 400 bad_request',
    {
      given: {
        method: 'PATCH',
        path: `/v1/agents/phone-numbers/${KNOWN_ID}`,
        headers: AGENTS,
        body: '{"label": ',
      },
      want: { status: 400, operationId: 'agentsUpdatePhoneNumber', code: 'bad_request' },
    },
  ],
  [
    'answers a non-JSON content type with 415',
    {
      given: {
        method: 'POST',
        path: '/v1/agents/phone-numbers',
        headers: { ...AGENTS, 'content-type': 'text/plain' },
        body: '{"source":"livekit","e164":"+14155550142"}',
      },
      want: { status: 415, operationId: 'agentsImportPhoneNumber', code: 'unsupported_media_type' },
    },
  ],
  ...['[]', 'true', '42', '"a string"'].map((body): [string, Case] => [
    `rejects a discriminated import body that is not an object (${body})`,
    {
      given: { method: 'POST', path: '/v1/agents/phone-numbers', headers: AGENTS, body },
      want: { status: 400, operationId: 'agentsImportPhoneNumber', code: 'validation_failed' },
    },
  ]),
  [
    'rejects agent_id: 123 instead of coercing it to a string',
    {
      given: {
        method: 'PATCH',
        path: `/v1/agents/phone-numbers/${KNOWN_ID}`,
        headers: AGENTS,
        body: '{"agent_id":123}',
      },
      want: {
        status: 400,
        operationId: 'agentsUpdatePhoneNumber',
        code: 'validation_failed',
        fields: { agent_id: /must be a string/ },
      },
    },
  ],
  [
    'rejects immutable and unknown properties on update, one field each',
    {
      given: {
        method: 'PATCH',
        path: `/v1/agents/phone-numbers/${KNOWN_ID}`,
        headers: AGENTS,
        body: '{"source":"byoc","e164":"+12025550000","colour":"red","label":"ok"}',
      },
      want: {
        status: 400,
        operationId: 'agentsUpdatePhoneNumber',
        code: 'validation_failed',
        fields: {
          source: 'source is immutable after import',
          e164: 'e164 is immutable after import',
          colour: /not an allowed property/,
        },
      },
    },
  ],
  [
    'reports the missing and invalid fields of the import branch the source selects',
    {
      given: {
        method: 'POST',
        path: '/v1/agents/phone-numbers',
        headers: AGENTS,
        body: JSON.stringify({ source: 'twilio', e164: '12025551234', twilio: { account_sid: 'AC1' } }),
      },
      want: {
        status: 400,
        operationId: 'agentsImportPhoneNumber',
        code: 'validation_failed',
        fields: { e164: /pattern/, 'twilio.account_sid': /pattern/, 'twilio.auth_token': /is required/ },
      },
    },
  ],
  [
    'rejects an unknown source with the allowed values',
    {
      given: {
        method: 'POST',
        path: '/v1/agents/phone-numbers',
        headers: AGENTS,
        body: '{"source":"sms","e164":"+14155550142"}',
      },
      want: {
        status: 400,
        operationId: 'agentsImportPhoneNumber',
        code: 'validation_failed',
        fields: { source: 'source must be one of: livekit, twilio, byoc' },
      },
    },
  ],
  [
    'rejects a missing body with validation_failed on the body itself',
    {
      given: {
        method: 'PATCH',
        path: `/v1/agents/phone-numbers/${KNOWN_ID}`,
        headers: { authorization: AGENTS.authorization },
      },
      want: {
        status: 400,
        operationId: 'agentsUpdatePhoneNumber',
        code: 'validation_failed',
        fields: { '': /required/ },
      },
    },
  ],
  [
    'rejects a non-integer limit in the query',
    {
      given: { method: 'GET', path: '/v1/agents/phone-numbers?limit=1.5', headers: AGENTS },
      want: {
        status: 400,
        operationId: 'agentsListPhoneNumbers',
        code: 'validation_failed',
        fields: { limit: /integer/ },
      },
    },
  ],
  [
    'rejects an out-of-range limit in the query',
    {
      given: { method: 'GET', path: '/v1/agents/phone-numbers?limit=201', headers: AGENTS },
      want: {
        status: 400,
        operationId: 'agentsListPhoneNumbers',
        code: 'validation_failed',
        fields: { limit: /200/ },
      },
    },
  ],
  [
    'rejects an Idempotency-Key with spaces',
    {
      given: {
        method: 'POST',
        path: '/v1/agents/phone-numbers',
        headers: { ...AGENTS, 'idempotency-key': 'has space' },
        body: '{"source":"livekit","e164":"+14155550142"}',
      },
      want: {
        status: 400,
        operationId: 'agentsImportPhoneNumber',
        code: 'validation_failed',
        fields: { 'Idempotency-Key': /pattern/ },
      },
    },
  ],
  [
    'serves a valid import with 201',
    {
      given: {
        method: 'POST',
        path: '/v1/agents/phone-numbers',
        headers: AGENTS,
        body: '{"source":"livekit","e164":"+14155550142"}',
      },
      want: { status: 201, operationId: 'agentsImportPhoneNumber' },
    },
  ],
  [
    'serves a delete with 204 and no body',
    {
      given: { method: 'DELETE', path: `/v1/agents/phone-numbers/${KNOWN_ID}`, headers: AGENTS },
      want: { status: 204, operationId: 'agentsDeletePhoneNumber' },
    },
  ],
];

const convaiCases: [string, Case][] = [
  [
    'answers an unknown path under /v1/convai with a convai-shaped 404 not_found',
    {
      given: { method: 'GET', path: '/v1/convai/agents', headers: CONVAI },
      want: { status: 404, code: 'not_found' },
    },
  ],
  [
    'answers a missing xi-api-key with 401 invalid_api_key at loc header.xi-api-key',
    {
      given: { method: 'GET', path: '/v1/convai/phone-numbers' },
      want: {
        status: 401,
        operationId: 'convaiListPhoneNumbers',
        detail: [{ loc: ['header', 'xi-api-key'], type: 'invalid_api_key' }],
      },
    },
  ],
  [
    'answers a key that authenticate does not know with 401',
    {
      given: { method: 'GET', path: '/v1/convai/phone-numbers', headers: { 'xi-api-key': 'nope' } },
      want: { status: 401, operationId: 'convaiListPhoneNumbers', code: 'invalid_api_key' },
    },
  ],
  [
    'answers an unknown key with 401 before judging malformed JSON',
    {
      given: {
        method: 'POST',
        path: '/v1/convai/phone-numbers',
        headers: { 'xi-api-key': 'nope', 'content-type': 'application/json' },
        body: '{"phone_number": ',
      },
      want: { status: 401, operationId: 'convaiCreatePhoneNumber', code: 'invalid_api_key' },
    },
  ],
  [
    'answers a non-prefixed id with 404 not_found',
    {
      given: { method: 'GET', path: `/v1/convai/phone-numbers/${LEGACY_UUID}`, headers: CONVAI },
      want: {
        status: 404,
        operationId: 'convaiGetPhoneNumber',
        detail: [{ loc: ['path', 'phone_number_id'], type: 'not_found' }],
      },
    },
  ],
  [
    'answers an unpaired surrogate escape with 422 string_unicode at its loc',
    {
      given: {
        method: 'PATCH',
        path: `/v1/convai/phone-numbers/${KNOWN_ID}`,
        headers: CONVAI,
        body: '{"label": "\\udc00"}',
      },
      want: {
        status: 422,
        operationId: 'convaiUpdatePhoneNumber',
        detail: [{ loc: ['body', 'label'], type: 'string_unicode' }],
      },
    },
  ],
  [
    'answers malformed JSON with 422 json_invalid at the error position',
    {
      given: { method: 'POST', path: '/v1/convai/phone-numbers', headers: CONVAI, body: '{"label": }' },
      want: {
        status: 422,
        operationId: 'convaiCreatePhoneNumber',
        detail: [{ loc: ['body', 10], type: 'json_invalid' }],
      },
    },
  ],
  [
    'answers a non-JSON content type with 415',
    {
      given: {
        method: 'PATCH',
        path: `/v1/convai/phone-numbers/${KNOWN_ID}`,
        headers: { ...CONVAI, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'label=x',
      },
      want: { status: 415, operationId: 'convaiUpdatePhoneNumber', code: 'unsupported_media_type' },
    },
  ],
  [
    'reports a wrongly typed nested field with its full loc',
    {
      given: {
        method: 'POST',
        path: '/v1/convai/phone-numbers',
        headers: CONVAI,
        body: JSON.stringify({
          provider: 'sip_trunk',
          phone_number: '+442071838750',
          label: 'London',
          outbound_trunk_config: { address: 5060 },
        }),
      },
      want: {
        status: 422,
        operationId: 'convaiCreatePhoneNumber',
        detail: [{ loc: ['body', 'outbound_trunk_config', 'address'], type: 'string_type' }],
      },
    },
  ],
  [
    'reports each missing field of the provider the body names',
    {
      given: {
        method: 'POST',
        path: '/v1/convai/phone-numbers',
        headers: CONVAI,
        body: JSON.stringify({ provider: 'twilio', label: 'x', sid: 'AC0123456789abcdef0123456789abcdef' }),
      },
      want: {
        status: 422,
        operationId: 'convaiCreatePhoneNumber',
        detail: [
          { loc: ['body', 'phone_number'], type: 'missing' },
          { loc: ['body', 'token'], type: 'missing' },
        ],
      },
    },
  ],
  [
    'rejects agent_id: 123 instead of coercing it',
    {
      given: {
        method: 'PATCH',
        path: `/v1/convai/phone-numbers/${KNOWN_ID}`,
        headers: CONVAI,
        body: '{"agent_id":123}',
      },
      want: {
        status: 422,
        operationId: 'convaiUpdatePhoneNumber',
        detail: [{ loc: ['body', 'agent_id'], type: 'string_type' }],
      },
    },
  ],
  [
    'accepts (and ignores) unknown body properties',
    {
      given: {
        method: 'PATCH',
        path: `/v1/convai/phone-numbers/${KNOWN_ID}`,
        headers: CONVAI,
        body: JSON.stringify({ label: 'Desk', some_future_field: true }),
      },
      want: { status: 200, operationId: 'convaiUpdatePhoneNumber' },
    },
  ],
  [
    'rejects an unknown provider filter in the query at loc query.provider',
    {
      given: { method: 'GET', path: '/v1/convai/phone-numbers?provider=sms', headers: CONVAI },
      want: {
        status: 422,
        operationId: 'convaiListPhoneNumbers',
        detail: [{ loc: ['query', 'provider'], type: 'enum' }],
      },
    },
  ],
  [
    'serves a delete with 200 and an empty object',
    {
      given: { method: 'DELETE', path: `/v1/convai/phone-numbers/${KNOWN_ID}`, headers: CONVAI },
      want: { status: 200, operationId: 'convaiDeletePhoneNumber' },
    },
  ],
];

describe('agents surface', () => {
  it.each(agentsCases)('%s', async (_name, c) => {
    await check(c, 'agents');
  });

  it('hands the handler a parsed integer limit, the default when absent, and the workspace', async () => {
    const want = { status: 200, operationId: 'agentsListPhoneNumbers' };
    await check(
      { given: { method: 'GET', path: '/v1/agents/phone-numbers?limit=10', headers: AGENTS }, want },
      'agents',
    );
    await check(
      { given: { method: 'GET', path: '/v1/agents/phone-numbers', headers: AGENTS }, want },
      'agents',
    );
    expect(seen.map((s) => s.query)).toEqual([{ limit: 10 }, { limit: 50 }]);
    expect(seen[0]?.workspace).toEqual({ workspace: 'ws_agents' });
  });

  it('never calls the handler for an invalid request', async () => {
    await check(agentsCases.find(([name]) => name.startsWith('rejects agent_id'))?.[1] as Case, 'agents');
    expect(seen).toEqual([]);
  });

  it('answers malformed JSON at once instead of hanging', async () => {
    const reply = await call(server.base, 'POST', '/v1/agents/phone-numbers', {
      headers: AGENTS,
      body: '{"source":',
    });
    expect(reply.status).toBe(400);
    // A hang detector, not a latency test (CI shares two cores); latency is the bench's job.
    expect(reply.ms).toBeLessThan(1000);
  });

  it('gives every response its own request id', async () => {
    const ids = await Promise.all(
      Array.from(
        { length: 20 },
        async () => (await call(server.base, 'GET', '/nope')).headers['x-request-id'],
      ),
    );
    expect(new Set(ids).size).toBe(20);
  });
});

describe('convai surface', () => {
  it.each(convaiCases)('%s', async (_name, c) => {
    await check(c, 'convai');
  });

  it('answers malformed JSON at once instead of hanging', async () => {
    const reply = await call(server.base, 'POST', '/v1/convai/phone-numbers', {
      headers: CONVAI,
      body: '[1,',
    });
    expect(reply.status).toBe(422);
    // A hang detector, not a latency test (CI shares two cores); latency is the bench's job.
    expect(reply.ms).toBeLessThan(1000);
  });

  it('passes the body to the handler as sent, without applying schema defaults', async () => {
    const body = { phone_number: '+442071838750', label: 'London', unknown_extra: 1 };
    await check(
      {
        given: {
          method: 'POST',
          path: '/v1/convai/phone-numbers',
          headers: CONVAI,
          body: JSON.stringify(body),
        },
        want: { status: 200, operationId: 'convaiCreatePhoneNumber' },
      },
      'convai',
    );
    expect(seen[0]?.body).toEqual(body);
  });
});

describe('request body limit', () => {
  it.each([
    ['agents', '/v1/agents/phone-numbers', AGENTS, 'payload_too_large'],
    ['convai', '/v1/convai/phone-numbers', CONVAI, 'payload_too_large'],
  ] as const)(
    'answers an oversize %s body with 413 in the surface shape',
    async (surface, path, headers, code) => {
      const body = JSON.stringify({ label: 'x'.repeat(70 * 1024) });
      const reply = await call(server.base, 'POST', path, { headers, body });
      expect(reply.status).toBe(413);
      const operationId = surface === 'agents' ? 'agentsImportPhoneNumber' : 'convaiCreatePhoneNumber';
      expect(contractMismatch(surface, operationId, reply)).toBeNull();
      expect(JSON.stringify(reply.body)).toContain(code);
    },
  );

  /** Sends raw bytes and resolves the response head once it arrives (or whatever came before close). */
  function rawExchange(head: string, chunks: Buffer[]): Promise<{ response: string; sentBytes: number }> {
    return new Promise((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1');
      let response = '';
      let sentBytes = 0;
      socket.on('error', reject);
      socket.on('data', (data) => {
        response += data.toString('latin1');
        if (response.includes('\r\n\r\n')) {
          socket.destroy();
          resolve({ response, sentBytes });
        }
      });
      socket.on('connect', async () => {
        socket.write(head);
        for (const chunk of chunks) {
          if (response) return;
          sentBytes += chunk.length;
          socket.write(chunk);
          await new Promise((r) => setTimeout(r, 5));
        }
      });
    });
  }

  it('answers 413 from Content-Length alone, before the body is sent', async () => {
    const head =
      'POST /v1/agents/phone-numbers HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
      `Authorization: Bearer ${AGENTS_KEY}\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\n\r\n`;
    const { response, sentBytes } = await rawExchange(head, []);
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(response.toLowerCase()).toContain('connection: close');
    expect(sentBytes).toBe(0);
  });

  it('answers 413 to a chunked body as soon as it passes the limit, while the client is still sending', async () => {
    const head =
      'POST /v1/convai/phone-numbers HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
      `xi-api-key: ${CONVAI_KEY}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const chunk = Buffer.concat([Buffer.from('4000\r\n'), Buffer.alloc(0x4000, 0x20), Buffer.from('\r\n')]);
    // 64 chunks of 16 KiB = 1 MiB offered; the terminating chunk is never sent.
    const { response, sentBytes } = await rawExchange(
      head,
      Array.from({ length: 64 }, () => chunk),
    );
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(sentBytes).toBeLessThan(1024 * 1024);
  });
});

describe('CORS', () => {
  it('answers a preflight with 204, the path methods and the headers clients may send', async () => {
    const reply = await call(server.base, 'OPTIONS', `/v1/agents/phone-numbers/${KNOWN_ID}`, {
      headers: { origin: 'https://app.example', 'access-control-request-method': 'PATCH' },
    });
    expect(reply.status).toBe(204);
    expect(reply.headers['access-control-allow-origin']).toBe('*');
    expect(reply.headers['access-control-allow-methods']?.split(', ').sort()).toEqual([
      'DELETE',
      'GET',
      'PATCH',
    ]);
    expect(reply.headers['access-control-allow-headers']).toContain('Authorization');
    expect(reply.headers['x-request-id']).toMatch(REQUEST_ID);
  });

  it('allows xi-api-key and Idempotency-Key in a convai preflight', async () => {
    const reply = await call(server.base, 'OPTIONS', '/v1/convai/phone-numbers', {
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(reply.status).toBe(204);
    expect(reply.headers['access-control-allow-headers']).toMatch(/xi-api-key/);
    expect(reply.headers['access-control-allow-headers']).toMatch(/Idempotency-Key/);
  });

  it('answers a preflight for an unknown path with 404', async () => {
    const reply = await call(server.base, 'OPTIONS', '/v1/convai/nothing', {
      headers: { origin: 'https://app.example' },
    });
    expect(reply.status).toBe(404);
    expect(contractMismatch('convai', undefined, reply)).toBeNull();
  });

  it('adds Access-Control-Allow-Origin to responses of requests with an Origin, and only to those', async () => {
    const withOrigin = await call(server.base, 'GET', `/v1/agents/phone-numbers/${KNOWN_ID}`, {
      headers: { ...AGENTS, origin: 'https://app.example' },
    });
    const without = await call(server.base, 'GET', `/v1/agents/phone-numbers/${KNOWN_ID}`, {
      headers: AGENTS,
    });
    expect(withOrigin.headers['access-control-allow-origin']).toBe('*');
    expect(withOrigin.headers['access-control-expose-headers']).toContain('X-Request-Id');
    expect(without.headers['access-control-allow-origin']).toBeUndefined();
    expect(withOrigin.body).toEqual(phoneNumber);
  });
});

describe('handler failures', () => {
  const failures: [unknown, RouterErrorContext][] = [];
  const logged: string[] = [];
  let bad: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    bad = await listen(
      createRouter({
        spec,
        handlers: {
          ...fixtureHandlers,
          // Deliberately out of contract; the casts get past the compile-time checks this test bypasses.
          agentsGetPhoneNumber: () => ({ status: 200, body: { ...phoneNumber, extra: 'leak' } }) as never,
          agentsListPhoneNumbers: () => ({ status: 418, body: {} }) as never,
          agentsDeletePhoneNumber: () => {
            throw new Error('database down');
          },
          convaiGetPhoneNumber: () => new Promise(() => {}),
          convaiDeletePhoneNumber: () => ({ status: 200, body: { deleted: true } }) as never,
        },
        authenticate,
        handlerTimeoutMs: 200,
        logger: { error: (line: string) => logged.push(line) },
        onError: (error, context) => failures.push([error, context]),
      }),
    );
  });
  afterAll(() => bad.close());
  beforeEach(() => {
    failures.length = 0;
    logged.length = 0;
  });

  it.each([
    [
      'an extra body property',
      'GET',
      `/v1/agents/phone-numbers/${KNOWN_ID}`,
      'agents',
      'agentsGetPhoneNumber',
      /\$\.extra/,
    ],
    [
      'an undocumented status',
      'GET',
      '/v1/agents/phone-numbers',
      'agents',
      'agentsListPhoneNumbers',
      /status 418/,
    ],
    [
      'a body that breaks maxProperties',
      'DELETE',
      `/v1/convai/phone-numbers/${KNOWN_ID}`,
      'convai',
      'convaiDeletePhoneNumber',
      /\$ must NOT have more than 0 properties/,
    ],
  ] as const)(
    'turns %s into the documented 500, logged with the mismatch path',
    async (_name, method, path, surface, operationId, mismatch) => {
      const headers = surface === 'agents' ? AGENTS : CONVAI;
      const reply = await call(bad.base, method, path, { headers });
      expect(reply.status).toBe(500);
      expect(contractMismatch(surface, operationId, reply)).toBeNull();
      expect(failures).toHaveLength(1);
      expect(failures[0]?.[1]).toMatchObject({
        kind: 'invalid_response',
        operationId,
        requestId: reply.headers['x-request-id'],
      });
      expect(failures[0]?.[1].mismatch).toMatch(mismatch);
      expect(logged.join('\n')).toMatch(mismatch);
      expect(logged.join('\n')).not.toContain('leak');
    },
  );

  it('turns a thrown handler error into the documented 500', async () => {
    const reply = await call(bad.base, 'DELETE', `/v1/agents/phone-numbers/${KNOWN_ID}`, { headers: AGENTS });
    expect(reply.status).toBe(500);
    expect(contractMismatch('agents', 'agentsDeletePhoneNumber', reply)).toBeNull();
    expect(failures[0]?.[1].kind).toBe('handler_threw');
    expect(failures[0]?.[0]).toEqual(new Error('database down'));
  });

  it('answers a handler that never settles with 500 after the timeout instead of hanging', async () => {
    const reply = await call(bad.base, 'GET', `/v1/convai/phone-numbers/${KNOWN_ID}`, { headers: CONVAI });
    expect(reply.status).toBe(500);
    expect(contractMismatch('convai', 'convaiGetPhoneNumber', reply)).toBeNull();
    expect(failures[0]?.[1].kind).toBe('handler_timeout');
  });

  it('never logs request bodies', async () => {
    const secret = 'token-that-must-not-be-logged';
    await call(bad.base, 'DELETE', `/v1/agents/phone-numbers/${KNOWN_ID}`, {
      headers: AGENTS,
      body: JSON.stringify({ secret }),
    });
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).not.toContain(secret);
  });

  it('refuses to start without a handler for every operation', () => {
    const { agentsGetPhoneNumber: _dropped, ...partial } = fixtureHandlers;
    expect(() => createRouter({ spec, handlers: partial as never })).toThrow(/agentsGetPhoneNumber/);
  });
});

it('reports no handler failures on the in-contract router', () => {
  expect(errors).toEqual([]);
});

describe('authenticate answered at once, by a promise, or by a thenable', () => {
  const styles = {
    value: (surface: 'agents' | 'convai', credential: string) => authenticate(surface, credential),
    promise: async (surface: 'agents' | 'convai', credential: string) => authenticate(surface, credential),
    // Not a native Promise: the router must still wait for it rather than take it for a workspace.
    thenable: (surface: 'agents' | 'convai', credential: string) =>
      ({
        // biome-ignore lint/suspicious/noThenProperty: the point of this test is a non-native thenable.
        then: (resolve: (value: unknown) => void) =>
          setTimeout(() => resolve(authenticate(surface, credential)), 1),
      }) as unknown as Promise<ReturnType<typeof authenticate>>,
  };
  it.each(Object.keys(styles) as (keyof typeof styles)[])(
    'accepts a known key and refuses an unknown one (%s)',
    async (style) => {
      const workspaces: unknown[] = [];
      const router = await listen(
        createRouter({
          spec,
          handlers: {
            ...fixtureHandlers,
            agentsGetPhoneNumber: (req) => {
              workspaces.push(req.workspace);
              return fixtureHandlers.agentsGetPhoneNumber(req);
            },
          },
          authenticate: styles[style],
          logger: { error: () => {} },
        }),
      );
      try {
        const path = `/v1/agents/phone-numbers/${KNOWN_ID}`;
        expect((await call(router.base, 'GET', path, { headers: AGENTS })).status).toBe(200);
        expect(workspaces).toEqual([{ workspace: 'ws_agents' }]);
        const refused = await call(router.base, 'GET', path, {
          headers: { authorization: 'Bearer sk_wrong' },
        });
        expect(refused.status).toBe(401);
        expect(workspaces).toHaveLength(1);
      } finally {
        await router.close();
      }
    },
  );

  it.each([
    [
      'throws',
      () => {
        throw new Error('key store down');
      },
    ],
    ['rejects', () => Promise.reject(new Error('key store down'))],
  ] as const)('answers the documented 500 when authenticate %s', async (_name, failing) => {
    const failures: RouterErrorContext[] = [];
    const router = await listen(
      createRouter({
        spec,
        handlers: fixtureHandlers,
        authenticate: failing,
        logger: { error: () => {} },
        onError: (_error, context) => failures.push(context),
      }),
    );
    try {
      const reply = await call(router.base, 'GET', `/v1/agents/phone-numbers/${KNOWN_ID}`, {
        headers: AGENTS,
      });
      expect(reply.status).toBe(500);
      expect(contractMismatch('agents', 'agentsGetPhoneNumber', reply)).toBeNull();
      expect(failures.map((f) => f.kind)).toEqual(['authenticate_threw']);
    } finally {
      await router.close();
    }
  });
});

describe('replies that fail late', () => {
  const failures: RouterErrorContext[] = [];
  let late: Awaited<ReturnType<typeof listen>>;
  let settleLate: (() => void) | undefined;
  beforeAll(async () => {
    late = await listen(
      createRouter({
        spec,
        handlers: {
          ...fixtureHandlers,
          // Settles after the timeout, with a reply that would fail the response check.
          agentsGetPhoneNumber: () =>
            new Promise((resolve) => {
              settleLate = () => resolve({ status: 200, body: { ...phoneNumber, extra: 'late' } } as never);
            }),
          // Reading the body throws: the response check itself fails.
          agentsListPhoneNumbers: () =>
            ({
              status: 200,
              body: {
                get numbers(): never {
                  throw new Error('getter failed');
                },
                next_cursor: null,
                has_more: false,
              },
            }) as never,
          // A header value node:http refuses.
          agentsDeletePhoneNumber: () => ({ status: 204, headers: { 'X-Note': 'a\nb' } }) as never,
        },
        authenticate,
        validateResponses: true,
        handlerTimeoutMs: 100,
        logger: { error: () => {} },
        onError: (_error, context) => failures.push(context),
      }),
    );
  });
  afterAll(() => late.close());
  beforeEach(() => {
    failures.length = 0;
  });

  it('drops what a handler settles to after its timeout was answered (not checked, not reported)', async () => {
    const reply = await call(late.base, 'GET', `/v1/agents/phone-numbers/${KNOWN_ID}`, { headers: AGENTS });
    expect(reply.status).toBe(500);
    settleLate?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(failures.map((f) => f.kind)).toEqual(['handler_timeout']);
  });

  it('answers the documented 500 when checking the reply throws', async () => {
    const reply = await call(late.base, 'GET', '/v1/agents/phone-numbers', { headers: AGENTS });
    expect(reply.status).toBe(500);
    expect(contractMismatch('agents', 'agentsListPhoneNumbers', reply)).toBeNull();
    expect(failures.map((f) => f.kind)).toEqual(['invalid_response']);
  });

  it('answers the documented 500 when node:http refuses a reply header, and keeps serving', async () => {
    const reply = await call(late.base, 'DELETE', `/v1/agents/phone-numbers/${KNOWN_ID}`, {
      headers: AGENTS,
    });
    expect(reply.status).toBe(500);
    expect(contractMismatch('agents', 'agentsDeletePhoneNumber', reply)).toBeNull();
    const next = await call(late.base, 'PATCH', `/v1/agents/phone-numbers/${KNOWN_ID}`, {
      headers: AGENTS,
      body: JSON.stringify({ label: 'still here' }),
    });
    expect(next.status).toBe(200);
  });
});

describe('the connection authenticate is given', () => {
  it('is the same object for requests on one keep-alive connection and another for another connection', async () => {
    const connections: object[] = [];
    const router = await listen(
      createRouter({
        spec,
        handlers: fixtureHandlers,
        authenticate: (surface: 'agents' | 'convai', credential: string, connection: object) => {
          connections.push(connection);
          return authenticate(surface, credential);
        },
        logger: { error: () => {} },
      }),
    );
    const get = (agent: Agent) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          `${router.base}/v1/agents/phone-numbers/${KNOWN_ID}`,
          { agent, headers: { authorization: `Bearer ${AGENTS_KEY}` } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end();
      });
    const first = new Agent({ keepAlive: true, maxSockets: 1 });
    const second = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect([await get(first), await get(first), await get(second)]).toEqual([200, 200, 200]);
      expect(connections).toHaveLength(3);
      expect(connections[0]).toBe(connections[1]);
      expect(connections[2]).not.toBe(connections[0]);
    } finally {
      first.destroy();
      second.destroy();
      await router.close();
    }
  });
});

describe('failures that are not Errors, thenables that throw, statuses that are not HTTP', () => {
  const strange = Object.create(null) as object; // String(strange) throws
  const failures: RouterErrorContext[] = [];
  let odd: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    odd = await listen(
      createRouter({
        spec,
        handlers: {
          ...fixtureHandlers,
          agentsGetPhoneNumber: () => Promise.reject(strange),
          agentsListPhoneNumbers: () =>
            ({
              // biome-ignore lint/suspicious/noThenProperty: the point of this test is a thenable that throws.
              then: () => {
                throw strange;
              },
            }) as never,
          agentsDeletePhoneNumber: () => ({ status: 42 }) as never,
        },
        authenticate: (surface: 'agents' | 'convai', credential: string) => {
          if (surface === 'convai') throw strange;
          return authenticate(surface, credential);
        },
        validateResponses: false,
        logger: { error: () => {} },
        onError: (_error, context) => failures.push(context),
      }),
    );
  });
  afterAll(() => odd.close());
  beforeEach(() => {
    failures.length = 0;
  });

  it.each([
    [
      'a handler rejecting with a value String() cannot convert',
      'GET',
      `/v1/agents/phone-numbers/${KNOWN_ID}`,
      'agentsGetPhoneNumber',
      'handler_threw',
    ],
    [
      'a thenable whose then() throws',
      'GET',
      '/v1/agents/phone-numbers',
      'agentsListPhoneNumbers',
      'handler_threw',
    ],
    [
      'a status that is not an HTTP status (responses unchecked)',
      'DELETE',
      `/v1/agents/phone-numbers/${KNOWN_ID}`,
      'agentsDeletePhoneNumber',
      'invalid_response',
    ],
  ] as const)(
    'answers the documented 500 for %s, and keeps serving',
    async (_name, method, path, operationId, kind) => {
      const reply = await call(odd.base, method, path, { headers: AGENTS });
      expect(reply.status).toBe(500);
      expect(contractMismatch('agents', operationId, reply)).toBeNull();
      expect(failures.map((f) => f.kind)).toEqual([kind]);
      const next = await call(odd.base, 'PATCH', `/v1/agents/phone-numbers/${KNOWN_ID}`, {
        headers: AGENTS,
        body: JSON.stringify({ label: 'still here' }),
      });
      expect(next.status).toBe(200);
    },
  );

  it('answers the documented 500 when authenticate throws a value String() cannot convert', async () => {
    const reply = await call(odd.base, 'GET', `/v1/convai/phone-numbers/${KNOWN_ID}`, { headers: CONVAI });
    expect(reply.status).toBe(500);
    expect(contractMismatch('convai', 'convaiGetPhoneNumber', reply)).toBeNull();
    expect(failures.map((f) => f.kind)).toEqual(['authenticate_threw']);
  });
});
