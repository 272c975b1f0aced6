import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../src/index.ts';
import { client, e164, STORES, startOn, TWILIO } from './helpers.ts';

describe.each(STORES)('agents surface (%s store)', (kind) => {
  let server: ReferenceServer;
  let api: ReturnType<typeof client>;
  let agents: string[];

  beforeAll(async () => {
    server = await startOn(kind);
    api = client(server, server.apiKeys);
    agents = server.agentIds;
  });
  afterAll(() => server?.close());

  const importByoc = async (extra: Record<string, unknown> = {}) => {
    const res = await api.agents('POST', '', {
      source: 'byoc',
      e164: e164(),
      trunk_id: 'trunk_01kagb9r80ehc8e5k2fjx2vqm3',
      label: 'Original',
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body as {
      id: string;
      created_at: string;
      updated_at: string;
      label: string;
      agent_id: string | null;
    };
  };

  /** A verified caller ID: a prior twilio import of the account, then the caller-id e164 (see the seed). */
  const importVerifiedCallerId = async () => {
    await api.agents('POST', '', { source: 'twilio', e164: e164(), twilio: TWILIO });
    const res = await api.agents('POST', '', {
      source: 'twilio',
      e164: '+13125550199',
      twilio: TWILIO,
      label: 'Caller ID',
    });
    expect(res.status).toBe(201);
    expect(res.body.source).toBe('verified_caller_id');
    return res.body as { id: string };
  };

  describe('PATCH /v1/agents/phone-numbers/{id}', () => {
    it('changes only label and the binding; updated_at moves and created_at never does', async () => {
      const before = await importByoc();
      await new Promise((r) => setTimeout(r, 5));
      const res = await api.agents('PATCH', `/${before.id}`, { label: 'Renamed', agent_id: agents[0] });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ...before,
        label: 'Renamed',
        agent_id: agents[0],
        updated_at: res.body.updated_at,
      });
      expect(res.body.created_at).toBe(before.created_at);
      expect(Date.parse(res.body.updated_at)).toBeGreaterThan(Date.parse(before.updated_at));
      const again = await api.agents('PATCH', `/${before.id}`, { label: 'Renamed twice' });
      expect(again.body.created_at).toBe(before.created_at);
      expect(Date.parse(again.body.updated_at)).toBeGreaterThan(Date.parse(res.body.updated_at));
      expect((await api.agents('GET', `/${before.id}`)).body).toEqual(again.body);
    });

    it('clears the label with an empty string', async () => {
      const n = await importByoc();
      const res = await api.agents('PATCH', `/${n.id}`, { label: '' });
      expect(res.body.label).toBe('');
      expect((await api.agents('GET', `/${n.id}`)).body.label).toBe('');
    });

    it('unbinds with agent_id: null', async () => {
      const n = await importByoc({ agent_id: agents[0] });
      expect(n.agent_id).toBe(agents[0]);
      const res = await api.agents('PATCH', `/${n.id}`, { agent_id: null });
      expect(res.status).toBe(200);
      expect(res.body.agent_id).toBeNull();
      expect((await api.agents('GET', `/${n.id}`)).body.agent_id).toBeNull();
    });

    it('unbinds when clear_agent_id is true even if agent_id is sent', async () => {
      const n = await importByoc({ agent_id: agents[0] });
      const res = await api.agents('PATCH', `/${n.id}`, { clear_agent_id: true, agent_id: agents[1] });
      expect(res.status).toBe(200);
      expect(res.body.agent_id).toBeNull();
      expect((await api.agents('GET', `/${n.id}`)).body.agent_id).toBeNull();
    });

    it('leaves omitted fields unchanged', async () => {
      const n = await importByoc({ agent_id: agents[0], label: 'Keep me' });
      const relabel = await api.agents('PATCH', `/${n.id}`, { label: 'New label' });
      expect(relabel.body.agent_id).toBe(agents[0]);
      const rebind = await api.agents('PATCH', `/${n.id}`, { agent_id: agents[1] });
      expect(rebind.body.label).toBe('New label');
      const empty = await api.agents('PATCH', `/${n.id}`, {});
      expect(empty.body).toMatchObject({ label: 'New label', agent_id: agents[1] });
    });

    it.each([
      ['source', { source: 'twilio' }],
      ['e164', { e164: '+12025550000' }],
      ['source with a label', { label: 'sneaky', source: 'livekit' }],
    ])('answers 400 and changes nothing when the body carries %s', async (_name, body) => {
      const n = await importByoc();
      const res = await api.agents('PATCH', `/${n.id}`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect((await api.agents('GET', `/${n.id}`)).body).toEqual(n);
    });

    it('refuses to bind a verified_caller_id number (400) and changes nothing', async () => {
      const n = await importVerifiedCallerId();
      const before = (await api.agents('GET', `/${n.id}`)).body;
      const res = await api.agents('PATCH', `/${n.id}`, { agent_id: agents[0], label: 'changed?' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('phone_number_not_agent_bindable');
      expect((await api.agents('GET', `/${n.id}`)).body).toEqual(before);
    });

    it('answers 400 for a label with an unpaired surrogate escape, on either store, and changes nothing', async () => {
      const n = await importByoc();
      const before = (await api.agents('GET', `/${n.id}`)).body;
      // Sent as raw JSON: the \ud800 escape is what a client would put on the wire.
      const res = await api.agents('PATCH', `/${n.id}`, '{"label": "Front \\ud800desk"}');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect((await api.agents('GET', `/${n.id}`)).body).toEqual(before);
    });

    it('answers 422 agent_not_found for an unknown agent and changes nothing', async () => {
      const n = await importByoc({ agent_id: agents[0] });
      const res = await api.agents('PATCH', `/${n.id}`, {
        agent_id: 'agent_01aaaaaaaaaaaaaaaaaaaaaaaa',
        label: 'changed?',
      });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('agent_not_found');
      expect((await api.agents('GET', `/${n.id}`)).body).toEqual(n);
    });

    it('treats an agent of another workspace as unknown', async () => {
      const other = await server.createWorkspace('Other', 1);
      const n = await importByoc();
      const res = await api.agents('PATCH', `/${n.id}`, { agent_id: other.agentIds[0] });
      expect(res.status).toBe(422);
    });

    it.each([
      ['an unknown prefixed id', 'phone_01aaaaaaaaaaaaaaaaaaaaaaaa'],
      ['a legacy UUID', '0b7e8a52-6c1e-4a4f-9a43-5d2b8f8e2a11'],
      ['an agent id', 'agent_01aaaaaaaaaaaaaaaaaaaaaaaa'],
      ['an upper-case phone id', 'phone_01AAAAAAAAAAAAAAAAAAAAAAAA'],
    ])('answers 404 phone_number_not_found for %s', async (_name, id) => {
      for (const method of ['GET', 'PATCH', 'DELETE']) {
        const res = await api.agents(method, `/${id}`, method === 'PATCH' ? { label: 'x' } : undefined);
        expect(res.status, method).toBe(404);
        expect(res.body.error.code).toBe('phone_number_not_found');
      }
    });

    it('answers 404 for a deleted number on every operation', async () => {
      const n = await importByoc();
      expect((await api.agents('DELETE', `/${n.id}`)).status).toBe(204);
      expect((await api.agents('GET', `/${n.id}`)).status).toBe(404);
      expect((await api.agents('PATCH', `/${n.id}`, { label: 'x' })).status).toBe(404);
      expect((await api.agents('DELETE', `/${n.id}`)).status).toBe(404);
      const listed = (await api.agents('GET', '?limit=200')).body.numbers.map((x: { id: string }) => x.id);
      expect(listed).not.toContain(n.id);
    });
  });

  describe('POST /v1/agents/phone-numbers', () => {
    it('derives capabilities, trunk and LiveKit id from the source', async () => {
      const livekit = await api.agents('POST', '', { source: 'livekit', e164: e164(), agent_id: agents[0] });
      expect(livekit.status).toBe(201);
      expect(livekit.body).toMatchObject({
        source: 'livekit',
        capabilities: ['inbound'],
        trunk_id: null,
        agent_id: agents[0],
      });
      expect(livekit.body.livekit_phone_number_id).toMatch(/^PN_/);
      const twilio = await api.agents('POST', '', { source: 'twilio', e164: e164(), twilio: TWILIO });
      expect(twilio.body).toMatchObject({
        source: 'twilio',
        capabilities: ['inbound', 'outbound'],
        livekit_phone_number_id: null,
      });
      expect(twilio.body.trunk_id).toMatch(/^trunk_/);
      expect(twilio.body.id).toMatch(/^phone_[0-7][0-9a-hjkmnp-tv-z]{25}$/);
    });

    it('answers 409 conflict for an e164 already in the workspace, and accepts it again after delete', async () => {
      const number = e164();
      const first = await api.agents('POST', '', { source: 'livekit', e164: number });
      expect(first.status).toBe(201);
      const dup = await api.agents('POST', '', { source: 'livekit', e164: number });
      expect(dup.status).toBe(409);
      expect(dup.body.error.code).toBe('conflict');
      await api.agents('DELETE', `/${first.body.id}`);
      expect((await api.agents('POST', '', { source: 'livekit', e164: number })).status).toBe(201);
    });

    it('answers 422 for an unknown agent and creates nothing', async () => {
      const number = e164();
      const res = await api.agents('POST', '', {
        source: 'livekit',
        e164: number,
        agent_id: 'agent_01aaaaaaaaaaaaaaaaaaaaaaaa',
      });
      expect(res.status).toBe(422);
      expect((await api.agents('POST', '', { source: 'livekit', e164: number })).status).toBe(201);
    });

    it('replays the first response for a repeated Idempotency-Key, even under concurrency', async () => {
      const body = { source: 'livekit', e164: e164(), label: 'Once' };
      const key = `idem-${Math.random().toString(36).slice(2)}`;
      const replies = await Promise.all(
        Array.from({ length: 5 }, () => api.agents('POST', '', body, { 'Idempotency-Key': key })),
      );
      for (const r of replies) expect(r.status).toBe(201);
      expect(new Set(replies.map((r) => r.text)).size).toBe(1);
      const later = await api.agents('POST', '', body, { 'Idempotency-Key': key });
      expect(later.text).toBe(replies[0]?.text);
      const all = (await api.agents('GET', '?limit=200')).body.numbers.filter(
        (n: { e164: string }) => n.e164 === body.e164,
      );
      expect(all).toHaveLength(1);
      const reused = await api.agents('POST', '', { ...body, label: 'Other' }, { 'Idempotency-Key': key });
      expect(reused.status).toBe(409);
    });
  });

  describe('GET /v1/agents/phone-numbers', () => {
    it('pages newest first with a keyset cursor, neither skipping nor repeating under concurrent inserts', async () => {
      const ws = await server.createWorkspace('Paging', 0);
      const api2 = client(server, ws.apiKeys);
      const initial: string[] = [];
      for (let i = 0; i < 25; i++) {
        initial.push((await api2.agents('POST', '', { source: 'livekit', e164: e164() })).body.id);
      }
      const seen: string[] = [];
      const inserted: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { body: { numbers: { id: string }[]; next_cursor: string | null; has_more: boolean } } =
          await api2.agents('GET', `?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...res.body.numbers.map((n) => n.id));
        cursor = res.body.next_cursor;
        expect(res.body.has_more).toBe(cursor !== null);
        // Insert while paging: new numbers sort before the cursor, so they must not disturb later pages.
        const [a, b] = await Promise.all([
          api2.agents('POST', '', { source: 'livekit', e164: e164() }),
          api2.agents('POST', '', { source: 'livekit', e164: e164() }),
        ]);
        inserted.push(a.body.id, b.body.id);
        pages++;
      } while (cursor && pages < 50);
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of initial) expect(seen).toContain(id);
      const newestFirst = [...initial].reverse();
      expect(seen.filter((id) => initial.includes(id))).toEqual(newestFirst);
      for (const id of seen) expect([...initial, ...inserted]).toContain(id);
    });

    it.each([
      ['not a cursor at all', 'bm90LWEtY3Vyc29y'],
      // Well-formed, but its time is past the last date JavaScript can represent.
      [
        'a cursor whose time is out of range',
        Buffer.from('9999999999999999.phone_01kjqh7vm8fg9vjw2pv29p5pjw').toString('base64url'),
      ],
    ])('answers 400 validation_failed for %s', async (_name, cursor) => {
      const res = await api.agents('GET', `?cursor=${cursor}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.fields).toHaveProperty('cursor');
    });
  });
});
