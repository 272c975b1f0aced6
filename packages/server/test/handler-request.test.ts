/**
 * What a handler is handed: the validated request, the variant its body chose (only when it has one) and
 * the request's headers as a copy of its own, every value a string.
 */
import { describe, expect, it } from 'vitest';
import { createPipeline, type Outgoing, type PlainRequest } from '../src/index.ts';
import { AGENTS_KEY, authenticate, CONVAI_KEY, fixtureHandlers, KNOWN_ID, spec } from './support.ts';

/** Runs one request through a pipeline whose handler for `operationId` records what it was handed. */
function handedOver(operationId: 'convaiCreatePhoneNumber' | 'agentsGetPhoneNumber', request: PlainRequest) {
  const handed: Record<string, unknown>[] = [];
  const pipeline = createPipeline({
    spec,
    handlers: {
      ...fixtureHandlers,
      [operationId]: (req: Record<string, unknown>) => {
        handed.push(req);
        return (fixtureHandlers[operationId] as (r: unknown) => unknown)(req);
      },
    } as never,
    authenticate,
    validateResponses: true,
  });
  return new Promise<{ handed: Record<string, unknown>[]; out: Outgoing }>((resolve) =>
    pipeline.handle(request, (out) => resolve({ handed, out })),
  );
}

describe('the request a handler is handed', () => {
  it('carries the variant a oneOf body chose, and no variant key when the body has none', async () => {
    const body = JSON.stringify({
      phone_number: '+12025557574',
      label: 'x',
      sid: 'AC0123456789abcdef0123456789abcdef',
      token: '9f8e7d6c5b4a39281706f5e4d3c2b1a0',
    });
    const created = await handedOver('convaiCreatePhoneNumber', {
      method: 'POST',
      url: '/v1/convai/phone-numbers',
      headers: { 'xi-api-key': CONVAI_KEY, 'content-type': 'application/json' },
      body: Buffer.from(body),
      connection: {},
    });
    expect(created.out.status).toBe(200);
    expect(created.handed[0]?.variant).toEqual({ provider: 'twilio' });

    const read = await handedOver('agentsGetPhoneNumber', {
      method: 'GET',
      url: `/v1/agents/phone-numbers/${KNOWN_ID}`,
      headers: { authorization: `Bearer ${AGENTS_KEY}` },
      body: undefined,
      connection: {},
    });
    expect(read.out.status).toBe(200);
    expect(read.handed[0]).not.toHaveProperty('variant');
  });

  it('has the headers as strings (a repeated header joined with ", "), in a copy of their own', async () => {
    const raw = {
      authorization: `Bearer ${AGENTS_KEY}`,
      'x-trace': ['first', 'second'],
      'x-absent': undefined,
    };
    const { handed } = await handedOver('agentsGetPhoneNumber', {
      method: 'GET',
      url: `/v1/agents/phone-numbers/${KNOWN_ID}`,
      headers: raw,
      body: undefined,
      connection: {},
    });
    const headers = handed[0]?.headers as Record<string, string>;
    expect(headers).toEqual({ authorization: `Bearer ${AGENTS_KEY}`, 'x-trace': 'first, second' });
    expect(headers).not.toHaveProperty('x-absent');
    headers.authorization = 'changed by the handler';
    expect(raw.authorization).toBe(`Bearer ${AGENTS_KEY}`);
  });
});
