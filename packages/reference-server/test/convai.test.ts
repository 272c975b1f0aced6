import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../src/index.ts';
import { client, e164, STORES, startOn, storedSecrets } from './helpers.ts';

const SIP_BODY = {
  provider: 'sip_trunk',
  label: 'SIP line',
  outbound_trunk_config: {
    address: 'sip.carrier.example.net:5061',
    transport: 'tls',
    credentials: { username: 'acme-trunk', password: 'outbound-S3cret-pass' },
  },
  inbound_trunk_config: {
    allowed_addresses: ['203.0.113.0/24'],
    credentials: { username: 'inbound-user', password: 'inbound-S3cret-pass' },
  },
};

describe.each(STORES)('convai surface (%s store)', (kind) => {
  let server: ReferenceServer;
  let api: ReturnType<typeof client>;
  let agents: string[];

  beforeAll(async () => {
    server = await startOn(kind);
    api = client(server, server.apiKeys);
    agents = server.agentIds;
  });
  afterAll(() => server?.close());

  const create = async (body: Record<string, unknown>) => {
    const res = await api.convai('POST', '', { phone_number: e164(), ...body });
    expect(res.status, res.text).toBe(200);
    return res.body.phone_number_id as string;
  };

  describe('PATCH /v1/convai/phone-numbers/{phone_number_id}', () => {
    it('persists every update field and reads it back through GET', async () => {
      const id = await create(SIP_BODY);
      const update = {
        agent_id: agents[0],
        label: 'Updated SIP line',
        environment: 'staging',
        branch_id: 'agtbrch_main',
        livekit_stack: 'static',
        store_sip_messages: false,
        inbound_trunk_config: {
          allowed_addresses: ['198.51.100.7'],
          allowed_numbers: ['+12025550111'],
          media_encryption: 'required',
          remote_domains: ['sip.example.org'],
          attributes_to_headers: { customer_id: 'X-Customer-Id' },
          credentials: { username: 'new-inbound-user', password: 'another-secret' },
        },
        outbound_trunk_config: {
          address: '192.0.2.10:5060',
          transport: 'udp',
          media_encryption: 'disabled',
          headers: { 'X-Team': 'support' },
          attributes_to_headers: { order: 'X-Order' },
          enabled_codecs: ['PCMA/8000'],
          credentials: null,
        },
      };
      const res = await api.convai('PATCH', `/${id}`, update);
      expect(res.status, res.text).toBe(200);
      const got = await api.convai('GET', `/${id}`);
      expect(got.body).toEqual(res.body);
      const outbound = {
        address: '192.0.2.10:5060',
        transport: 'udp',
        media_encryption: 'disabled',
        headers: { 'X-Team': 'support' },
        attributes_to_headers: { order: 'X-Order' },
        enabled_codecs: ['PCMA/8000'],
        has_auth_credentials: false,
        username: null,
        has_outbound_trunk: true,
      };
      expect(got.body).toEqual({
        provider: 'sip_trunk',
        phone_number: expect.any(String),
        phone_number_id: id,
        label: 'Updated SIP line',
        supports_inbound: true,
        supports_outbound: true,
        assigned_agent: {
          agent_id: agents[0],
          agent_name: expect.any(String),
          environment: 'staging',
          branch_id: 'agtbrch_main',
        },
        livekit_stack: 'static',
        store_sip_messages: false,
        inbound_trunk: {
          allowed_addresses: ['198.51.100.7'],
          allowed_numbers: ['+12025550111'],
          media_encryption: 'required',
          remote_domains: ['sip.example.org'],
          attributes_to_headers: { customer_id: 'X-Customer-Id' },
          has_auth_credentials: true,
          username: 'new-inbound-user',
        },
        outbound_trunk: outbound,
        provider_config: outbound,
      });
      // The agents surface sees the same number.
      const agentsView = await api.agents('GET', `/${id}`);
      expect(agentsView.body).toMatchObject({
        label: 'Updated SIP line',
        agent_id: agents[0],
        source: 'byoc',
      });
      const filtered = await api.convai('GET', `?branch_id=agtbrch_main&agent_id=${agents[0]}`);
      expect(filtered.body.map((n: { phone_number_id: string }) => n.phone_number_id)).toEqual([id]);
    });

    it('unassigns the agent with agent_id: null and leaves omitted fields alone', async () => {
      const id = await create({ ...SIP_BODY, agent_id: agents[1] });
      const before = (await api.convai('GET', `/${id}`)).body;
      expect(before.assigned_agent.agent_id).toBe(agents[1]);
      const res = await api.convai('PATCH', `/${id}`, { agent_id: null });
      expect(res.body).toEqual({ ...before, assigned_agent: null });
    });

    it('keeps the stored trunk password when a new config omits it', async () => {
      const id = await create(SIP_BODY);
      const res = await api.convai('PATCH', `/${id}`, {
        outbound_trunk_config: { address: 'sip2.example.net', credentials: { username: 'renamed' } },
      });
      expect(res.body.outbound_trunk).toMatchObject({ has_auth_credentials: true, username: 'renamed' });
      expect(Object.keys(await storedSecrets(server, id)).sort()).toEqual([
        'inbound_password',
        'outbound_password',
      ]);
    });

    it('answers 422 not_sip_trunk for trunk settings on a twilio number, changing nothing', async () => {
      const id = await create({
        provider: 'twilio',
        label: 'Twilio line',
        sid: 'AC0123456789abcdef0123456789abcdef',
        token: 'Tw1l1oAuthT0kenSecretValue0001',
      });
      const before = (await api.convai('GET', `/${id}`)).body;
      const res = await api.convai('PATCH', `/${id}`, {
        label: 'changed?',
        outbound_trunk_config: { address: 'a.example' },
      });
      expect(res.status).toBe(422);
      expect(res.body.detail[0].type).toBe('not_sip_trunk');
      expect((await api.convai('GET', `/${id}`)).body).toEqual(before);
    });

    it('answers 422 agent_not_found for an unknown agent', async () => {
      const id = await create(SIP_BODY);
      const res = await api.convai('PATCH', `/${id}`, { agent_id: 'agent_01aaaaaaaaaaaaaaaaaaaaaaaa' });
      expect(res.status).toBe(422);
      expect(res.body.detail[0]).toMatchObject({ loc: ['body', 'agent_id'], type: 'agent_not_found' });
    });

    it('answers 404 for unknown, deleted and non-prefixed ids', async () => {
      const id = await create(SIP_BODY);
      expect((await api.convai('DELETE', `/${id}`)).body).toEqual({});
      for (const target of [id, 'phone_01aaaaaaaaaaaaaaaaaaaaaaaa', '0b7e8a52-6c1e-4a4f-9a43-5d2b8f8e2a11']) {
        for (const method of ['GET', 'PATCH', 'DELETE']) {
          const res = await api.convai(method, `/${target}`, method === 'PATCH' ? { label: 'x' } : undefined);
          expect(res.status, `${method} ${target}`).toBe(404);
          expect(res.body.detail[0].type).toBe('not_found');
        }
      }
    });
  });

  describe('the response variant follows the provider', () => {
    it.each([
      [
        'twilio',
        {
          provider: 'twilio',
          sid: 'AC0123456789abcdef0123456789abcdef',
          token: 'Tw1l1oAuthT0kenSecretValue0001',
        },
        'twilio',
      ],
      [
        'twilio (inferred)',
        { sid: 'AC0123456789abcdef0123456789abcdef', token: 'Tw1l1oAuthT0kenSecretValue0001' },
        'twilio',
      ],
      [
        'exotel',
        {
          account_sid: 'acme',
          api_key: 'exo-key-7f3a',
          api_token: 'exo-token-9b2c',
          api_subdomain: 'api.in.exotel.com',
          app_id: '123',
        },
        'exotel',
      ],
      ['sip_trunk', SIP_BODY, 'byoc'],
    ])('%s', async (_name, body, source) => {
      const id = await create({ label: 'Variant', ...body });
      const got = (await api.convai('GET', `/${id}`)).body;
      const provider = source === 'byoc' ? 'sip_trunk' : source;
      expect(got.provider).toBe(provider);
      expect('livekit_stack' in got).toBe(provider === 'sip_trunk');
      expect((await api.agents('GET', `/${id}`)).body.source).toBe(source);
    });
  });

  describe('a body carrying a provider’s fields is judged as that provider’s body (issue 14)', () => {
    const SID = 'AC0123456789abcdef0123456789abcdef';
    const TOKEN = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';
    const EXOTEL = {
      account_sid: 'acme',
      api_key: 'exo-key-7f3a',
      api_token: 'exo-token-9b2c',
      api_subdomain: 'api.in.exotel.com',
      app_id: '123',
    };
    it.each([
      ['a malformed sid', { sid: 'not-a-sid', token: TOKEN }, 'sid'],
      ['sid: null', { sid: null, token: TOKEN }, 'sid'],
      ['sid: false', { sid: false, token: TOKEN }, 'sid'],
      ['token: null', { sid: SID, token: null }, 'token'],
      ['an Exotel body with api_key: null', { ...EXOTEL, api_key: null }, 'api_key'],
    ])('refuses %s with 422 naming the field, and stores nothing', async (_name, body, field) => {
      const number = e164();
      const res = await api.convai('POST', '', { phone_number: number, label: 'x', ...body });
      expect(res.status, res.text).toBe(422);
      expect(res.body.detail.map((d: { loc: string[] }) => d.loc)).toContainEqual(['body', field]);
      const listed = (await api.convai('GET', '')).body as { phone_number: string }[];
      expect(listed.map((n) => n.phone_number)).not.toContain(number);
    });
  });

  it('stores trunk credentials but never returns them', async () => {
    const id = await create(SIP_BODY);
    const replies = [
      await api.convai('GET', `/${id}`),
      await api.convai('GET', ''),
      await api.agents('GET', `/${id}`),
    ];
    for (const r of replies) {
      expect(r.text).not.toContain('S3cret');
      expect(r.text).not.toContain('password');
    }
    const got = replies[0]?.body;
    expect(got.outbound_trunk).toMatchObject({ has_auth_credentials: true, username: 'acme-trunk' });
    expect(got.inbound_trunk).toMatchObject({ has_auth_credentials: true, username: 'inbound-user' });
    const secrets = await storedSecrets(server, id);
    expect(secrets.outbound_password).toMatch(/^v1\./);
    expect(JSON.stringify(secrets)).not.toContain('S3cret');
  });

  it('answers 409 when the phone number is already imported', async () => {
    const number = e164();
    expect((await api.convai('POST', '', { ...SIP_BODY, phone_number: number })).status).toBe(200);
    const dup = await api.convai('POST', '', { ...SIP_BODY, phone_number: number });
    expect(dup.status).toBe(409);
    expect(dup.body.detail[0].type).toBe('conflict');
  });
});
