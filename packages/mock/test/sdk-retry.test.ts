/**
 * End to end: the SDK's retry policy against the mock's injected faults, over real HTTP on 127.0.0.1. A
 * scripted outage (the first N requests of an operation fail) makes the outcome exact: the SDK rides out
 * as many failures as its budget allows and gives up after it, with the last answer or error.
 */
import { createPhoneNumbersClient } from '@phone-api/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../src/index.ts';
import { specPath } from './helpers.ts';

let mock: RunningMock;
const lines: string[] = [];
/** Every request the SDK sends, counted on the way out (the SDK's own fetch, instrumented). */
const sent: string[] = [];

beforeAll(async () => {
  mock = await startMock({
    port: 0,
    specPath,
    log: (line) => lines.push(line),
    faults: {
      retryAfterSeconds: 0,
      timeoutMs: 5000,
      operations: {
        agentsListPhoneNumbers: { first: 2, faults: ['503', 'reset'] },
        convaiListPhoneNumbers: { first: 3, faults: ['503', 'reset', '429'] },
        agentsGetPhoneNumber: { first: 1, faults: ['timeout'] },
      },
    },
  });
});
afterAll(() => mock.close());

function client(timeoutMs = 10_000) {
  return createPhoneNumbersClient({
    baseUrl: mock.url,
    agents: { apiKey: 'sk_test' },
    convai: { apiKey: 'test' },
    retry: { maxRetries: 2, baseDelayMs: 10 },
    timeoutMs,
    fetch: (request) => {
      sent.push(`${request.method} ${new URL(request.url).pathname}`);
      return fetch(request);
    },
  });
}

describe('the SDK against injected faults', () => {
  it('rides out a 503 and a reset connection within its budget of two retries', async () => {
    sent.length = 0;
    const page = await client().agents.phoneNumbers.list();
    expect(page.response.status).toBe(200);
    expect(sent).toHaveLength(3);
    expect(lines.filter((l) => l.includes('injected fault')).join('\n')).toMatch(
      /fault 503[\s\S]*fault reset/,
    );
  });

  it('gives up after its budget: three failures (503, reset, 429) end with the last answer', async () => {
    sent.length = 0;
    const result = await client().convai.phoneNumbers.list();
    expect(result.response.status).toBe(429);
    expect(sent).toHaveLength(3);
    // The outage is over: the next call succeeds at once.
    sent.length = 0;
    expect((await client().convai.phoneNumbers.list()).response.status).toBe(200);
    expect(sent).toHaveLength(1);
  });

  it('stops at its deadline when the mock never answers (timeout fault)', async () => {
    const started = performance.now();
    await expect(client(400).agents.phoneNumbers.get('phone_01kjqh7vm8fg9vjw2pv29p5pjw')).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(4000);
  });
});
