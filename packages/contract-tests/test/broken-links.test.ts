import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReferenceServer } from '@phone-api/reference-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contract } from '../src/checks.ts';
import { sourceProviderMapping } from '../src/mapping.ts';
import type { WorkspaceKeys } from '../src/target.ts';
import { type WalkErrors, WalkFailure, type WalkPlan, walkLinks } from '../src/walk.ts';
import { serveDuringTests } from './fixture-servers.ts';

// Proof that the link walk can fail: proxies in front of a real reference server, each breaking one promise
// the walk checks, and a faithful proxy as the control.

const contract = new Contract();
const mapping = sourceProviderMapping(contract.doc);
const errors: WalkErrors = {
  unauthorized: {
    agents: { status: 401, codes: ['unauthorized'] },
    convai: { status: 401, codes: ['invalid_api_key'] },
  },
  notFound: {
    agents: { status: 404, codes: ['phone_number_not_found'] },
    convai: { status: 404, codes: ['not_found'] },
  },
};

let upstream: { url: string; keys: WorkspaceKeys; close: () => Promise<void> } | undefined;
beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'contract-broken-links-'));
  const server = await startReferenceServer({
    port: 0,
    host: '127.0.0.1',
    database: 'embedded',
    dataDir,
    seed: false,
  });
  const workspace = await server.createWorkspace('Broken-links fixture');
  upstream = {
    url: server.url,
    keys: { agentsApiKey: workspace.apiKeys.agents, convaiApiKey: workspace.apiKeys.convai },
    close: async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});
afterAll(() => upstream?.close());

type Mode = 'faithful' | 'useAfterFree' | 'ignoresCredentials';

/** Forwards to the reference server, breaking one thing: serving deleted numbers, or adding missing keys. */
function proxy(mode: Mode) {
  const remembered = new Map<string, { status: number; type: string; body: string }>();
  const deleted = new Set<string>();
  return () =>
    createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const { url, keys } = upstream as NonNullable<typeof upstream>;
      const path = req.url ?? '/';
      const id = path.split('/').pop() ?? '';
      const credentialed = Boolean(req.headers.authorization ?? req.headers['xi-api-key']);
      if (
        mode === 'useAfterFree' &&
        credentialed &&
        req.method === 'GET' &&
        deleted.has(id) &&
        remembered.has(path)
      ) {
        const kept = remembered.get(path) as { status: number; type: string; body: string };
        res.writeHead(kept.status, { 'content-type': kept.type, 'x-request-id': 'req_fixture0001' });
        res.end(kept.body);
        return;
      }
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'xi-api-key', 'content-type']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      if (mode === 'ignoresCredentials' && !headers.authorization && !headers['xi-api-key']) {
        Object.assign(headers, {
          authorization: `Bearer ${keys.agentsApiKey}`,
          'xi-api-key': keys.convaiApiKey,
        });
      }
      const answer = await fetch(new URL(path, url), {
        method: req.method ?? 'GET',
        headers,
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      });
      const body = await answer.text();
      const type = answer.headers.get('content-type') ?? 'application/json';
      if (req.method === 'GET' && answer.status === 200) remembered.set(path, { status: 200, type, body });
      if (req.method === 'DELETE' && answer.ok) deleted.add(id);
      const out: Record<string, string> = {
        'x-request-id': answer.headers.get('x-request-id') ?? 'req_fixture0001',
      };
      if (body !== '') out['content-type'] = type;
      res.writeHead(answer.status, out);
      res.end(body);
    });
}

const urls = serveDuringTests({
  faithful: proxy('faithful'),
  useAfterFree: proxy('useAfterFree'),
  ignoresCredentials: proxy('ignoresCredentials'),
});

const example = contract.operation('convaiCreatePhoneNumber').requestExamples.sip_trunk as Record<
  string,
  unknown
>;
let e164 = 0;
/** Create the SIP-trunk example, read it on both surfaces, delete it (the links in the spec's order). */
function plan(): WalkPlan {
  e164 += 1;
  const [get, , del, getOnAgents] = [0, 1, 2, 3];
  return {
    create: {
      surface: 'convai',
      body: { ...example, phone_number: `+1646555${String(e164).padStart(4, '0')}` },
    },
    steps: [get, getOnAgents, del].map((pick) => ({ pick, bodies: {} })),
  };
}

async function walkOn(mode: Mode): Promise<WalkFailure | undefined> {
  const keys = (upstream as NonNullable<typeof upstream>).keys;
  try {
    await walkLinks({ contract, baseUrl: urls[mode], keys }, mapping, errors, plan());
    return undefined;
  } catch (error) {
    if (error instanceof WalkFailure) return error;
    throw error;
  }
}

describe('the link walk against deliberately broken targets', () => {
  it('passes the control: create, read on both surfaces, delete, gone everywhere', async () => {
    expect(await walkOn('faithful')).toBeUndefined();
  });

  it.each([
    ['serves a deleted number (use after free)', 'useAfterFree', /a deleted number was still there/],
    ['ignores missing credentials', 'ignoresCredentials', /credentials were ignored/],
  ] as const)('fails against a target that %s, printing the sequence', async (_name, mode, why) => {
    const failure = await walkOn(mode);
    expect(failure?.why).toMatch(why);
    expect(failure?.message).toMatch(
      /sequence:\n {4}1\. POST \/v1\/convai\/phone-numbers without credentials/,
    );
  });
});
