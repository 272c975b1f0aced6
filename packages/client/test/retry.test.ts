import { describe, expect, it } from 'vitest';
import { createPhoneNumbersClient, parseRetryAfter, resolveRetryPolicy, retryDelay } from '../src/index.ts';
import { agentsError, convaiError, example, instantRetry, json, PHONE_ID, scripted } from './helpers.ts';

const keys = { agents: { apiKey: 'sk_test' }, convai: { apiKey: 'xi_test' } };
const fail500 = () => json(500, agentsError('internal_error'));
const ok = () => json(200, example('PhoneNumberTwilio'));

describe('retry policy', () => {
  it.each([
    ['500', () => json(500, agentsError('internal_error'))],
    ['503 (undocumented, retried before it surfaces)', () => json(503, {})],
    ['429', () => json(429, agentsError('rate_limited'))],
    ['408', () => json(408, {})],
  ])('retries a GET after %s and returns the success', async (_name, failure) => {
    const { fetch, requests } = scripted(failure(), ok());
    const { retry, delays } = instantRetry();
    const client = createPhoneNumbersClient({ ...keys, fetch, retry });
    const res = await client.agents.phoneNumbers.get(PHONE_ID);
    expect(res.status).toBe(200);
    expect(requests).toHaveLength(2);
    expect(delays).toHaveLength(1);
  });

  it('gives up after maxRetries and returns the last answer', async () => {
    const { fetch, requests } = scripted(fail500());
    const { retry, delays } = instantRetry({ maxRetries: 3 });
    const client = createPhoneNumbersClient({ ...keys, fetch, retry });
    const res = await client.agents.phoneNumbers.get(PHONE_ID);
    expect(res.status).toBe(500);
    expect(requests).toHaveLength(4);
    expect(delays).toHaveLength(3);
  });

  it.each([400, 401, 404, 409, 422])('does not retry a %i', async (status) => {
    const { fetch, requests } = scripted(json(status, agentsError('validation_failed')));
    const { retry } = instantRetry();
    const client = createPhoneNumbersClient({ ...keys, fetch, retry });
    await client.agents.phoneNumbers.update(PHONE_ID, { label: 'x' }).catch(() => undefined);
    expect(requests).toHaveLength(1);
  });

  it('backoff is full jitter under an exponential ceiling capped by maxDelayMs', async () => {
    const { fetch } = scripted(fail500());
    const high = instantRetry({ random: () => 0.999999, maxRetries: 5 });
    await createPhoneNumbersClient({ ...keys, fetch, retry: high.retry }).agents.phoneNumbers.get(PHONE_ID);
    // baseDelayMs 100, maxDelayMs 1000: ceilings 100, 200, 400, 800, 1000.
    expect(high.delays).toEqual([99, 199, 399, 799, 999]);
    const low = instantRetry({ random: () => 0, maxRetries: 2 });
    await createPhoneNumbersClient({ ...keys, fetch, retry: low.retry }).agents.phoneNumbers.get(PHONE_ID);
    expect(low.delays).toEqual([0, 0]);
  });

  it('backoff delays stay within [0, ceiling) for any random value', () => {
    const policy = resolveRetryPolicy({ baseDelayMs: 50, maxDelayMs: 300 });
    for (let attempt = 0; attempt < 8; attempt++) {
      for (const r of [0, 0.25, 0.5, 0.999]) {
        const delay = retryDelay({ ...policy, random: () => r }, attempt, null);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(Math.min(300, 50 * 2 ** attempt));
      }
    }
  });

  it('honours Retry-After in seconds, capped by maxRetryAfterMs', async () => {
    const { fetch } = scripted(json(429, agentsError('rate_limited'), { 'retry-after': '7' }), ok());
    const { retry, delays } = instantRetry();
    await createPhoneNumbersClient({ ...keys, fetch, retry }).agents.phoneNumbers.get(PHONE_ID);
    expect(delays).toEqual([7000]);

    const capped = scripted(json(429, agentsError('rate_limited'), { 'retry-after': '86400' }), ok());
    const small = instantRetry();
    await createPhoneNumbersClient({
      ...keys,
      fetch: capped.fetch,
      retry: { ...small.retry, maxRetryAfterMs: 5000 },
    }).agents.phoneNumbers.get(PHONE_ID);
    expect(small.delays).toEqual([5000]);
  });

  it('honours Retry-After as an HTTP date relative to the injected clock', async () => {
    const now = Date.parse('2026-03-02T15:04:05Z');
    const { fetch } = scripted(
      json(503, convaiError('unavailable'), { 'retry-after': 'Mon, 02 Mar 2026 15:04:17 GMT' }),
      json(200, []),
    );
    const { retry, delays } = instantRetry({ now: () => now });
    await createPhoneNumbersClient({ ...keys, fetch, retry }).convai.phoneNumbers.list();
    expect(delays).toEqual([12_000]);
  });

  it('parseRetryAfter: seconds, dates in the past, and garbage', () => {
    const now = Date.parse('2026-03-02T15:04:05Z');
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 3 ', now)).toBe(3000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 15:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('does not retry a POST without an Idempotency-Key', async () => {
    const { fetch, requests } = scripted(fail500(), json(201, example('PhoneNumberLivekit')));
    const { retry, delays } = instantRetry();
    const client = createPhoneNumbersClient({ ...keys, fetch, retry });
    const res = await client.agents.phoneNumbers.import({ source: 'livekit', e164: '+14155550142' });
    expect(res.status).toBe(500);
    expect(requests).toHaveLength(1);
    expect(delays).toHaveLength(0);
  });

  it('does not retry a POST without an Idempotency-Key after a network error either', async () => {
    const { fetch, requests } = scripted(new TypeError('fetch failed'));
    const { retry } = instantRetry();
    const client = createPhoneNumbersClient({ ...keys, fetch, retry });
    await expect(
      client.convai.phoneNumbers.create({ phone_number: '+12025551234', label: 'x' }),
    ).rejects.toThrow('fetch failed');
    expect(requests).toHaveLength(1);
  });

  it('retries a POST carrying an Idempotency-Key, re-sending the same body and key', async () => {
    const { fetch, requests, bodies } = scripted(fail500(), json(201, example('PhoneNumberLivekit')));
    const { retry } = instantRetry();
    const client = createPhoneNumbersClient({ ...keys, fetch, retry });
    const body = { source: 'livekit', e164: '+14155550142', label: 'Support line' } as const;
    const res = await client.agents.phoneNumbers.import(body, { idempotencyKey: 'once' });
    expect(res.status).toBe(201);
    expect(requests).toHaveLength(2);
    expect(requests.map((r) => r.headers.get('idempotency-key'))).toEqual(['once', 'once']);
    expect(bodies.map((b) => JSON.parse(b))).toEqual([body, body]);
  });

  it('retries network errors on safe methods, then rethrows the last one', async () => {
    const { fetch, requests } = scripted(new TypeError('fetch failed'), ok());
    const { retry } = instantRetry();
    const res = await createPhoneNumbersClient({ ...keys, fetch, retry }).agents.phoneNumbers.get(PHONE_ID);
    expect(res.status).toBe(200);
    expect(requests).toHaveLength(2);

    const always = scripted(new TypeError('fetch failed'));
    const client = createPhoneNumbersClient({ ...keys, fetch: always.fetch, retry: instantRetry().retry });
    await expect(client.agents.phoneNumbers.get(PHONE_ID)).rejects.toThrow('fetch failed');
    expect(always.requests).toHaveLength(3);
  });

  it('retry: false on the client or on a call sends once', async () => {
    const { fetch, requests } = scripted(fail500());
    await createPhoneNumbersClient({ ...keys, fetch, retry: false }).agents.phoneNumbers.get(PHONE_ID);
    expect(requests).toHaveLength(1);
    const client = createPhoneNumbersClient({ ...keys, fetch, retry: instantRetry().retry });
    await client.agents.phoneNumbers.get(PHONE_ID, { retry: false });
    expect(requests).toHaveLength(2);
  });

  it('per-call retry options merge over the client ones', async () => {
    const { fetch, requests } = scripted(fail500());
    const { retry, delays } = instantRetry();
    const client = createPhoneNumbersClient({ ...keys, fetch, retry });
    await client.agents.phoneNumbers.get(PHONE_ID, { retry: { maxRetries: 1 } });
    expect(requests).toHaveLength(2);
    // The client's injected sleep was kept.
    expect(delays).toHaveLength(1);
  });

  it('the raw client retries too', async () => {
    const { fetch, requests } = scripted(fail500(), ok());
    const client = createPhoneNumbersClient({ ...keys, fetch, retry: instantRetry().retry });
    const { data } = await client.agents.raw.GET('/v1/agents/phone-numbers/{id}', {
      params: { path: { id: PHONE_ID } },
    });
    expect(data?.id).toBe(PHONE_ID);
    expect(requests).toHaveLength(2);
  });
});
