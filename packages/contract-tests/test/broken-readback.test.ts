import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createRequestValidator } from '@phone-api/server';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Contract } from '../src/checks.ts';
import { sourceProviderMapping } from '../src/mapping.ts';
import { bodyMutants } from '../src/mutations.ts';
import { createRoundTrip, mutantFailures, remove, type Session } from '../src/readback.ts';
import { acceptedBodyArbitrary } from '../src/requests.ts';
import { formatMismatches } from '../src/roundtrip.ts';
import { jsonRequestSchema, type OpenApiDocument } from '../src/spec.ts';
import { serveDuringTests } from './fixture-servers.ts';

// Proof that the round-trip check can fail: tiny in-memory targets of the convai create and the two reads,
// each wrong in one way, and a control that is right. They validate requests with the real validator
// (`@phone-api/server`) over the spec they claim; what they store is where they differ.

const current = new Contract();
const mapping = sourceProviderMapping(current.doc);

/** The spec as it was before issue 14: the convai create body an `anyOf` of three open bodies, no verdict. */
function preFixSpec(doc: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(doc);
  const schemas = copy.components?.schemas as Record<string, Record<string, unknown>>;
  const create = schemas.CreatePhoneNumberRequest as Record<string, unknown>;
  delete create.if;
  delete create.then;
  delete create.else;
  return copy;
}
const preFix = new Contract(preFixSpec(current.doc));

type Body = Record<string, unknown>;
type Stored = {
  provider: string;
  phone_number: string;
  label: string;
  agent_id: string | null;
  caps: string[];
  inbound: Body | null;
  outbound: Body | null;
};

/** The reference server's provider inference before issue 14: a second guess beside the validator's. */
function oldInferProvider(b: Body): string {
  if (typeof b.provider === 'string') return b.provider;
  if (b.sid !== undefined && b.token !== undefined) return 'twilio';
  if (b.account_sid && b.api_key && b.api_token && b.api_subdomain && b.app_id) return 'exotel';
  return 'sip_trunk';
}

/** How each target decides what it stores for an accepted create. */
const TARGETS = {
  // Right: the provider is the spec's verdict (the validator's `variant`), every field kept.
  conformant: { spec: current.doc, store: (b: Body, variant?: Body) => stored(b, String(variant?.provider)) },
  // The defect of issue 14: the pre-fix spec's validation, and the provider guessed a second time.
  guessesProvider: { spec: preFix.doc, store: (b: Body) => stored(b, oldInferProvider(b)) },
  // Drops a field on the way to storage: the label reads back empty.
  dropsLabel: {
    spec: current.doc,
    store: (b: Body, variant?: Body) => ({ ...stored(b, String(variant?.provider)), label: '' }),
  },
  // Refuses an invalid create as documented, but stores it first: the list reads back a new number.
  storesRefused: {
    spec: current.doc,
    store: (b: Body) => stored(b, oldInferProvider(b)),
    onRefusal: 'store',
  },
  // Refuses an invalid create with 422, but names only the body, never the field.
  vagueErrors: {
    spec: current.doc,
    store: (b: Body, v?: Body) => stored(b, String(v?.provider)),
    onRefusal: 'vague',
  },
} as const satisfies Record<
  string,
  { spec: object; store: (b: Body, variant?: Body) => Stored; onRefusal?: 'store' | 'vague' }
>;

function stored(b: Body, provider: string): Stored {
  return {
    provider,
    phone_number: String(b.phone_number),
    label: String(b.label),
    agent_id: typeof b.agent_id === 'string' ? b.agent_id : null,
    caps: [
      ...(b.supports_inbound === false ? [] : ['inbound']),
      ...(b.supports_outbound === false ? [] : ['outbound']),
    ],
    inbound: trunk(b.inbound_trunk_config, {
      allowed_addresses: [],
      allowed_numbers: null,
      remote_domains: null,
    }),
    outbound: trunk(b.outbound_trunk_config, { transport: 'auto' }),
  };
}

/** A trunk config as the convai surface shows it: defaults filled, credentials as username and a flag. */
function trunk(config: unknown, defaults: Body): Body | null {
  if (config === null || config === undefined) return null;
  const { credentials, ...rest } = config as Body & { credentials?: { username?: string } | null };
  const set = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null));
  return {
    media_encryption: 'allowed',
    ...defaults,
    ...set,
    has_auth_credentials: credentials !== null && credentials !== undefined,
    username: credentials?.username ?? null,
  };
}

const SOURCE: Record<string, string> = { twilio: 'twilio', exotel: 'exotel', sip_trunk: 'byoc' };
const STAMP = '2026-03-02T15:04:05Z';

function views(id: string, n: Stored) {
  const assigned = n.agent_id === null ? null : { agent_id: n.agent_id, agent_name: 'Agent' };
  const common = {
    provider: n.provider,
    phone_number: n.phone_number,
    label: n.label,
    supports_inbound: n.caps.includes('inbound'),
    supports_outbound: n.caps.includes('outbound'),
    phone_number_id: id,
    assigned_agent: assigned,
  };
  return {
    convai:
      n.provider === 'sip_trunk'
        ? {
            ...common,
            livekit_stack: 'standard',
            store_sip_messages: true,
            inbound_trunk: n.inbound,
            outbound_trunk: n.outbound,
          }
        : common,
    agents: {
      id,
      e164: n.phone_number,
      source: SOURCE[n.provider],
      capabilities: n.caps,
      created_at: STAMP,
      updated_at: STAMP,
      label: n.label,
      trunk_id: null,
      agent_id: n.agent_id,
      livekit_phone_number_id: null,
    },
  };
}

function phoneId(): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  return `phone_0${[...randomBytes(25)].map((b) => alphabet[b % 32]).join('')}`;
}

function target(kind: keyof typeof TARGETS): Server {
  const { spec, store } = TARGETS[kind];
  const validate = createRequestValidator(spec);
  const numbers = new Map<string, Stored>();
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req_fixture0001' });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      };
      const raw = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      const checked = validate(raw, 'req_fixture0001');
      const onRefusal = 'onRefusal' in TARGETS[kind] ? TARGETS[kind].onRefusal : undefined;
      // A few are enough to show; more would pass the list's documented maximum of 100 items.
      if (!checked.ok && onRefusal === 'store' && req.method === 'POST' && numbers.size < 10) {
        numbers.set(phoneId(), stored({ phone_number: '+12025550100', label: 'stored anyway' }, 'sip_trunk'));
      }
      if (!checked.ok && onRefusal === 'vague') {
        return reply(422, { detail: [{ loc: ['body'], msg: 'Invalid body.', type: 'value_error' }] });
      }
      if (!checked.ok) return reply(checked.reply.status, checked.reply.body);
      const { operationId, params, body, variant } = checked.request;
      const id = params.phone_number_id ?? params.id ?? '';
      const number = numbers.get(id);
      if (operationId === 'convaiCreatePhoneNumber') {
        const newId = phoneId();
        numbers.set(newId, store(body as Body, variant as Body | undefined));
        return reply(200, { phone_number_id: newId });
      }
      if (operationId === 'convaiListPhoneNumbers') {
        return reply(
          200,
          [...numbers].map(([n, stored]) => views(n, stored).convai),
        );
      }
      if (!number)
        return reply(404, {
          detail: [{ loc: ['path', 'phone_number_id'], msg: 'Not found.', type: 'not_found' }],
        });
      if (operationId === 'convaiGetPhoneNumber') return reply(200, views(id, number).convai);
      if (operationId === 'agentsGetPhoneNumber') return reply(200, views(id, number).agents);
      if (operationId === 'agentsDeletePhoneNumber') {
        numbers.delete(id);
        return reply(204);
      }
      reply(500, {
        error: { code: 'internal_error', message: 'not in this fixture' },
        request_id: 'req_fixture0001',
      });
    });
  });
}

const sessions = serveDuringTests(
  Object.fromEntries(
    Object.keys(TARGETS).map((kind) => [kind, () => target(kind as keyof typeof TARGETS)]),
  ) as Record<keyof typeof TARGETS, () => Server>,
);

const KEYS = { agentsApiKey: 'sk_contract_tests', convaiApiKey: 'xi_contract_tests' };
const session = (kind: keyof typeof TARGETS, contract: Contract): Session => ({
  contract,
  baseUrl: sessions[kind],
  keys: KEYS,
});
const TOKEN = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const BASE = { phone_number: '+12025557574', label: 'x' };

describe('the round-trip check against deliberately broken targets', () => {
  it.each([
    ['a SIP trunk', BASE],
    ['a Twilio body without provider', { ...BASE, sid: 'AC0123456789abcdef0123456789abcdef', token: TOKEN }],
  ])('passes the control: %s reads back as sent', async (_name, body) => {
    const result = await createRoundTrip(session('conformant', current), mapping, 'convai', body);
    expect(result).toMatchObject({ refused: false, mismatches: [] });
  });

  // The bodies, which the pre-fix spec accepts only as SIP-trunk bodies.
  it.each([
    ['sid: "not-a-sid"', { ...BASE, sid: 'not-a-sid', token: TOKEN }],
    ['sid: null', { ...BASE, sid: null, token: TOKEN }],
    ['sid: false', { ...BASE, sid: false, token: TOKEN }],
    ['token: null', { ...BASE, sid: 'AC0123456789abcdef0123456789abcdef', token: null }],
  ])(
    'catches the old provider guess on %s: the number reads back as Twilio, not the SIP trunk the spec accepted',
    async (_name, body) => {
      const result = await createRoundTrip(session('guessesProvider', preFix), mapping, 'convai', body);
      if (result.refused) throw new Error('the broken target refused the body');
      expect(result.mismatches.map((m) => [m.surface, m.field, m.want, m.got])).toEqual([
        ['agents', 'source', 'byoc', 'twilio'],
        ['convai', 'provider', 'sip_trunk', 'twilio'],
      ]);
    },
  );

  it('finds the old provider guess from generated bodies alone (pre-fix spec), and not under the fixed spec', async () => {
    const property = (kind: keyof typeof TARGETS, contract: Contract) =>
      fc.asyncProperty(
        acceptedBodyArbitrary(contract, contract.operation('convaiCreatePhoneNumber'), (r) =>
          contract.resolveSchema(r),
        ),
        async (body) => {
          const result = await createRoundTrip(session(kind, contract), mapping, 'convai', body as Body);
          if (!result.refused) await remove(session(kind, contract), result.id);
          if (!result.refused && result.mismatches.length > 0)
            throw new Error(`read back other than sent: ${formatMismatches(result.mismatches)}`);
        },
      );
    const broken = await fc.check(property('guessesProvider', preFix), { seed: 14, numRuns: 200 });
    // Under the pre-fix spec a generated body either has no single reading (Twilio and SIP trunk both
    // match: any target must guess) or reads back as another provider than the one it matched.
    expect(broken.failed).toBe(true);
    expect(String(broken.errorInstance)).toMatch(/no single body|read back other than sent/);
    const fixed = await fc.check(property('conformant', current), { seed: 14, numRuns: 200 });
    expect(fixed.failed, String(fixed.errorInstance) + JSON.stringify(fixed.counterexample)).toBe(false);
  });

  it('catches a field dropped on the way to storage', async () => {
    const result = await createRoundTrip(session('dropsLabel', current), mapping, 'convai', BASE);
    if (result.refused) throw new Error('the broken target refused the body');
    expect(result.mismatches.map((m) => [m.surface, m.field])).toEqual([
      ['agents', 'label'],
      ['convai', 'label'],
    ]);
  });
});

describe('the mutation check against deliberately broken targets', () => {
  const mutants = bodyMutants(
    current,
    jsonRequestSchema(current.operation('convaiCreatePhoneNumber')) ?? {},
    14,
  );
  const failuresOf = (kind: keyof typeof TARGETS) =>
    mutantFailures(
      session(kind, current),
      'convaiCreatePhoneNumber',
      mutants,
      { status: 422 },
      { stateful: true },
    );

  it('passes the control: every mutant refused, naming the field, nothing stored', async () => {
    expect(mutants.length).toBeGreaterThan(50);
    expect(await failuresOf('conformant')).toEqual([]);
  });

  it.each([
    [
      'accepts a mutation (the pre-fix spec let sid: null through, stored as Twilio)',
      'guessesProvider',
      /got 200[\s\S]*mutant: null at sid:/,
    ],
    [
      'changes state on a refused request (stores it, then answers 422)',
      'storesRefused',
      /changed what reads back/,
    ],
    ['answers 422 without naming the field', 'vagueErrors', /error does not name phone_number/],
  ] as const)('fails against a target that %s', async (_name, kind, want) => {
    const failures = await failuresOf(kind);
    expect(failures.join('\n')).toMatch(want);
  });
});
