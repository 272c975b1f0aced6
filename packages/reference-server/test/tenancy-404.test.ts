/**
 * The tenancy promise (another workspace's number answers exactly like a missing one) holds because both
 * refusals are the same catalogue entry, not because two strings happen to match.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ERRORS, errorReply } from '@phone-api/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aesSealer, secretsKeyFromEnv } from '../src/crypto.ts';
import { createHandlers } from '../src/handlers.ts';
import type { ReferenceServer } from '../src/index.ts';
import { e164, STORES, startOn } from './helpers.ts';

const REPO = resolve(import.meta.dirname, '../../..');
const MISSING = 'phone_01aaaaaaaaaaaaaaaaaaaaaaaa';
const REQUEST_ID = 'req_tenancy00000001';

type Call = (workspace: { id: string }, id: string) => Promise<unknown>;

describe.each(STORES)('the 404 for another workspace’s number (%s store)', (kind) => {
  let server: ReferenceServer;
  let handlers: ReturnType<typeof createHandlers>;
  let mine: string;
  let intruder: { id: string; agentIds: string[] };

  beforeAll(async () => {
    server = await startOn(kind);
    handlers = createHandlers({
      store: server.store,
      seal: aesSealer(secretsKeyFromEnv()),
      verifiedCallerIds: new Set(),
    });
    const created = await handlers.agentsImportPhoneNumber(
      request({ body: { source: 'livekit', e164: e164() } }),
    );
    mine = (created.body as { id: string }).id;
    intruder = await server.createWorkspace('Intruder', 1);
  });
  afterAll(() => server?.close());

  /** A validated request as the router hands it over (only what these handlers read). */
  function request(fields: Record<string, unknown>, workspace: { id: string } = { id: server.workspaceId }) {
    // biome-ignore lint/suspicious/noExplicitAny: one builder for the requests of six operations.
    return { query: {}, headers: {}, requestId: REQUEST_ID, credential: '', ...fields, workspace } as any;
  }

  const calls = (): [string, 'agents' | 'convai', Call][] => [
    ['agents GET', 'agents', (ws, id) => handlers.agentsGetPhoneNumber(request({ params: { id } }, ws))],
    [
      'agents PATCH label',
      'agents',
      (ws, id) =>
        handlers.agentsUpdatePhoneNumber(request({ params: { id }, body: { label: 'hijacked' } }, ws)),
    ],
    [
      'agents PATCH agent_id (an agent of the caller’s own workspace)',
      'agents',
      (ws, id) =>
        handlers.agentsUpdatePhoneNumber(
          request({ params: { id }, body: { agent_id: intruder.agentIds[0] } }, ws),
        ),
    ],
    [
      'agents DELETE',
      'agents',
      (ws, id) => handlers.agentsDeletePhoneNumber(request({ params: { id } }, ws)),
    ],
    [
      'convai GET',
      'convai',
      (ws, id) => handlers.convaiGetPhoneNumber(request({ params: { phone_number_id: id } }, ws)),
    ],
    [
      'convai PATCH trunk settings',
      'convai',
      (ws, id) =>
        handlers.convaiUpdatePhoneNumber(
          request({ params: { phone_number_id: id }, body: { livekit_stack: 'static' } }, ws),
        ),
    ],
    [
      'convai DELETE',
      'convai',
      (ws, id) => handlers.convaiDeletePhoneNumber(request({ params: { phone_number_id: id } }, ws)),
    ],
  ];

  it('is, on every operation, the reply for a missing number: the catalogue’s phone_number_not_found', async () => {
    for (const [name, surface, call] of calls()) {
      const theirs = await call(intruder, mine);
      const absent = await call(intruder, MISSING);
      expect(theirs, name).toEqual(absent);
      expect(theirs, name).toEqual(errorReply('phone_number_not_found', surface, REQUEST_ID));
    }
    // The number is still there for its owner: the refusals changed nothing.
    const owner = await handlers.agentsGetPhoneNumber(request({ params: { id: mine } }));
    expect(owner.status).toBe(200);
  });
});

describe('the missing-number wording', () => {
  it.each([
    ['agents', ERRORS.phone_number_not_found.agents.message],
    ['convai', ERRORS.phone_number_not_found.convai.message],
  ])('has its %s wording in the catalogue and in no other source file', (_surface, wording) => {
    expect(sourcesContaining(wording)).toEqual(['packages/server/src/catalogue.ts']);
  });
});

/** Source files (not tests, not builds) of every package and script that contain `text`. */
function sourcesContaining(text: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'test') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|js|mjs|cjs)$/.test(entry.name) && readFileSync(path, 'utf8').includes(text))
        found.push(relative(REPO, path));
    }
  };
  for (const root of ['packages', 'scripts']) walk(join(REPO, root));
  return found.sort();
}
