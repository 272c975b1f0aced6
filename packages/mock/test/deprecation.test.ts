import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectedHeaders, withDeprecatedOperations } from '@phone-api/spec/test/deprecated-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../src/index.ts';
import { AGENTS_AUTH, CONVAI_AUTH, call, PHONE_ID, spec } from './helpers.ts';

const LIFECYCLE = ['deprecation', 'sunset', 'link'] as const;
const agentsById = `/v1/agents/phone-numbers/${PHONE_ID}`;
const convaiById = `/v1/convai/phone-numbers/${PHONE_ID}`;

let dir = '';
let mock: RunningMock;
beforeAll(async () => {
  // A bundle outside `dist/`: the mock serves it as is, with no sources to watch.
  dir = await mkdtemp(join(tmpdir(), 'mock-deprecated-'));
  const specPath = join(dir, 'openapi.json');
  await writeFile(specPath, JSON.stringify(withDeprecatedOperations(spec)));
  mock = await startMock({ port: 0, specPath });
});
afterAll(async () => {
  await mock?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the mock on a spec with deprecated operations (fixture)', () => {
  it.each([
    [
      'a deprecated operation, Prism example 200',
      'agentsGetPhoneNumber',
      'GET',
      agentsById,
      AGENTS_AUTH,
      200,
    ],
    [
      'its generated 200 (Prefer: dynamic=true)',
      'agentsGetPhoneNumber',
      'GET',
      agentsById,
      { ...AGENTS_AUTH, prefer: 'dynamic=true' },
      200,
    ],
    [
      'its 404 from Prism (Prefer: code=404)',
      'agentsGetPhoneNumber',
      'GET',
      agentsById,
      { ...AGENTS_AUTH, prefer: 'code=404' },
      404,
    ],
    [
      'its 404 from the validator (not a phone_ id)',
      'agentsGetPhoneNumber',
      'GET',
      '/v1/agents/phone-numbers/nope',
      AGENTS_AUTH,
      404,
    ],
    ['its 401 from the validator (no credential)', 'agentsGetPhoneNumber', 'GET', agentsById, {}, 401],
    [
      'its 401 with an Origin (CORS answer)',
      'agentsGetPhoneNumber',
      'GET',
      agentsById,
      { origin: 'http://localhost:5173' },
      401,
    ],
    [
      'a deprecated operation without sunset or link',
      'convaiGetPhoneNumber',
      'GET',
      convaiById,
      CONVAI_AUTH,
      200,
    ],
    [
      'its 500 from Prism (Prefer: code=500)',
      'convaiGetPhoneNumber',
      'GET',
      convaiById,
      { ...CONVAI_AUTH, prefer: 'code=500' },
      500,
    ],
    [
      'an operation that is not deprecated',
      'agentsListPhoneNumbers',
      'GET',
      '/v1/agents/phone-numbers',
      AGENTS_AUTH,
      200,
    ],
    [
      'another method on the deprecated path',
      'agentsDeletePhoneNumber',
      'DELETE',
      agentsById,
      AGENTS_AUTH,
      204,
    ],
  ] as const)(
    'sends exactly the lifecycle headers on %s',
    async (_name, operationId, method, path, headers, status) => {
      const res = await call(mock.url, method, path, { headers });
      expect(res.status).toBe(status);
      const sent = Object.fromEntries(
        LIFECYCLE.flatMap((name) => {
          const value = res.headers.get(name);
          return value === null ? [] : [[name, value]];
        }),
      );
      expect(sent).toEqual(expectedHeaders(operationId));
    },
  );

  it('lets browser code read them: CORS answers expose Deprecation, Sunset and Link', async () => {
    const res = await call(mock.url, 'GET', agentsById, {
      headers: { ...AGENTS_AUTH, origin: 'http://localhost:5173' },
    });
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').split(', ');
    expect(exposed).toEqual(expect.arrayContaining(['Deprecation', 'Sunset', 'Link']));
  });

  it('has a deprecated operation in the fixture at all (the table above would pass vacuously without)', () => {
    expect(expectedHeaders('agentsGetPhoneNumber')).toHaveProperty('sunset');
  });
});
