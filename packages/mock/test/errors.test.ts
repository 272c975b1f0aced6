/**
 * The mock's own failures answer the catalogue's `internal` entry, the same 500 the router sends, rather
 * than wordings of their own. Driven through `createHandler` with a stand-in engine, since a real Prism
 * does not fail on demand.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestValidator, createResponseValidator, errorReply } from '@phone-api/server';
import { expectedHeaders, withDeprecatedOperations } from '@phone-api/spec/test/deprecated-operation';
import { describe, expect, it } from 'vitest';
import type { Engine, OperationInfo } from '../src/engine.ts';
import { createHandler } from '../src/handler.ts';
import { AGENTS_AUTH, CONVAI_AUTH, operation, PHONE_ID, spec } from './helpers.ts';

/** An engine on `doc` (the real spec by default) whose Prism never produces a response, or throws. */
function speechlessEngine(
  operationId: string,
  doc = spec,
  mock: Engine['mock'] = async () => undefined,
): Engine {
  const { path, method, op } = operation(operationId);
  const info: OperationInfo = {
    operationId,
    method: method.toUpperCase(),
    surface: operationId.startsWith('agents') ? 'agents' : 'convai',
    pathTemplate: path,
    responses: new Map(Object.keys(op.responses).map((status) => [Number(status), new Set<string>()])),
    prismOperation: {} as OperationInfo['prismOperation'],
  };
  return {
    spec: doc,
    operations: new Map([[operationId, info]]),
    validateRequest: createRequestValidator(doc),
    validateResponse: createResponseValidator(doc),
    mock,
  };
}

async function get(engine: () => Engine, path: string, headers: Record<string, string>) {
  const server = createServer(createHandler({ engine, dynamic: false, log: () => {} }));
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
      () => {
        throw new Error('engine gone');
      },
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
