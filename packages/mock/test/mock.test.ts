import { request as httpRequest } from 'node:http';
import { externalResources } from '@phone-api/tooling/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../src/index.ts';
import {
  AGENTS_AUTH,
  CONVAI_AUTH,
  call,
  example,
  exampleNames,
  expectDocumented,
  expectErrorShape,
  PHONE_ID,
  REQUEST_ID,
  specPath,
} from './helpers.ts';

let mock: RunningMock;
const lines: string[] = [];

beforeAll(async () => {
  mock = await startMock({ port: 0, specPath, log: (line) => lines.push(line) });
});
afterAll(async () => {
  await mock?.close();
});

const agentsById = `/v1/agents/phone-numbers/${PHONE_ID}`;
const convaiById = `/v1/convai/phone-numbers/${PHONE_ID}`;
const json = { 'content-type': 'application/json' };

describe('static responses (the spec examples)', () => {
  it.each([
    ['agentsListPhoneNumbers', 'GET', '/v1/agents/phone-numbers', AGENTS_AUTH, 200],
    ['agentsGetPhoneNumber', 'GET', agentsById, AGENTS_AUTH, 200],
    ['convaiListPhoneNumbers', 'GET', '/v1/convai/phone-numbers', CONVAI_AUTH, 200],
    ['convaiGetPhoneNumber', 'GET', convaiById, CONVAI_AUTH, 200],
  ] as const)('%s returns the first documented example', async (operationId, method, path, auth, status) => {
    const res = await call(mock.url, method, path, { headers: auth });
    expect(res.status).toBe(status);
    expect(res.body).toEqual(example(operationId, status));
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-request-id')).toMatch(REQUEST_ID);
  });

  it('answers the same example every time (deterministic)', async () => {
    const first = await call(mock.url, 'GET', convaiById, { headers: CONVAI_AUTH });
    const second = await call(mock.url, 'GET', convaiById, { headers: CONVAI_AUTH });
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
  });

  it('imports on POST /v1/agents/phone-numbers with 201 and the documented example', async () => {
    const body = JSON.stringify({ source: 'livekit', e164: '+14155550142' });
    const res = await call(mock.url, 'POST', '/v1/agents/phone-numbers', {
      headers: { ...AGENTS_AUTH, ...json },
      body,
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(example('agentsImportPhoneNumber', 201));
  });

  it('updates on PATCH /v1/agents/phone-numbers/{id} with a valid body', async () => {
    const body = JSON.stringify({ label: 'Front desk', clear_agent_id: true });
    const res = await call(mock.url, 'PATCH', agentsById, { headers: { ...AGENTS_AUTH, ...json }, body });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(example('agentsUpdatePhoneNumber', 200));
  });

  it('answers DELETE /v1/agents/phone-numbers/{id} with 204, no body and no content-type', async () => {
    const res = await call(mock.url, 'DELETE', agentsById, { headers: AGENTS_AUTH });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(res.headers.get('content-type')).toBeNull();
    expect(res.headers.get('x-request-id')).toMatch(REQUEST_ID);
  });

  it('answers DELETE /v1/convai/phone-numbers/{phone_number_id} with 200 and an empty object', async () => {
    const res = await call(mock.url, 'DELETE', convaiById, { headers: CONVAI_AUTH });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
  });

  it('accepts unknown body properties on the convai surface', async () => {
    const body = JSON.stringify({ label: 'Desk', not_in_the_spec: 1 });
    const res = await call(mock.url, 'PATCH', convaiById, { headers: { ...CONVAI_AUTH, ...json }, body });
    expect(res.status).toBe(200);
    expectDocumented('convaiUpdatePhoneNumber', 200, res.body);
  });
});

describe('Prefer header', () => {
  it.each(exampleNames('convaiGetPhoneNumber', 200))('example=%s returns that example', async (name) => {
    const res = await call(mock.url, 'GET', convaiById, {
      headers: { ...CONVAI_AUTH, prefer: `example=${name}` },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(example('convaiGetPhoneNumber', 200, name));
    expect(res.headers.get('preference-applied')).toBe(`example=${name}`);
  });

  it('code=404 returns the documented 404 in the convai shape', async () => {
    const res = await call(mock.url, 'GET', convaiById, { headers: { ...CONVAI_AUTH, prefer: 'code=404' } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(example('convaiGetPhoneNumber', 404));
  });

  it('code=429 on the agents surface echoes our request id in the body and sends Retry-After', async () => {
    const res = await call(mock.url, 'GET', agentsById, { headers: { ...AGENTS_AUTH, prefer: 'code=429' } });
    expect(res.status).toBe(429);
    expectDocumented('agentsGetPhoneNumber', 429, res.body);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(REQUEST_ID);
    expect((res.body as { request_id: string }).request_id).toBe(id);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('code with example picks an example of that status', async () => {
    const prefer = 'code=400, example="bad_request"';
    const body = JSON.stringify({ label: 'x' });
    const res = await call(mock.url, 'PATCH', agentsById, {
      headers: { ...AGENTS_AUTH, ...json, prefer },
      body,
    });
    expect(res.status).toBe(400);
    expect((res.body as { error: { code: string } }).error.code).toBe('bad_request');
  });

  it.each([
    ['a status the operation does not document', 'code=418'],
    ['an example the response does not have', 'example=no_such_example'],
    ['a value that does not parse', 'code=abc, dynamic=maybe'],
  ])('ignores %s and serves the default', async (_name, prefer) => {
    const res = await call(mock.url, 'GET', agentsById, { headers: { ...AGENTS_AUTH, prefer } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(example('agentsGetPhoneNumber', 200));
    expect(res.headers.get('preference-applied')).toBeNull();
  });
});

describe('dynamic mode', () => {
  it.each([
    ['agentsGetPhoneNumber', agentsById, AGENTS_AUTH],
    ['agentsListPhoneNumbers', '/v1/agents/phone-numbers', AGENTS_AUTH],
    ['convaiGetPhoneNumber', convaiById, CONVAI_AUTH],
    ['convaiListPhoneNumbers', '/v1/convai/phone-numbers', CONVAI_AUTH],
  ] as const)(
    'Prefer: dynamic=true on %s returns generated, schema-valid data',
    async (operationId, path, auth) => {
      const bodies: string[] = [];
      for (let i = 0; i < 25; i++) {
        const res = await call(mock.url, 'GET', path, { headers: { ...auth, prefer: 'dynamic=true' } });
        expect(res.status).toBe(200);
        expectDocumented(operationId, 200, res.body);
        bodies.push(res.text);
      }
      // Generated, not the example: the bodies vary.
      expect(new Set(bodies).size).toBeGreaterThan(1);
      expect(bodies).not.toContain(JSON.stringify(example(operationId, 200)));
    },
  );

  it('startMock({ dynamic: true }) generates by default and Prefer: dynamic=false restores the example', async () => {
    const dynamic = await startMock({ port: 0, specPath, dynamic: true });
    try {
      const generated = await call(dynamic.url, 'GET', agentsById, { headers: AGENTS_AUTH });
      expect(generated.status).toBe(200);
      expectDocumented('agentsGetPhoneNumber', 200, generated.body);
      expect(generated.body).not.toEqual(example('agentsGetPhoneNumber', 200));
      const fixed = await call(dynamic.url, 'GET', agentsById, {
        headers: { ...AGENTS_AUTH, prefer: 'dynamic=false' },
      });
      expect(fixed.body).toEqual(example('agentsGetPhoneNumber', 200));
    } finally {
      await dynamic.close();
    }
  });
});

describe('errors in each surface shape', () => {
  it.each([
    ['agentsImportPhoneNumber', 'POST', '/v1/agents/phone-numbers', AGENTS_AUTH, 400],
    ['convaiCreatePhoneNumber', 'POST', '/v1/convai/phone-numbers', CONVAI_AUTH, 422],
    ['agentsUpdatePhoneNumber', 'PATCH', agentsById, AGENTS_AUTH, 400],
    ['convaiUpdatePhoneNumber', 'PATCH', convaiById, CONVAI_AUTH, 422],
  ] as const)(
    '%s answers malformed JSON at once instead of hanging',
    async (operationId, method, path, auth, status) => {
      const res = await call(mock.url, method, path, {
        headers: { ...auth, ...json },
        body: '{"label": "unterminated',
        timeoutMs: 2000,
      });
      expect(res.status).toBe(status);
      // A hang detector, not a latency test: the latency (13 ms median vs Prism's never) is in the bench.
      expect(res.ms).toBeLessThan(1000);
      expectDocumented(operationId, status, res.body);
      const code =
        status === 400
          ? (res.body as { error: { code: string } }).error.code
          : (res.body as { detail: { type: string }[] }).detail[0]?.type;
      expect(code).toBe(status === 400 ? 'bad_request' : 'json_invalid');
    },
  );

  it.each([
    ['agentsUpdatePhoneNumber', agentsById, AGENTS_AUTH],
    ['convaiUpdatePhoneNumber', convaiById, CONVAI_AUTH],
  ] as const)('%s answers a body over 64 KiB with 413', async (operationId, path, auth) => {
    const big = JSON.stringify({ label: 'x'.repeat(70 * 1024) });
    const res = await call(mock.url, 'PATCH', path, { headers: { ...auth, ...json }, body: big });
    expect(res.status).toBe(413);
    expectDocumented(operationId, 413, res.body);
  });

  it('answers an oversized chunked body (no Content-Length) with 413 and does not hang', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(`${mock.url}${agentsById}`);
      const req = httpRequest(
        url,
        {
          method: 'PATCH',
          headers: { ...AGENTS_AUTH, ...json, 'transfer-encoding': 'chunked' },
          timeout: 3000,
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => {
            body += chunk.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('no answer within 3 s')));
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write('x'.repeat(10 * 1024));
      req.end();
    });
    expect(answer.status).toBe(413);
    expectDocumented('agentsUpdatePhoneNumber', 413, JSON.parse(answer.body));
  });

  it.each([
    ['agentsImportPhoneNumber', '/v1/agents/phone-numbers', AGENTS_AUTH],
    ['convaiCreatePhoneNumber', '/v1/convai/phone-numbers', CONVAI_AUTH],
  ] as const)('%s answers a non-JSON content type with 415', async (operationId, path, auth) => {
    const res = await call(mock.url, 'POST', path, {
      headers: { ...auth, 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(res.status).toBe(415);
    expectDocumented(operationId, 415, res.body);
  });

  it.each([
    ['agentsListPhoneNumbers', 'GET', '/v1/agents/phone-numbers'],
    ['agentsGetPhoneNumber', 'GET', agentsById],
    ['convaiListPhoneNumbers', 'GET', '/v1/convai/phone-numbers'],
    ['convaiDeletePhoneNumber', 'DELETE', convaiById],
  ] as const)('%s answers a request without credentials with 401', async (operationId, method, path) => {
    const res = await call(mock.url, method, path);
    expect(res.status).toBe(401);
    expectDocumented(operationId, 401, res.body);
  });

  it('answers a body that breaks the schema with 400 validation_failed naming the field (agents)', async () => {
    const body = JSON.stringify({ label: 'ok', source: 'twilio' });
    const res = await call(mock.url, 'PATCH', agentsById, { headers: { ...AGENTS_AUTH, ...json }, body });
    expect(res.status).toBe(400);
    expectDocumented('agentsUpdatePhoneNumber', 400, res.body);
    const error = (res.body as { error: { code: string; fields: Record<string, string> } }).error;
    expect(error.code).toBe('validation_failed');
    expect(Object.keys(error.fields).join(' ')).toContain('source');
  });

  it('answers a body that breaks the schema with 422 (convai)', async () => {
    const body = JSON.stringify({ phone_number: 'not-a-number' });
    const res = await call(mock.url, 'POST', '/v1/convai/phone-numbers', {
      headers: { ...CONVAI_AUTH, ...json },
      body,
    });
    expect(res.status).toBe(422);
    expectDocumented('convaiCreatePhoneNumber', 422, res.body);
  });

  it.each([
    ['agents', '/v1/agents/no-such-thing', AGENTS_AUTH],
    ['convai', '/v1/convai/no-such-thing', CONVAI_AUTH],
  ] as const)('answers an unknown %s route with 404 in that surface shape', async (surface, path, auth) => {
    const res = await call(mock.url, 'GET', path, { headers: auth });
    expect(res.status).toBe(404);
    expectErrorShape(surface, res.body);
    expect(res.headers.get('x-request-id')).toMatch(REQUEST_ID);
  });

  it.each([
    ['a legacy UUID', '0b7f2a52-6d1e-4c8f-9a3b-2f4e5d6c7b8a'],
    ['an agent id', 'agent_01kbcnnn80f9w89eekvvxb6ss8'],
    ['a bad phone_ id', 'phone_UPPERCASE'],
  ])('answers %s in the agents id path with 404 phone_number_not_found', async (_name, id) => {
    for (const method of ['GET', 'DELETE']) {
      const res = await call(mock.url, method, `/v1/agents/phone-numbers/${id}`, { headers: AGENTS_AUTH });
      expect(res.status).toBe(404);
      expectDocumented(method === 'GET' ? 'agentsGetPhoneNumber' : 'agentsDeletePhoneNumber', 404, res.body);
      expect((res.body as { error: { code: string } }).error.code).toBe('phone_number_not_found');
    }
  });
});

describe('CORS', () => {
  const origin = 'http://localhost:5173';

  it('answers a preflight with the allowed method and headers', async () => {
    const res = await call(mock.url, 'OPTIONS', agentsById, {
      headers: {
        origin,
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization, content-type, prefer',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('PATCH');
    // Header names are case-insensitive; the answer spells them as the spec does.
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    expect(allowed).toContain('authorization');
    expect(allowed).toContain('prefer');
  });

  it('lets a browser read X-Request-Id, RateLimit and Retry-After on answers and errors', async () => {
    for (const headers of [{ ...AGENTS_AUTH, origin }, { origin }]) {
      const res = await call(mock.url, 'GET', agentsById, { headers });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const exposed = res.headers.get('access-control-expose-headers') ?? '';
      for (const name of ['X-Request-Id', 'RateLimit', 'Retry-After']) expect(exposed).toContain(name);
    }
  });

  it('sends no Access-Control-Allow-Origin without an Origin', async () => {
    const res = await call(mock.url, 'GET', agentsById, { headers: AGENTS_AUTH });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('request log', () => {
  it('logs one line per request with status and request id', async () => {
    const res = await call(mock.url, 'GET', agentsById, { headers: AGENTS_AUTH });
    const id = res.headers.get('x-request-id') ?? 'missing';
    expect(lines.find((line) => line.includes(id))).toMatch(/^GET \/v1\/agents\/phone-numbers\/\S+ -> 200 /);
  });
});

describe('reference page', () => {
  it('serves the try-it page of the served spec at /docs, and the bundle it loads', async () => {
    const res = await fetch(`${mock.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(externalResources(html)).toEqual([]);
    // The page embeds the document it renders: both surfaces' operations are in the page.
    for (const operationId of ['agentsUpdatePhoneNumber', 'convaiUpdatePhoneNumber']) {
      expect(html).toContain(`"operationId":"${operationId}"`);
    }
    const bundle = await fetch(`${mock.url}/docs/scalar.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await bundle.arrayBuffer()).byteLength).toBe(Number(bundle.headers.get('content-length')));
    expect(lines).toContain('GET /docs/scalar.js -> 200 (reference page)');
  });

  it("leaves other paths under /docs to the API's 404", async () => {
    const res = await call(mock.url, 'GET', '/docs/missing.js', { headers: AGENTS_AUTH });
    expect(res.status).toBe(404);
  });
});
