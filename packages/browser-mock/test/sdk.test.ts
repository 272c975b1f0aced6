// The SDK against the mock through msw/node: the same requests a frontend makes in a browser, answered by
// the reference server's pipeline and handlers over the in-memory store.
import { createPhoneNumbersClient } from '@phone-api/client';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers, DEMO_API_KEYS } from '../src/index.ts';

const BASE = 'https://api.example.test';
const mock = createHandlers();
const server = setupServer(...mock.handlers);

function client() {
  return createPhoneNumbersClient({
    baseUrl: BASE,
    agents: { apiKey: DEMO_API_KEYS.agents },
    convai: { apiKey: DEMO_API_KEYS.convai },
    retry: false,
  });
}

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => mock.reset());

describe('the SDK against the in-browser mock (msw/node)', () => {
  it('lists the demo numbers on both surfaces, newest first', async () => {
    const agents = await client().agents.phoneNumbers.list({ limit: 50 });
    const convai = await client().convai.phoneNumbers.list();
    if (agents.status !== 200 || convai.status !== 200) throw new Error(`${agents.status} ${convai.status}`);
    expect(agents.data.numbers.map((n) => n.e164)).toEqual([
      '+919876543210',
      '+13125550199',
      '+16465550123',
      '+442071838750',
      '+14155550142',
      '+12025551234',
    ]);
    expect(convai.data.map((n) => n.phone_number)).toEqual(agents.data.numbers.map((n) => n.e164));
    expect(agents.requestId).toMatch(/^req_[0-9A-Za-z_-]{24}$/);
  });

  it('creates a number, then gets it on both surfaces', async () => {
    const created = await client().agents.phoneNumbers.import(
      { source: 'byoc', e164: '+442071838751', trunk_id: 'trunk_01kax79b80fb486sf0nz6wgc0h', label: 'Leeds' },
      { idempotencyKey: crypto.randomUUID() },
    );
    if (created.status !== 201) throw new Error(String(created.status));
    const agents = await client().agents.phoneNumbers.get(created.data.id);
    const convai = await client().convai.phoneNumbers.get(created.data.id);
    expect(agents.status === 200 && agents.data).toMatchObject({ e164: '+442071838751', label: 'Leeds' });
    expect(convai.status === 200 && convai.data).toMatchObject({
      phone_number: '+442071838751',
      provider: 'sip_trunk',
    });
  });

  it('updates a label and unbinds an agent (clear_agent_id)', async () => {
    const list = await client().agents.phoneNumbers.list({ limit: 50 });
    if (list.status !== 200) throw new Error(String(list.status));
    const bound = list.data.numbers.find((n) => n.agent_id !== null);
    if (!bound) throw new Error('the demo seed has a bound number');
    const renamed = await client().agents.phoneNumbers.update(bound.id, { label: 'Renamed' });
    expect(renamed.status === 200 && renamed.data.label).toBe('Renamed');
    const unbound = await client().agents.phoneNumbers.update(bound.id, { clear_agent_id: true });
    expect(unbound.status === 200 && unbound.data.agent_id).toBeNull();
    const again = await client().agents.phoneNumbers.get(bound.id);
    expect(again.status === 200 && again.data).toMatchObject({ label: 'Renamed', agent_id: null });
  });

  it('answers an unknown number with 404 in each surface’s shape', async () => {
    const id = 'phone_01kjqh7vm8fg9vjw2pv29p5pjw';
    const agents = await client().agents.phoneNumbers.get(id);
    const convai = await client().convai.phoneNumbers.get(id);
    expect(agents.status).toBe(404);
    expect(agents.status === 404 && agents.error.error.code).toBe('phone_number_not_found');
    expect(convai.status).toBe(404);
    expect(convai.status === 404 && convai.error.detail?.[0]?.type).toBeTypeOf('string');
  });

  it('refuses an invalid convai body with 422 HTTPValidationError (the validators run)', async () => {
    const res = await fetch(`${BASE}/v1/convai/phone-numbers`, {
      method: 'POST',
      headers: { 'xi-api-key': DEMO_API_KEYS.convai, 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: 'not-a-number', label: 'x', provider: 'twilio' }),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { detail: { loc: (string | number)[]; type: string }[] };
    expect(body.detail.length).toBeGreaterThan(0);
    expect(body.detail[0]?.loc[0]).toBe('body');
  });

  it('reset() brings back the seed', async () => {
    const before = await client().agents.phoneNumbers.list({ limit: 50 });
    if (before.status !== 200) throw new Error(String(before.status));
    const first = before.data.numbers[0]?.id ?? '';
    expect((await client().agents.phoneNumbers.delete(first)).status).toBe(204);
    expect((await client().agents.phoneNumbers.get(first)).status).toBe(404);
    await mock.reset();
    const after = await client().agents.phoneNumbers.list({ limit: 50 });
    expect(after.status === 200 && after.data.numbers.length).toBe(before.data.numbers.length);
  });

  it('seed(data) replaces the data, keeping the demo keys', async () => {
    const seeded = await mock.seed({
      agents: [{ name: 'Only agent' }],
      numbers: [
        {
          e164: '+14155550100',
          source: 'livekit',
          capabilities: ['inbound'],
          label: 'Seeded',
          agent_id: null,
          trunk_id: null,
          livekit_phone_number_id: 'PN_seeded0001',
        },
      ],
    });
    const list = await client().agents.phoneNumbers.list({ limit: 50 });
    expect(list.status === 200 && list.data.numbers.map((n) => [n.id, n.label])).toEqual([
      [seeded.numberIds[0], 'Seeded'],
    ]);
    await mock.reset();
    const back = await client().agents.phoneNumbers.list({ limit: 50 });
    expect(back.status === 200 && back.data.numbers).toHaveLength(6);
  });

  it('holds an answer for Prefer: delay=', async () => {
    const started = performance.now();
    const res = await fetch(`${BASE}/v1/agents/phone-numbers`, {
      headers: { authorization: `Bearer ${DEMO_API_KEYS.agents}`, prefer: 'delay=300' },
    });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.headers.get('preference-applied')).toContain('delay=300');
  });

  it('fails the fetch itself for Prefer: fault=reset (a network error, not a response)', async () => {
    const sent = fetch(`${BASE}/v1/agents/phone-numbers`, {
      headers: { authorization: `Bearer ${DEMO_API_KEYS.agents}`, prefer: 'fault=reset' },
    });
    await expect(sent).rejects.toThrow(TypeError);
  });
});
