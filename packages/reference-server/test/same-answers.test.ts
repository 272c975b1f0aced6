// One script of store calls (keys, creates and their refusals, every kind of patch and refusal, deletes,
// tenancy, pages through cursors, the convai filters, idempotent creates) run on every store: the memory
// store and PostgreSQL must answer exactly as the embedded store does. Ids, which are random, are
// named by their first appearance; `updated_at` by whether it moved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeCursor,
  encodeCursor,
  type ListAfter,
  type NewPhoneNumber,
  type PhonePatch,
  type PhoneRow,
  type PhoneStore,
  type Workspace,
} from '../src/index.ts';
import { openStore, type StoreKind } from './helpers.ts';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const ID = /^(phone|agent|ws|trunk)_[0-7][0-9a-hjkmnp-tv-z]{25}$/;
const SID = 'AC0123456789abcdef0123456789abcdef';
const MISSING_AGENT = 'agent_01kjqh7vm8fg9vjw2pv29p5pjw';

/** Names each id by its first appearance, and each row's `updated_at` by whether it moved. */
function normaliser() {
  const names = new Map<string, string>();
  const normal = (value: unknown): unknown => {
    if (typeof value === 'string' && ID.test(value)) {
      if (!names.has(value)) names.set(value, `${value.split('_')[0]}#${names.size}`);
      return names.get(value);
    }
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map(normal);
    if (value && typeof value === 'object') {
      const row = value as Partial<PhoneRow>;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = normal(v);
      if (row.updated_at instanceof Date && row.created_at instanceof Date)
        out.updated_at = row.updated_at > row.created_at ? 'moved' : 'at creation';
      return out;
    }
    return value;
  };
  return normal;
}

/** Runs the script on a store; returns what it answered, normalised. */
async function transcript(store: PhoneStore): Promise<unknown[]> {
  const normal = normaliser();
  const out: unknown[] = [];
  const record = async (step: string, answer: unknown) => out.push([step, normal(await answer)]);

  const a = await store.createWorkspace('A');
  const b = await store.createWorkspace('B');
  const A: Workspace = { id: a.id };
  const B: Workspace = { id: b.id };
  const [a1, a2] = [await store.createAgent(a.id, 'Agent one'), await store.createAgent(a.id, 'Agent two')];
  const b1 = await store.createAgent(b.id, 'Their agent');
  await record('workspaces', [a.id, b.id, a1, a2, b1]);
  await record('agent ids', store.agentIds(a.id));
  await record('has workspace', [await store.hasWorkspace(a.id), await store.hasWorkspace('ws_nope')]);

  await record('keys', [
    await store.authenticate('agents', a.apiKeys.agents),
    await store.authenticate('convai', a.apiKeys.convai),
    await store.authenticate('convai', a.apiKeys.agents),
    await store.authenticate('agents', b.apiKeys.agents),
    await store.authenticate(
      'agents',
      `${a.apiKeys.agents.slice(0, -1)}${a.apiKeys.agents.endsWith('a') ? 'b' : 'a'}`,
    ),
    await store.authenticate('agents', 'sk_unknownkey000000000000000000000000000000'),
    await store.authenticate('agents', 'x'),
  ]);

  let minute = 0;
  const number = (source: NewPhoneNumber['source'], e164: string, extra: Partial<NewPhoneNumber> = {}) => ({
    e164,
    source,
    capabilities: ['inbound', 'outbound'] as NewPhoneNumber['capabilities'],
    label: `${source} line`,
    agent_id: null,
    trunk_id: null,
    livekit_phone_number_id: null,
    created_at: new Date(T0 + ++minute * 60_000),
    ...extra,
  });
  const ids: Record<string, string> = {};
  const create = async (name: string, input: NewPhoneNumber, ws = A) => {
    const result = await store.createPhoneNumber(ws, input);
    if (result.ok) ids[name] = result.row.id;
    await record(`create ${name}`, result);
  };
  await create(
    'twilio',
    number('twilio', '+12025550001', {
      agent_id: a1,
      trunk_id: 'trunk_01kagb9r80ehc8e5k2fjx2vqm3',
      twilio_account_sid: SID,
      secrets: { twilio: 'v1.sealed' },
    }),
  );
  await create(
    'livekit',
    number('livekit', '+12025550002', { capabilities: ['inbound'], livekit_phone_number_id: 'PN_x' }),
  );
  await create(
    'byoc',
    number('byoc', '+12025550003', {
      trunk_id: 'trunk_01kax79b80fb486sf0nz6wgc0h',
      inbound_trunk: {
        allowed_addresses: ['203.0.113.0/24'],
        allowed_numbers: null,
        media_encryption: 'allowed',
        remote_domains: null,
        attributes_to_headers: undefined,
        has_auth_credentials: true,
        username: 'in',
      },
      secrets: { inbound_password: 'v1.in', outbound_password: 'v1.out' },
    }),
  );
  await create(
    'verified',
    number('verified_caller_id', '+12025550004', {
      capabilities: ['outbound'],
      trunk_id: 'trunk_01kagb9r80ehc8e5k2fjx2vqm3',
      twilio_account_sid: SID,
    }),
  );
  await create('exotel', number('exotel', '+12025550005'));
  await create('purchased', number('twilio_purchased', '+12025550006', { agent_id: a2 }));
  await create('theirs', number('livekit', '+12025550001'), B);
  await create(
    'agent on a verified caller id',
    number('verified_caller_id', '+12025550007', { agent_id: a1 }),
  );
  await create('another workspace agent', number('twilio', '+12025550008', { agent_id: b1 }));
  await create('duplicate', number('byoc', '+12025550002'));
  await create('duplicate with a missing agent', number('byoc', '+12025550002', { agent_id: MISSING_AGENT }));

  await record('trunk of the account', [
    await store.twilioTrunkOf(A, SID),
    await store.twilioTrunkOf(B, SID),
    await store.twilioTrunkOf(A, 'AC_other'),
  ]);
  // An earlier import of the same account: its trunk is the account's from now on.
  await create(
    'earlier twilio',
    number('twilio', '+12025550009', {
      trunk_id: 'trunk_01kagb9r80ehc8e5k2fjx2vqm4',
      twilio_account_sid: SID,
      created_at: new Date(T0),
    }),
  );
  await record('trunk of the account, after', store.twilioTrunkOf(A, SID));

  const update = (step: string, id: string | undefined, patch: PhonePatch, ws = A) =>
    record(`update ${step}`, store.updatePhoneNumber(ws, id ?? 'phone_missing', patch));
  await update('label', ids.livekit, { label: 'Renamed' });
  await update('unbind', ids.twilio, { agent_id: null });
  await update('bind', ids.livekit, { agent_id: a2, label: 'Bound' });
  await update('bind another workspace agent', ids.livekit, { agent_id: b1 });
  await update('bind a verified caller id', ids.verified, { agent_id: a1 });
  await update('SIP fields of a twilio number', ids.twilio, {
    livekit_stack: 'static',
    requireSipTrunk: true,
  });
  await update('SIP fields of a byoc number', ids.byoc, {
    livekit_stack: 'static',
    store_sip_messages: false,
    environment: 'production',
    branch_id: 'agtbrch_main',
    inbound_trunk: null,
    outbound_trunk: {
      address: 'sip.example.net',
      transport: 'tls',
      media_encryption: 'required',
      headers: { 'X-A': '1' },
      has_auth_credentials: false,
      username: null,
    },
    dropSecrets: ['inbound_password'],
    setSecrets: { outbound_password: 'v1.new' },
    requireSipTrunk: true,
  });
  await update('clear environment', ids.byoc, { environment: null, label: '' });
  await update('another workspace number', ids.livekit, { label: 'x' }, B);
  await update('a missing number', undefined, { label: 'x' });

  await record('delete', [
    await store.deletePhoneNumber(B, ids.exotel ?? ''),
    await store.deletePhoneNumber(A, ids.exotel ?? ''),
    await store.deletePhoneNumber(A, ids.exotel ?? ''),
  ]);
  await update('a deleted number', ids.exotel, { label: 'x' });
  await record('get a deleted number', store.getPhoneNumber(A, ids.exotel ?? ''));
  await create('exotel again', number('exotel', '+12025550005'));

  await record('get', Promise.all(Object.values(ids).map((id) => store.getPhoneNumber(A, id))));
  await record('get from another workspace', store.getPhoneNumber(B, ids.livekit ?? ''));

  const pages: unknown[] = [];
  let after: ListAfter | undefined;
  for (let page = 0; page < 10; page++) {
    const rows = await store.listPhoneNumbers(A, 3, after);
    pages.push(rows.map((row) => row.id));
    const last = rows[rows.length - 1];
    if (rows.length < 3 || !last) break;
    after = decodeCursor(encodeCursor(last.created_at, last.id));
  }
  await record('pages', pages);
  await record('convai list', [
    await store.listConvai(A, {}),
    await store.listConvai(A, { provider: 'sip_trunk' }),
    await store.listConvai(A, { agentId: a2 }),
    await store.listConvai(A, { branchId: 'agtbrch_main', provider: 'sip_trunk' }),
    await store.listConvai(A, {}, 2),
    await store.listConvai(B, {}),
  ]);

  // Idempotent creates: replay, another body, a failed create that stores nothing and then succeeds.
  const idempotent = (key: string, body: { e164: string }, ws = A) =>
    store.withIdempotency(ws, 'agents', key, body, async (scope) => {
      const result = await store.createPhoneNumber(ws, number('livekit', body.e164), scope);
      return result.ok
        ? { status: 201, body: { id: result.row.id }, row: result.row }
        : { status: 409, body: { error: result.error } };
    });
  await record('idempotent', [
    await idempotent('k1', { e164: '+12025550010' }),
    await idempotent('k1', { e164: '+12025550010' }),
    await idempotent('k1', { e164: '+12025550011' }),
    await idempotent('k1', { e164: '+12025550010' }, B),
    await idempotent('k2', { e164: '+12025550002' }),
    await store.deletePhoneNumber(A, ids.livekit ?? ''),
    await idempotent('k2', { e164: '+12025550002' }),
    await idempotent('k2', { e164: '+12025550002' }),
  ]);
  await record('list at the end', store.listPhoneNumbers(A, 100));
  return out;
}

describe('the same answers from every store', () => {
  const stores: PhoneStore[] = [];
  const open = async (kind: StoreKind) => {
    const store = await openStore(kind);
    stores.push(store);
    return store;
  };
  let want: unknown[];
  beforeAll(async () => {
    want = await transcript(await open('embedded'));
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
  });

  it.each(['postgres', 'memory'] as const)(
    '%s answers the script as the embedded store does',
    async (kind) => {
      expect(await transcript(await open(kind))).toEqual(want);
    },
  );

  it.each(['embedded', 'postgres', 'memory'] as const)(
    'orders numbers created in the same millisecond by id, newest first (%s store)',
    async (kind) => {
      const store = await open(kind);
      const ws = { id: (await store.createWorkspace('Ties')).id };
      const at = new Date(T0);
      for (const e164 of ['+12025550101', '+12025550102', '+12025550103']) {
        const input = {
          e164,
          source: 'exotel',
          capabilities: ['inbound'],
          label: '',
          agent_id: null,
          trunk_id: null,
          livekit_phone_number_id: null,
          created_at: at,
        } as const;
        await store.createPhoneNumber(ws, { ...input, capabilities: [...input.capabilities] });
      }
      const ids = (await store.listPhoneNumbers(ws, 10)).map((row) => row.id);
      expect(ids).toEqual([...ids].sort().reverse());
      const [first, second] = ids;
      const rest = await store.listPhoneNumbers(ws, 10, { createdAt: at, id: first ?? '' });
      expect(rest.map((row) => row.id)).toEqual(ids.slice(1));
      expect(second).toBeDefined();
    },
  );
});
