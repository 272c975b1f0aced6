import { describe, expect, it } from 'vitest';
import { AgentsApiError, ConvaiApiError, createPhoneNumbersClient, type PhoneNumber } from '../src/index.ts';
import { agentsError, convaiError, example, json, PHONE_ID, REQUEST_ID, scripted } from './helpers.ts';

const keys = { agents: { apiKey: 'sk_test_123' }, convai: { apiKey: 'xi_test_456' } };

describe('agents surface', () => {
  it('GET /v1/agents/phone-numbers/{id} narrows a 200 to data and reads the request id', async () => {
    const { fetch, requests } = scripted(json(200, example('PhoneNumberTwilio')));
    const client = createPhoneNumbersClient({ ...keys, fetch });
    const res = await client.agents.phoneNumbers.get(PHONE_ID);
    expect(res.ok).toBe(true);
    if (res.status !== 200) throw new Error(`expected 200, got ${res.status}`);
    expect(res.data.e164).toBe('+12025551234');
    expect(res.requestId).toBe(REQUEST_ID);
    expect(res.response.status).toBe(200);
    const request = requests[0];
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe(`https://api.phone-api.dev/v1/agents/phone-numbers/${PHONE_ID}`);
    expect(request?.headers.get('authorization')).toBe('Bearer sk_test_123');
    expect(request?.headers.get('xi-api-key')).toBeNull();
  });

  it('narrows a 404 to the Error envelope', async () => {
    const { fetch } = scripted(json(404, agentsError('phone_number_not_found')));
    const client = createPhoneNumbersClient({ ...keys, fetch });
    const res = await client.agents.phoneNumbers.get('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(res.ok).toBe(false);
    if (res.status !== 404) throw new Error(`expected 404, got ${res.status}`);
    expect(res.error.error.code).toBe('phone_number_not_found');
    expect('data' in res).toBe(false);
  });

  it('encodes the path parameter instead of letting it change the path', async () => {
    const { fetch, requests } = scripted(json(404, agentsError('phone_number_not_found')));
    const client = createPhoneNumbersClient({ ...keys, fetch });
    await client.agents.phoneNumbers.get('../x?y=1');
    expect(requests[0]?.url).toBe('https://api.phone-api.dev/v1/agents/phone-numbers/..%2Fx%3Fy%3D1');
  });

  it('sends list query parameters and the import body with its Idempotency-Key', async () => {
    const { fetch, requests, bodies } = scripted(
      json(200, example('PhoneNumberListPage')),
      json(201, example('PhoneNumberLivekit')),
    );
    const client = createPhoneNumbersClient({ ...keys, baseUrl: 'http://127.0.0.1:9/', fetch });
    await client.agents.phoneNumbers.list({ cursor: 'abc', limit: 2 });
    expect(requests[0]?.url).toBe('http://127.0.0.1:9/v1/agents/phone-numbers?cursor=abc&limit=2');
    const body = { source: 'livekit', e164: '+14155550142' } as const;
    const res = await client.agents.phoneNumbers.import(body, { idempotencyKey: 'import-1' });
    expect(res.status).toBe(201);
    expect(requests[1]?.method).toBe('POST');
    expect(requests[1]?.headers.get('idempotency-key')).toBe('import-1');
    expect(requests[1]?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(bodies[1] ?? '')).toEqual(body);
  });

  it('update sends PATCH with the body; delete resolves a 204 with undefined data', async () => {
    const { fetch, requests, bodies } = scripted(json(200, example('PhoneNumberTwilio')), json(204));
    const client = createPhoneNumbersClient({ ...keys, fetch });
    await client.agents.phoneNumbers.update(PHONE_ID, { label: 'Reception', clear_agent_id: true });
    expect(requests[0]?.method).toBe('PATCH');
    expect(JSON.parse(bodies[0] ?? '')).toEqual({ label: 'Reception', clear_agent_id: true });
    const res = await client.agents.phoneNumbers.delete(PHONE_ID);
    expect(requests[1]?.method).toBe('DELETE');
    if (res.status !== 204) throw new Error(`expected 204, got ${res.status}`);
    expect(res.data).toBeUndefined();
  });

  it('listAll follows next_cursor across pages until has_more is false', async () => {
    const n = (id: string): PhoneNumber => ({ ...example<PhoneNumber>('PhoneNumberTwilio'), id });
    const pages = [
      {
        numbers: [n('phone_01aaaaaaaaaaaaaaaaaaaaaaaa'), n('phone_01bbbbbbbbbbbbbbbbbbbbbbbb')],
        next_cursor: 'p2',
        has_more: true,
      },
      { numbers: [n('phone_01cccccccccccccccccccccccc')], next_cursor: 'p3', has_more: true },
      { numbers: [], next_cursor: null, has_more: false },
    ];
    const { fetch, requests } = scripted(...pages.map((page) => json(200, page)));
    const client = createPhoneNumbersClient({ ...keys, fetch });
    const ids: string[] = [];
    for await (const number of client.agents.phoneNumbers.listAll({ limit: 2 })) ids.push(number.id);
    expect(ids).toEqual([
      'phone_01aaaaaaaaaaaaaaaaaaaaaaaa',
      'phone_01bbbbbbbbbbbbbbbbbbbbbbbb',
      'phone_01cccccccccccccccccccccccc',
    ]);
    expect(requests.map((r) => new URL(r.url).search)).toEqual([
      '?limit=2',
      '?limit=2&cursor=p2',
      '?limit=2&cursor=p3',
    ]);
  });

  it('listAll stops with an error when the server repeats a cursor instead of looping forever', async () => {
    const { fetch } = scripted(json(200, { numbers: [], next_cursor: 'same', has_more: true }));
    const client = createPhoneNumbersClient({ ...keys, fetch });
    const drain = async () => {
      for await (const _ of client.agents.phoneNumbers.listAll()) {
        // drain
      }
    };
    await expect(drain()).rejects.toThrow(/same next_cursor twice/);
  });

  it('listAll throws AgentsApiError on an error page', async () => {
    const { fetch } = scripted(json(401, agentsError('unauthorized')));
    const client = createPhoneNumbersClient({ ...keys, fetch });
    const iterator = client.agents.phoneNumbers.listAll();
    await expect(iterator.next()).rejects.toBeInstanceOf(AgentsApiError);
  });
});

describe('convai surface', () => {
  it('authenticates with xi-api-key and narrows the 200 union by provider', async () => {
    const { fetch, requests } = scripted(json(200, example('ConvaiExotel')));
    const client = createPhoneNumbersClient({ ...keys, fetch });
    const res = await client.convai.phoneNumbers.get(PHONE_ID);
    if (res.status !== 200) throw new Error(`expected 200, got ${res.status}`);
    expect(res.data.provider).toBe('exotel');
    expect(requests[0]?.url).toBe(`https://api.elevenlabs.io/v1/convai/phone-numbers/${PHONE_ID}`);
    expect(requests[0]?.headers.get('xi-api-key')).toBe('xi_test_456');
    expect(requests[0]?.headers.get('authorization')).toBeNull();
  });

  it.each([
    ['default', 'https://api.elevenlabs.io'],
    ['us', 'https://api.us.elevenlabs.io'],
    ['eu', 'https://api.eu.residency.elevenlabs.io'],
    ['in', 'https://api.in.residency.elevenlabs.io'],
  ] as const)('region %s selects %s', async (convaiRegion, origin) => {
    const { fetch, requests } = scripted(json(200, []));
    const client = createPhoneNumbersClient({ ...keys, convaiRegion, fetch });
    await client.convai.phoneNumbers.list({ provider: 'twilio' });
    expect(requests[0]?.url).toBe(`${origin}/v1/convai/phone-numbers?provider=twilio`);
  });

  it('rejects an unknown region by name', () => {
    expect(() => createPhoneNumbersClient({ ...keys, convaiRegion: 'mars' as 'us' })).toThrow(
      /convaiRegion must be one of default, us, eu, in/,
    );
  });

  it('a surface baseUrl wins over the client-wide one', async () => {
    const { fetch, requests } = scripted(json(200, {}));
    const client = createPhoneNumbersClient({
      agents: keys.agents,
      convai: { apiKey: 'k', baseUrl: 'http://127.0.0.1:8/' },
      baseUrl: 'http://127.0.0.1:7',
      fetch,
    });
    await client.convai.phoneNumbers.delete(PHONE_ID);
    expect(requests[0]?.url).toBe(`http://127.0.0.1:8/v1/convai/phone-numbers/${PHONE_ID}`);
  });

  it('narrows a 422 to HTTPValidationError', async () => {
    const { fetch } = scripted(json(422, convaiError('missing', 'Field required', ['body', 'phone_number'])));
    const client = createPhoneNumbersClient({ ...keys, fetch });
    const res = await client.convai.phoneNumbers.create({ phone_number: '+12025551234', label: 'x' });
    if (res.status !== 422) throw new Error(`expected 422, got ${res.status}`);
    expect(res.error.detail?.[0]?.loc).toEqual(['body', 'phone_number']);
  });

  it('create and update send their bodies', async () => {
    const { fetch, requests, bodies } = scripted(
      json(200, { phone_number_id: PHONE_ID }),
      json(200, example('ConvaiTwilio')),
    );
    const client = createPhoneNumbersClient({ ...keys, fetch });
    const created = await client.convai.phoneNumbers.create(
      {
        phone_number: '+12025551234',
        label: 'Front desk',
        sid: `AC${'0'.repeat(32)}`,
        token: 'a'.repeat(32),
      },
      { idempotencyKey: 'k-1' },
    );
    if (created.status !== 200) throw new Error(`expected 200, got ${created.status}`);
    expect(created.data.phone_number_id).toBe(PHONE_ID);
    expect(requests[0]?.headers.get('idempotency-key')).toBe('k-1');
    await client.convai.phoneNumbers.update(PHONE_ID, { agent_id: null });
    expect(requests[1]?.method).toBe('PATCH');
    expect(JSON.parse(bodies[1] ?? '')).toEqual({ agent_id: null });
  });
});

describe('statuses the spec does not document', () => {
  it('throw the surface error class even without throw mode (the result type lists documented statuses only)', async () => {
    const { fetch } = scripted(new Response('<html>bad gateway</html>', { status: 502 }));
    const client = createPhoneNumbersClient({ ...keys, fetch, retry: false });
    const error = await client.agents.phoneNumbers.get(PHONE_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentsApiError);
    expect((error as AgentsApiError).status).toBe(502);
    expect((error as AgentsApiError).code).toBe('http_502');
  });

  it('a 409 on convai get (not documented there) is a ConvaiApiError', async () => {
    const { fetch } = scripted(json(409, convaiError('conflict')));
    const client = createPhoneNumbersClient({ ...keys, fetch });
    await expect(client.convai.phoneNumbers.get(PHONE_ID)).rejects.toBeInstanceOf(ConvaiApiError);
  });
});

describe('configuration', () => {
  it('a call on a surface without an api key fails with a message naming the option', async () => {
    const { fetch, requests } = scripted(json(200, []));
    const client = createPhoneNumbersClient({ agents: keys.agents, fetch });
    expect(() => client.convai.phoneNumbers.list()).toThrow(/convai surface is not configured/);
    expect(requests).toHaveLength(0);
  });

  it('rejects a non-positive timeout', () => {
    expect(() => createPhoneNumbersClient({ ...keys, timeoutMs: 0 })).toThrow(
      /timeoutMs must be a positive number/,
    );
  });

  it('the raw openapi-fetch client carries auth and base URL', async () => {
    const { fetch, requests } = scripted(json(200, example('PhoneNumberListPage')));
    const client = createPhoneNumbersClient({ ...keys, fetch });
    const { data } = await client.agents.raw.GET('/v1/agents/phone-numbers', {
      params: { query: { limit: 1 } },
    });
    expect(data?.has_more).toBe(true);
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer sk_test_123');
  });
});
