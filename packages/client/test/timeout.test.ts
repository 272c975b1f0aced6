import { describe, expect, it } from 'vitest';
import { createPhoneNumbersClient, TimeoutError } from '../src/index.ts';
import { agentsError, example, json, PHONE_ID } from './helpers.ts';

const keys = { agents: { apiKey: 'sk_test' }, convai: { apiKey: 'xi_test' } };

/** A fetch that never answers and ignores abort signals: the client alone must end the call. */
const deaf = async (): Promise<Response> => new Promise<Response>(() => {});

/** A fetch that answers after `ms` unless the request's signal aborts, like the real one. */
const slow =
  (ms: number, seen?: AbortSignal[]) =>
  (request: Request): Promise<Response> =>
    new Promise((resolve, reject) => {
      seen?.push(request.signal);
      const timer = setTimeout(() => resolve(json(200, example('PhoneNumberTwilio'))), ms);
      request.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(request.signal.reason);
      });
    });

describe('timeouts', () => {
  it('a client timeout rejects with TimeoutError even when fetch ignores the signal', async () => {
    const client = createPhoneNumbersClient({ ...keys, fetch: deaf, timeoutMs: 30 });
    const started = performance.now();
    const error = await client.agents.phoneNumbers.get(PHONE_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(30);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('aborts the request signal on timeout so the real fetch can drop the connection', async () => {
    const seen: AbortSignal[] = [];
    const client = createPhoneNumbersClient({ ...keys, fetch: slow(5000, seen), timeoutMs: 20 });
    await expect(client.agents.phoneNumbers.get(PHONE_ID)).rejects.toBeInstanceOf(TimeoutError);
    expect(seen[0]?.aborted).toBe(true);
  });

  it('a per-call timeout overrides the client one', async () => {
    const client = createPhoneNumbersClient({ ...keys, fetch: slow(60), timeoutMs: 10 });
    const res = await client.agents.phoneNumbers.get(PHONE_ID, { timeoutMs: 2000 });
    expect(res.status).toBe(200);
    await expect(
      createPhoneNumbersClient({ ...keys, fetch: slow(2000) }).agents.phoneNumbers.get(PHONE_ID, {
        timeoutMs: 10,
      }),
    ).rejects.toBeInstanceOf(TimeoutError);
  });

  it('Infinity (or anything beyond setTimeout range) means no deadline instead of firing at once', async () => {
    for (const timeoutMs of [Number.POSITIVE_INFINITY, 2 ** 31]) {
      const client = createPhoneNumbersClient({ ...keys, fetch: slow(30), timeoutMs });
      expect((await client.agents.phoneNumbers.get(PHONE_ID)).status).toBe(200);
    }
  });

  it('the deadline covers retries and backoff', async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      return json(500, agentsError('internal_error'));
    };
    const client = createPhoneNumbersClient({
      ...keys,
      fetch: failing,
      timeoutMs: 50,
      retry: { maxRetries: 10, baseDelayMs: 40, maxDelayMs: 40, random: () => 0.999 },
    });
    const started = performance.now();
    await expect(client.agents.phoneNumbers.get(PHONE_ID)).rejects.toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(calls).toBeLessThan(4);
  });
});

describe('cancellation', () => {
  it('a caller abort rejects with the standard AbortError', async () => {
    const controller = new AbortController();
    const client = createPhoneNumbersClient({ ...keys, fetch: deaf });
    const pending = client.agents.phoneNumbers.get(PHONE_ID, { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('an already aborted signal rejects before anything is sent', async () => {
    let sent = 0;
    const client = createPhoneNumbersClient({
      ...keys,
      fetch: async () => {
        sent++;
        return json(200, []);
      },
    });
    const error = await client.convai.phoneNumbers
      .list(undefined, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('AbortError');
    expect(sent).toBe(0);
  });

  it('aborting during a backoff sleep ends the call without further attempts', async () => {
    let calls = 0;
    const controller = new AbortController();
    const client = createPhoneNumbersClient({
      ...keys,
      fetch: async () => {
        calls++;
        setTimeout(() => controller.abort(), 5);
        return json(503, {});
      },
      retry: { baseDelayMs: 10_000, maxDelayMs: 10_000, random: () => 0.5 },
    });
    const started = performance.now();
    const error = await client.agents.phoneNumbers
      .get(PHONE_ID, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('AbortError');
    expect(calls).toBe(1);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('a caller signal and a timeout combine: whichever fires first wins', async () => {
    const controller = new AbortController();
    const client = createPhoneNumbersClient({ ...keys, fetch: slow(5000), timeoutMs: 20 });
    await expect(
      client.agents.phoneNumbers.get(PHONE_ID, { signal: controller.signal }),
    ).rejects.toBeInstanceOf(TimeoutError);
    const late = createPhoneNumbersClient({ ...keys, fetch: slow(5000), timeoutMs: 5000 });
    const pending = late.agents.phoneNumbers.get(PHONE_ID, { signal: controller.signal });
    controller.abort(new Error('user gave up'));
    await expect(pending).rejects.toThrow('user gave up');
  });
});
