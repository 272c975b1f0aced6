// A patch's preconditions at the store, on every store: each refusal, which one wins when a patch
// brings several (the order of PRECONDITIONS in update-sql.ts), the same refusals for a create's agent
// binding, and a refused write changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewPhoneNumber, PhonePatch, PhoneStore, Source, Workspace, WriteError } from '../src/index.ts';
import { e164, openStore, STORES } from './helpers.ts';

const MISSING_AGENT = 'agent_01kjqh7vm8fg9vjw2pv29p5pjw';
const SIP_ONLY: PhonePatch = { livekit_stack: 'static', requireSipTrunk: true };

describe.each(STORES)('preconditions of a write (%s store)', (kind) => {
  let store: PhoneStore;
  let workspace: Workspace;
  let agent: string;

  beforeAll(async () => {
    store = await openStore(kind);
    workspace = { id: (await store.createWorkspace('Preconditions')).id };
    agent = await store.createAgent(workspace.id, 'Agent');
  });
  afterAll(() => store.close());

  const newNumber = (source: Source, agentId: string | null = null): NewPhoneNumber => ({
    e164: e164(),
    source,
    capabilities: ['inbound', 'outbound'],
    label: 'start',
    agent_id: agentId,
    trunk_id: null,
    livekit_phone_number_id: null,
  });

  const number = async (source: Source): Promise<string> => {
    const created = await store.createPhoneNumber(workspace, newNumber(source));
    if (!created.ok) throw new Error(created.error);
    return created.row.id;
  };

  const updates: [string, { given: { source: Source; patch: () => PhonePatch }; want: WriteError }][] = [
    [
      'SIP-only fields on a twilio number',
      { given: { source: 'twilio', patch: () => SIP_ONLY }, want: 'not_sip_trunk' },
    ],
    [
      'SIP-only fields and a missing agent on a twilio number: the SIP refusal comes first',
      {
        given: { source: 'twilio', patch: () => ({ ...SIP_ONLY, agent_id: MISSING_AGENT }) },
        want: 'not_sip_trunk',
      },
    ],
    [
      'an agent bound to a verified caller id',
      { given: { source: 'verified_caller_id', patch: () => ({ agent_id: agent }) }, want: 'not_bindable' },
    ],
    [
      'a missing agent bound to a verified caller id: not bindable comes first',
      {
        given: { source: 'verified_caller_id', patch: () => ({ agent_id: MISSING_AGENT }) },
        want: 'not_bindable',
      },
    ],
    [
      'a missing agent',
      { given: { source: 'byoc', patch: () => ({ agent_id: MISSING_AGENT }) }, want: 'agent_not_found' },
    ],
    [
      'SIP-only fields and a missing agent on a sip_trunk number',
      {
        given: { source: 'byoc', patch: () => ({ ...SIP_ONLY, agent_id: MISSING_AGENT }) },
        want: 'agent_not_found',
      },
    ],
  ];

  it.each(updates)('refuses %s, and changes nothing', async (_, { given, want }) => {
    const id = await number(given.source);
    const before = await store.getPhoneNumber(workspace, id);
    expect(await store.updatePhoneNumber(workspace, id, { label: 'changed', ...given.patch() })).toEqual({
      ok: false,
      error: want,
    });
    expect(await store.getPhoneNumber(workspace, id)).toEqual(before);
  });

  it('refuses a missing number, a deleted one and another workspace’s as not_found', async () => {
    const deleted = await number('byoc');
    await store.deletePhoneNumber(workspace, deleted);
    const theirs = { id: (await store.createWorkspace('Theirs')).id };
    for (const [who, id] of [
      [workspace, 'phone_01kjqh7vm8fg9vjw2pv29p5pjw'],
      [workspace, deleted],
      [theirs, await number('byoc')],
    ] as const) {
      expect(await store.updatePhoneNumber(who, id, { label: 'x' })).toEqual({
        ok: false,
        error: 'not_found',
      });
    }
  });

  const creates: [string, { given: () => NewPhoneNumber; want: WriteError }][] = [
    [
      'an agent on a verified caller id',
      { given: () => newNumber('verified_caller_id', agent), want: 'not_bindable' },
    ],
    [
      'a missing agent on a verified caller id',
      { given: () => newNumber('verified_caller_id', MISSING_AGENT), want: 'not_bindable' },
    ],
    ['a missing agent', { given: () => newNumber('twilio', MISSING_AGENT), want: 'agent_not_found' }],
  ];

  it.each(creates)('refuses to create a number with %s', async (_, { given, want }) => {
    const input = given();
    expect(await store.createPhoneNumber(workspace, input)).toEqual({ ok: false, error: want });
    const live = await store.listPhoneNumbers(workspace, 10_000);
    expect(live.filter((row) => row.e164 === input.e164)).toEqual([]);
  });

  it('binds an existing agent on create and on update', async () => {
    const created = await store.createPhoneNumber(workspace, newNumber('byoc', agent));
    expect(created).toMatchObject({ ok: true, row: { agent_id: agent, agent_name: 'Agent' } });
    const id = await number('twilio');
    expect(await store.updatePhoneNumber(workspace, id, { agent_id: agent })).toMatchObject({
      ok: true,
      row: { agent_id: agent, agent_name: 'Agent' },
    });
  });
});
