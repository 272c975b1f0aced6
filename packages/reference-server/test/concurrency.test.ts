import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../src/index.ts';
import { client, e164, STORES, startOn } from './helpers.ts';

describe.each(STORES)('no lost updates (%s store)', (kind) => {
  let server: ReferenceServer;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    server = await startOn(kind);
    api = client(server, server.apiKeys);
  });
  afterAll(() => server?.close());

  it('lands every one of concurrent PATCHes that change different fields of one number', async () => {
    const id = (await api.convai('POST', '', { provider: 'sip_trunk', phone_number: e164(), label: 'start' }))
      .body.phone_number_id;
    for (let round = 0; round < 8; round++) {
      const want = {
        label: `label-${round}`,
        environment: `env-${round}`,
        branch_id: `branch-${round}`,
        store_sip_messages: round % 2 === 0,
        livekit_stack: round % 2 === 0 ? 'static' : 'standard',
        agent_id: server.agentIds[round % 2],
        outbound_trunk_config: { address: `host${round}.example` },
      };
      const replies = await Promise.all(
        Object.entries(want).map(([field, value]) =>
          field === 'label' && round % 2 === 1
            ? api.agents('PATCH', `/${id}`, { label: value }) // mix in the other surface
            : api.convai('PATCH', `/${id}`, { [field]: value }),
        ),
      );
      for (const r of replies) expect(r.status, r.text).toBe(200);
      const got = (await api.convai('GET', `/${id}`)).body;
      expect(got).toMatchObject({
        label: want.label,
        store_sip_messages: want.store_sip_messages,
        livekit_stack: want.livekit_stack,
        assigned_agent: { agent_id: want.agent_id, environment: want.environment, branch_id: want.branch_id },
        outbound_trunk: { address: want.outbound_trunk_config.address },
      });
    }
  });

  it('ends concurrent PATCHes of the same field in the state of one of them', async () => {
    const n = (await api.agents('POST', '', { source: 'livekit', e164: e164(), label: 'start' })).body;
    const labels = Array.from({ length: 20 }, (_, i) => `racer-${i}`);
    const replies = await Promise.all(labels.map((label) => api.agents('PATCH', `/${n.id}`, { label })));
    for (const r of replies) expect(r.status).toBe(200);
    const final = (await api.agents('GET', `/${n.id}`)).body;
    expect(labels).toContain(final.label);
    // The final state is the reply with the latest updated_at: writes are totally ordered per row.
    const latest = replies
      .map((r) => r.body)
      .sort((a, b) => Date.parse(b.updated_at) - Date.parse(a.updated_at))[0];
    expect(final).toEqual(latest);
    const stamps = replies.map((r) => r.body.updated_at);
    expect(new Set(stamps).size).toBe(stamps.length);
  });
});
