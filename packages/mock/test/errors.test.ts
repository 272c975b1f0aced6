/**
 * The mock's own failures answer the catalogue's `internal` entry, the same 500 the router sends, rather
 * than wordings of their own. Driven through the mock's engine with a stand-in for Prism, since a real
 * Prism does not fail on demand.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorReply } from '@phone-api/server';
import { expectedHeaders, withDeprecatedOperations } from '@phone-api/spec/test/deprecated-operation';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../src/engine.ts';
import { AGENTS_AUTH, CONVAI_AUTH, PHONE_ID, spec, speechlessEngine } from './helpers.ts';

async function get(engine: () => Engine, path: string, headers: Record<string, string>) {
  const server = createServer((req, res) => engine().listener(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, { headers });
    const lifecycle = {
      deprecation: res.headers.get('deprecation') ?? undefined,
      sunset: res.headers.get('sunset') ?? undefined,
      link: res.headers.get('link') ?? undefined,
    };
    return {
      status: res.status,
      requestId: res.headers.get('x-request-id') ?? '',
      body: await res.json(),
      lifecycle,
    };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe('the mock’s 500', () => {
  it.each([
    [
      'Prism producing no documented response (convai)',
      () => speechlessEngine('convaiGetPhoneNumber'),
      `/v1/convai/phone-numbers/${PHONE_ID}`,
      CONVAI_AUTH,
      'convai',
    ],
    [
      'Prism producing no documented response (agents)',
      () => speechlessEngine('agentsGetPhoneNumber'),
      `/v1/agents/phone-numbers/${PHONE_ID}`,
      AGENTS_AUTH,
      'agents',
    ],
    [
      'an unexpected failure',
      () =>
        speechlessEngine('agentsListPhoneNumbers', spec, async () => {
          throw new Error('engine gone');
        }),
      '/v1/agents/phone-numbers',
      AGENTS_AUTH,
      'agents',
    ],
  ] as const)('after %s is the catalogue’s internal entry', async (_name, engine, path, headers, surface) => {
    const reply = await get(engine, path, headers);
    expect(reply.status).toBe(500);
    expect(reply.body).toEqual(errorReply('internal', surface, reply.requestId).body);
  });

  it('of a deprecated operation still carries its Deprecation, Sunset and Link', async () => {
    const doc = withDeprecatedOperations(spec);
    const failing = speechlessEngine('agentsGetPhoneNumber', doc, async () => {
      throw new Error('Prism failed');
    });
    const reply = await get(() => failing, `/v1/agents/phone-numbers/${PHONE_ID}`, AGENTS_AUTH);
    expect(reply.status).toBe(500);
    expect(reply.body).toEqual(errorReply('internal', 'agents', reply.requestId).body);
    expect(reply.lifecycle).toEqual(expectedHeaders('agentsGetPhoneNumber'));
  });
});
