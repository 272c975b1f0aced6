import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../src/index.ts';
import { client, e164, STORES, startOn, storedRows, TWILIO } from './helpers.ts';

describe.each(STORES)('both surfaces over one store (%s store)', (kind) => {
  let server: ReferenceServer;
  let api: ReturnType<typeof client>;
  const logged: string[] = [];

  beforeAll(async () => {
    server = await startOn(kind, {
      logger: { error: (...args: unknown[]) => logged.push(args.map(String).join(' ')) },
    });
    api = client(server, server.apiKeys);
  });
  afterAll(() => server?.close());

  it('shows an agents-created number on convai with the mapped provider, and takes convai updates', async () => {
    const created = await api.agents('POST', '', { source: 'livekit', e164: e164(), label: 'From agents' });
    const id = created.body.id;
    const convai = await api.convai('GET', `/${id}`);
    expect(convai.body).toMatchObject({
      provider: 'sip_trunk',
      phone_number_id: id,
      label: 'From agents',
      livekit_stack: 'standard',
    });
    expect(convai.body).toMatchObject({ supports_inbound: true, supports_outbound: false });
    const updated = await api.convai('PATCH', `/${id}`, {
      label: 'From convai',
      agent_id: server.agentIds[0],
    });
    expect(updated.status).toBe(200);
    const back = await api.agents('GET', `/${id}`);
    expect(back.body).toMatchObject({
      label: 'From convai',
      agent_id: server.agentIds[0],
      source: 'livekit',
    });
    expect(back.body.created_at).toBe(created.body.created_at);
  });

  it('shows a convai-created number on agents with the mapped source, and takes agents updates', async () => {
    const created = await api.convai('POST', '', {
      provider: 'exotel',
      phone_number: e164(),
      label: 'From convai',
      account_sid: 'acme',
      api_key: 'exo-key-7f3a',
      api_token: 'exo-token-9b2c',
      api_subdomain: 'api.in.exotel.com',
      app_id: '42',
    });
    const id = created.body.phone_number_id;
    expect((await api.agents('GET', `/${id}`)).body).toMatchObject({
      source: 'exotel',
      label: 'From convai',
    });
    await api.agents('PATCH', `/${id}`, { label: 'From agents', agent_id: server.agentIds[1] });
    const convai = await api.convai('GET', `/${id}`);
    expect(convai.body).toMatchObject({ provider: 'exotel', label: 'From agents' });
    expect(convai.body.assigned_agent.agent_id).toBe(server.agentIds[1]);
    expect((await api.convai('DELETE', `/${id}`)).status).toBe(200);
    expect((await api.agents('GET', `/${id}`)).status).toBe(404);
  });

  it('lists the same numbers on both surfaces', async () => {
    const ws = await server.createWorkspace('Listing', 0);
    const api2 = client(server, ws.apiKeys);
    await api2.agents('POST', '', { source: 'livekit', e164: e164() });
    await api2.convai('POST', '', { provider: 'sip_trunk', phone_number: e164(), label: 'x' });
    const agentsIds = (await api2.agents('GET', '')).body.numbers.map((n: { id: string }) => n.id);
    const convaiIds = (await api2.convai('GET', '')).body.map(
      (n: { phone_number_id: string }) => n.phone_number_id,
    );
    expect(convaiIds).toEqual(agentsIds);
    expect((await api2.convai('GET', '?provider=sip_trunk')).body).toHaveLength(2);
    expect((await api2.convai('GET', '?provider=twilio')).body).toHaveLength(0);
  });

  describe('tenancy', () => {
    it("answers another workspace's number with 404 on every operation, indistinguishable from a missing one", async () => {
      const mine = (await api.agents('POST', '', { source: 'livekit', e164: e164(), label: 'Mine' })).body;
      const other = await server.createWorkspace('Intruder', 1);
      const intruder = client(server, other.apiKeys);
      const missing = 'phone_01aaaaaaaaaaaaaaaaaaaaaaaa';
      const strip = (body: unknown) => JSON.stringify(body).replace(/req_[0-9A-Za-z_-]+/g, 'req');
      for (const [method, body] of [['GET'], ['PATCH', { label: 'hijacked' }], ['DELETE']] as const) {
        const theirs = await intruder.agents(method, `/${mine.id}`, body);
        const absent = await intruder.agents(method, `/${missing}`, body);
        expect(theirs.status, `agents ${method}`).toBe(404);
        expect(strip(theirs.body)).toBe(strip(absent.body));
        const theirsC = await intruder.convai(method, `/${mine.id}`, body);
        const absentC = await intruder.convai(method, `/${missing}`, body);
        expect(theirsC.status, `convai ${method}`).toBe(404);
        expect(strip(theirsC.body)).toBe(strip(absentC.body));
      }
      expect((await intruder.agents('GET', '')).body.numbers).toEqual([]);
      expect((await intruder.convai('GET', '')).body).toEqual([]);
      expect((await api.agents('GET', `/${mine.id}`)).body).toEqual(mine);
      // Same e164 in another workspace is no conflict.
      expect((await intruder.agents('POST', '', { source: 'livekit', e164: mine.e164 })).status).toBe(201);
    });

    it('rejects unknown keys, and a key of one surface on the other, with 401', async () => {
      const wrong = client(server, {
        agents: 'sk_unknownkey000000000000000000000000000000',
        convai: server.apiKeys.agents,
      });
      const a = await wrong.agents('GET', '');
      expect(a.status).toBe(401);
      expect(a.body.error.code).toBe('unauthorized');
      const c = await wrong.convai('GET', '');
      expect(c.status).toBe(401);
      expect(c.body.detail[0].type).toBe('invalid_api_key');
      const swapped = client(server, { agents: server.apiKeys.convai, convai: server.apiKeys.convai });
      expect((await swapped.agents('GET', '')).status).toBe(401);
    });

    it('stores API keys only as SHA-256 hashes', async () => {
      const rows = await storedRows(server, 'api_keys');
      const dump = JSON.stringify(rows);
      expect(dump).not.toContain(server.apiKeys.agents);
      expect(dump).not.toContain(server.apiKeys.agents.slice(15));
      expect(rows.length).toBeGreaterThan(1);
    });
  });

  it('sends X-Request-Id on every response and echoes it in agents error bodies', async () => {
    const replies = [
      await api.agents('GET', ''),
      await api.agents('GET', '/phone_01aaaaaaaaaaaaaaaaaaaaaaaa'),
      await api.agents('PATCH', '/phone_01aaaaaaaaaaaaaaaaaaaaaaaa', '{"label":'),
      await api.convai('GET', ''),
      await api.convai('GET', '/nope'),
      await client(server, { agents: 'x', convai: 'y' }).agents('GET', ''),
    ];
    const ids = replies.map((r) => r.headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(/^req_[0-9A-Za-z_-]{8,64}$/);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of [replies[1], replies[2], replies[5]])
      expect(r?.body.request_id).toBe(r?.headers.get('x-request-id'));
  });

  it('never puts a secret in a response or a log line', async () => {
    const secrets = ['Tw1l1oAuthT0kenSecretValue0001', 'exo-token-SECRET', 'trunk-Pa55word-SECRET'];
    const texts: string[] = [];
    const twilio = await api.agents('POST', '', { source: 'twilio', e164: e164(), twilio: TWILIO });
    const exotel = await api.convai('POST', '', {
      phone_number: e164(),
      label: 'e',
      account_sid: 'acme',
      api_key: 'exo-key-SECRET',
      api_token: 'exo-token-SECRET',
      api_subdomain: 'api.exotel.com',
      app_id: '1',
    });
    const sip = await api.convai('POST', '', {
      phone_number: e164(),
      label: 's',
      outbound_trunk_config: {
        address: 'a.example',
        credentials: { username: 'u', password: 'trunk-Pa55word-SECRET' },
      },
    });
    texts.push(twilio.text, exotel.text, sip.text);
    for (const id of [twilio.body.id, exotel.body.phone_number_id, sip.body.phone_number_id]) {
      texts.push((await api.agents('GET', `/${id}`)).text, (await api.convai('GET', `/${id}`)).text);
    }
    texts.push((await api.agents('GET', '?limit=200')).text, (await api.convai('GET', '')).text);
    // A failing request with a secret in its body: the error must not echo it either.
    texts.push(
      (
        await api.convai('PATCH', `/${twilio.body.id}`, {
          outbound_trunk_config: {
            address: 'a.example',
            credentials: { username: 'u', password: 'trunk-Pa55word-SECRET' },
          },
        })
      ).text,
    );
    const everything = [...texts, ...logged].join('\n');
    for (const secret of [...secrets, 'exo-key-SECRET']) expect(everything).not.toContain(secret);
    const stored = JSON.stringify(await storedRows(server, 'phone_numbers'));
    for (const secret of secrets) expect(stored).not.toContain(secret);
  });
});
