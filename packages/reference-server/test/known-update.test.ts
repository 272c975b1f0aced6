// The embedded store updates a number whose row it already knows without reading it back (the reply is the
// known row plus the patch, guarded by the stored version). These tests check that the row it computes is
// always the row the database holds, that it falls back to the general path whenever its knowledge is out
// of date, and that the fast path is really what runs. The database is real (SQLite in a temp dir); the
// only wrapper counts which statements the store sends.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Database,
  migrate,
  openDatabase,
  type PhonePatch,
  type PhoneRow,
  Store,
  type Workspace,
} from '../src/index.ts';
import { e164 } from './helpers.ts';

describe('embedded store: updates of a known row', () => {
  let db: Database;
  let store: Store;
  /** A store that always reads from the database: the truth the fast path must agree with. */
  let truth: Store;
  let workspace: Workspace;
  let agents: string[];
  let sent: { kind: 'write' | 'query'; text: string }[];

  beforeEach(async () => {
    db = await openDatabase({ kind: 'embedded' });
    await migrate(db);
    sent = [];
    const observed: Database = {
      ...db,
      query: (text, params) => {
        sent.push({ kind: 'query', text });
        return db.query(text, params);
      },
      write: (text, params) => {
        sent.push({ kind: 'write', text });
        return db.write(text, params);
      },
    };
    store = new Store(observed);
    truth = new Store(db, { readCache: false });
    workspace = { id: (await store.createWorkspace('Known rows')).id };
    agents = [
      await store.createAgent(workspace.id, 'Agent A'),
      await store.createAgent(workspace.id, 'Agent B'),
    ];
  });
  afterEach(() => db.close());

  const sipNumber = async (): Promise<PhoneRow> => {
    const created = await store.createPhoneNumber(workspace, {
      e164: e164(),
      source: 'byoc',
      capabilities: ['inbound', 'outbound'],
      label: 'start',
      agent_id: agents[0] ?? null,
      trunk_id: 'trunk_01kjqh7vm8fg9vjw2pv29p5pjw',
      livekit_phone_number_id: null,
    });
    if (!created.ok) throw new Error(created.error);
    return created.row;
  };
  const updatesSent = () => sent.filter((s) => /^\s*update phone_numbers/.test(s.text));
  const stored = async (id: string) => truth.getPhoneNumber(workspace, id);

  it('computes, for every kind of patch, exactly the row the database then holds', async () => {
    const row = await sipNumber();
    const patches: PhonePatch[] = [
      { label: 'renamed' },
      { label: '' },
      { environment: 'staging', branch_id: 'branch_1' },
      { branch_id: null },
      { livekit_stack: 'static', store_sip_messages: false },
      {
        inbound_trunk: {
          allowed_addresses: ['203.0.113.0/24'],
          allowed_numbers: null,
          media_encryption: 'allowed',
          remote_domains: null,
          attributes_to_headers: { 'X-B': 'b', 'X-A': 'a' },
          has_auth_credentials: true,
          username: 'sip-user',
        },
        setSecrets: { inbound: 'sealed' },
        requireSipTrunk: true,
      },
      {
        outbound_trunk: {
          address: 'sip.example.com',
          transport: 'tls',
          media_encryption: 'required',
          headers: { 'X-Z': 'z', 'X-Y': 'y' },
          has_auth_credentials: false,
          username: null,
        },
        requireSipTrunk: true,
      },
      { inbound_trunk: null, dropSecrets: ['inbound'], requireSipTrunk: true },
      { agent_id: null },
      { agent_id: agents[1] ?? null }, // binding: the general path (the reply needs the agent's name)
      { label: 'bound', store_sip_messages: true },
    ];
    let previous = row;
    for (const patch of patches) {
      const result = await store.updatePhoneNumber(workspace, row.id, patch);
      if (!result.ok) throw new Error(`${JSON.stringify(patch)}: ${result.error}`);
      expect(result.row, JSON.stringify(patch)).toEqual(await stored(row.id));
      expect(result.row.version).toBe(previous.version + 1);
      expect(result.row.updated_at.getTime()).toBeGreaterThan(previous.updated_at.getTime());
      expect(result.row.created_at).toEqual(row.created_at);
      previous = result.row;
    }
    // Every patch but the binding one went through the known-row write; the binding one read the row back.
    const updates = updatesSent();
    expect(updates.filter((u) => u.kind === 'write')).toHaveLength(patches.length - 1);
    expect(updates.filter((u) => u.kind === 'query' && /returning/.test(u.text))).toHaveLength(1);
  });

  it('writes issued in one tick build on each other and all land, in order', async () => {
    const row = await sipNumber();
    sent = [];
    const labels = Array.from({ length: 25 }, (_, i) => `burst-${i}`);
    const results = await Promise.all(
      labels.map((label) => store.updatePhoneNumber(workspace, row.id, { label })),
    );
    const rows = results.map((r) => (r.ok ? r.row : undefined));
    expect(rows.map((r) => r?.version)).toEqual(labels.map((_, i) => row.version + i + 1));
    expect(rows.map((r) => r?.label)).toEqual(labels);
    expect(await stored(row.id)).toEqual(rows.at(-1));
    // None of them needed the general path.
    expect(updatesSent().every((u) => u.kind === 'write')).toBe(true);
  });

  it('falls back to the general path when the row changed behind its back, and never overwrites that change', async () => {
    const row = await sipNumber();
    await store.getPhoneNumber(workspace, row.id); // cached
    // Another writer (a migration, an operator) changes the row and bumps its version, as every write must.
    await db.query('update phone_numbers set environment = $1, version = version + 1 where id = $2', [
      'changed-elsewhere',
      row.id,
    ]);
    sent = [];
    const result = await store.updatePhoneNumber(workspace, row.id, { label: 'after' });
    if (!result.ok) throw new Error(result.error);
    expect(result.row).toEqual(await stored(row.id));
    expect(result.row).toMatchObject({
      label: 'after',
      environment: 'changed-elsewhere',
      version: row.version + 2,
    });
    // The guarded write changed nothing; the general path then did the update.
    expect(updatesSent().map((u) => u.kind)).toEqual(['write', 'query']);
  });

  it('waits behind an open transaction, then writes the known row on its own', async () => {
    const row = await sipNumber();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tx = db.transaction(async (t) => {
      await gate;
      await t.query('insert into agents (id, workspace_id, name) values ($1, $2, $3)', [
        'agent_01kjqh7vm8fg9vjw2pv29p5pjz',
        workspace.id,
        'Agent C',
      ]);
    });
    sent = [];
    const update = store.updatePhoneNumber(workspace, row.id, { label: 'after the transaction' });
    release();
    await tx;
    const result = await update;
    if (!result.ok) throw new Error(result.error);
    expect(result.row).toMatchObject({ label: 'after the transaction', version: row.version + 1 });
    expect(result.row).toEqual(await stored(row.id));
    expect(updatesSent().map((u) => u.kind)).toEqual(['write']);
  });

  it('survives a group rolled back after a known-row write that changed nothing (no stray rejection)', async () => {
    const row = await sipNumber();
    await db.query(
      "create trigger abort_label before update of label on phone_numbers when new.label = 'abort' begin select raise(rollback, 'aborted'); end",
    );
    // The cache is stale, so the first write's guard fails (it changes nothing and the store falls back);
    // then the group is rolled back as a whole. The dropped commit promise must not end the process.
    await db.query('update phone_numbers set version = version + 1 where id = $1', [row.id]);
    const stale = store.updatePhoneNumber(workspace, row.id, { environment: 'x' });
    const abort = store.updatePhoneNumber(workspace, row.id, { label: 'abort' });
    const settled = await Promise.allSettled([stale, abort]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    await new Promise((resolve) => setImmediate(resolve));
    const after = await store.updatePhoneNumber(workspace, row.id, { label: 'after' });
    if (!after.ok) throw new Error(after.error);
    expect(after.row).toEqual(await stored(row.id));
  });

  it('explains a refused known-row update as the general path does, changing nothing', async () => {
    const twilio = await store.createPhoneNumber(workspace, {
      e164: e164(),
      source: 'twilio',
      capabilities: ['inbound', 'outbound'],
      label: 'twilio',
      agent_id: null,
      trunk_id: 'trunk_01kjqh7vm8fg9vjw2pv29p5pjx',
      livekit_phone_number_id: null,
    });
    if (!twilio.ok) throw new Error(twilio.error);
    const before = await stored(twilio.row.id);
    const refused = await store.updatePhoneNumber(workspace, twilio.row.id, {
      outbound_trunk: null,
      requireSipTrunk: true,
    });
    expect(refused).toEqual({ ok: false, error: 'not_sip_trunk' });
    expect(await stored(twilio.row.id)).toEqual(before);
    const other = { id: (await store.createWorkspace('Other')).id };
    expect(await store.updatePhoneNumber(other, twilio.row.id, { label: 'x' })).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await store.deletePhoneNumber(workspace, twilio.row.id)).toBe(true);
    expect(await store.updatePhoneNumber(workspace, twilio.row.id, { label: 'x' })).toEqual({
      ok: false,
      error: 'not_found',
    });
  });

  it('forgets rows built on a group that was rolled back, so later writes build on the database', async () => {
    const row = await sipNumber();
    // RAISE(ROLLBACK) undoes the whole group, as an I/O error or a full disk would.
    await db.query(
      "create trigger abort_label before update of label on phone_numbers when new.label = 'abort' begin select raise(rollback, 'aborted'); end",
    );
    // All in one tick. 'first' is written, then 'abort' rolls the group (and 'first') back. Another
    // writer then gives the row the version 'first' had claimed, with other content. A write built on
    // 'first' would pass the version guard and reply (and cache) a label the database does not hold.
    const first = store.updatePhoneNumber(workspace, row.id, { label: 'first' });
    const abort = store.updatePhoneNumber(workspace, row.id, { label: 'abort' });
    const elsewhere = db.query(
      'update phone_numbers set branch_id = $1, version = version + 1 where id = $2',
      ['elsewhere', row.id],
    );
    const after = store.updatePhoneNumber(workspace, row.id, { environment: 'after' });
    const settled = await Promise.allSettled([first, abort, elsewhere, after]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'fulfilled', 'fulfilled']);
    const last = settled[3]?.status === 'fulfilled' ? settled[3].value : undefined;
    if (!last?.ok) throw new Error('the write after the rollback failed');
    expect(last.row).toMatchObject({
      label: 'start',
      branch_id: 'elsewhere',
      environment: 'after',
      version: row.version + 2,
    });
    expect(last.row).toEqual(await stored(row.id));
    expect(await store.getPhoneNumber(workspace, row.id)).toEqual(await stored(row.id));
  });
});
