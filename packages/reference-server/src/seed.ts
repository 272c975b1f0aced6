/**
 * Demo data for the stateful mock: one workspace with agents and a number of every source (and so every
 * convai provider), loaded once, on the first start against an empty store.
 */
import type { Sealer } from './sealer.ts';
import type { NewPhoneNumber, PhoneStore } from './store/index.ts';

/** The demo workspace's id. */
export const DEMO_WORKSPACE_ID = 'ws_01jt9b4kqz8w6v3m2n1p0r7s5t';

/**
 * The demo workspace's API keys. Public on purpose: they open only the demo workspace of a local mock,
 * and frontend engineers can keep them in their config across restarts.
 */
export const DEMO_API_KEYS = {
  agents: 'sk_demoagents00publicdemokeynotforproduction',
  convai: 'sk_democonvai00publicdemokeynotforproduction',
} as const;

/** E164s the simulated Twilio account knows as verified caller IDs (see the twilio import). */
export const DEMO_VERIFIED_CALLER_IDS = ['+13125550199', '+13125550198'] as const;

const DAY = 86_400_000;

/** Loads the demo workspace unless it exists; returns whether it loaded anything. */
export async function seedDemo(store: PhoneStore, seal: Sealer, now = Date.now()): Promise<boolean> {
  if (await store.hasWorkspace(DEMO_WORKSPACE_ID)) return false;
  const { id } = await store.createWorkspace('Demo workspace', {
    id: DEMO_WORKSPACE_ID,
    apiKeys: DEMO_API_KEYS,
  });
  const ws = { id };
  const reception = await store.createAgent(id, 'Reception agent');
  const support = await store.createAgent(id, 'Support agent');
  await store.createAgent(id, 'Outbound sales agent');
  const twilioTrunk = 'trunk_01kagb9r80ehc8e5k2fjx2vqm3';
  const twilioSecret = seal(
    JSON.stringify({ account_sid: 'AC0123456789abcdef0123456789abcdef', auth_token: 'demo-token-not-real' }),
  );
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY);
  const numbers: NewPhoneNumber[] = [
    {
      e164: '+12025551234',
      source: 'twilio',
      capabilities: ['inbound', 'outbound'],
      label: 'Front desk',
      agent_id: reception,
      trunk_id: twilioTrunk,
      livekit_phone_number_id: null,
      twilio_account_sid: 'AC0123456789abcdef0123456789abcdef',
      secrets: { twilio: twilioSecret },
      created_at: at(60),
    },
    {
      e164: '+14155550142',
      source: 'livekit',
      capabilities: ['inbound'],
      label: 'Support line',
      agent_id: support,
      trunk_id: null,
      livekit_phone_number_id: 'PN_x7Kq2Lm9Zt4B',
      created_at: at(50),
    },
    {
      e164: '+442071838750',
      source: 'byoc',
      capabilities: ['inbound', 'outbound'],
      label: 'London SIP',
      agent_id: null,
      trunk_id: 'trunk_01kax79b80fb486sf0nz6wgc0h',
      livekit_phone_number_id: null,
      outbound_trunk: {
        address: 'sip.carrier.example.net:5061',
        transport: 'tls',
        media_encryption: 'required',
        headers: { 'X-Customer': 'acme' },
        enabled_codecs: ['PCMU/8000', 'PCMA/8000'],
        has_auth_credentials: true,
        username: 'acme-trunk',
      },
      inbound_trunk: {
        allowed_addresses: ['203.0.113.0/24'],
        allowed_numbers: null,
        media_encryption: 'allowed',
        remote_domains: null,
        has_auth_credentials: false,
        username: null,
      },
      secrets: { outbound_password: seal('demo-trunk-password') },
      created_at: at(40),
    },
    {
      e164: '+16465550123',
      source: 'twilio_purchased',
      capabilities: ['inbound', 'outbound'],
      label: 'Bookings',
      agent_id: reception,
      trunk_id: null,
      livekit_phone_number_id: null,
      created_at: at(30),
    },
    {
      e164: '+13125550199',
      source: 'verified_caller_id',
      capabilities: ['outbound'],
      label: 'Sales caller ID',
      agent_id: null,
      trunk_id: twilioTrunk,
      livekit_phone_number_id: null,
      twilio_account_sid: 'AC0123456789abcdef0123456789abcdef',
      created_at: at(20),
    },
    {
      e164: '+919876543210',
      source: 'exotel',
      capabilities: ['inbound', 'outbound'],
      label: 'Mumbai office',
      agent_id: null,
      trunk_id: null,
      livekit_phone_number_id: null,
      created_at: at(10),
    },
  ];
  for (const n of numbers) {
    const result = await store.createPhoneNumber(ws, n);
    if (!result.ok) throw new Error(`seeding ${n.e164} failed: ${result.error}`);
  }
  return true;
}
