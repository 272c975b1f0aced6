import { describe, expect, it } from 'vitest';
import { compileSpec } from '../src/compile.ts';
import {
  createRequestValidator,
  createResponseValidator,
  ERRORS,
  type ErrorDetailsArg,
  type ErrorMeaning,
  errorReply,
  type Surface,
} from '../src/index.ts';
import { AGENTS_KEY, CONVAI_KEY, LEGACY_UUID, spec } from './support.ts';

const REQUEST_ID = 'req_catalogue0001';

/**
 * The details each meaning is exercised with. Typed per meaning, so a new entry without a row here (or a
 * row missing the parameters its wording needs) does not compile.
 */
const SAMPLES: { [M in ErrorMeaning]: ErrorDetailsArg<M>[] } = {
  route_not_found: [[]],
  phone_number_not_found: [[], [{ loc: ['path', 'phone_number_id'] }]],
  agent_not_found: [[]],
  unauthorized: [[]],
  validation_failed: [
    [],
    [
      {
        fields: { label: 'must be a string', '': 'request body is required' },
        issues: [
          { loc: ['body', 'label'], msg: 'Input should be a valid string', type: 'string_type' },
          { loc: ['query', 'limit'], msg: 'Input should be a valid integer', type: 'int_type' },
        ],
      },
    ],
  ],
  invalid_cursor: [[]],
  verified_caller_id_without_account: [[]],
  malformed_json: [[{ params: { reason: 'Unexpected end of JSON input', position: 12 } }]],
  phone_number_conflict: [[]],
  idempotency_key_reused: [[]],
  payload_too_large: [[{ params: { limit: '64 KiB' } }]],
  unsupported_media_type: [[]],
  not_bindable: [[]],
  not_sip_trunk: [[], [{ loc: ['body', 'livekit_stack'] }]],
  internal: [[]],
  rate_limited: [[]],
  unavailable: [[]],
  not_implemented: [[{ params: { operationId: 'agentsGetPhoneNumber' } }]],
};

const operations = [...compileSpec(spec).model.operations.values()];
const checkResponse = createResponseValidator(spec);

/** Every (meaning, surface, details) the catalogue can produce. */
const cases = (Object.keys(ERRORS) as ErrorMeaning[]).flatMap((meaning) =>
  (['agents', 'convai'] as const)
    .filter((surface) => surface in ERRORS[meaning])
    .flatMap((surface) =>
      (SAMPLES[meaning] as unknown[][]).map(
        (args, i) => [`${meaning} on ${surface} #${i}`, { meaning, surface, args }] as const,
      ),
    ),
);

function reply(meaning: ErrorMeaning, surface: Surface, args: unknown[]) {
  const build = errorReply as (
    m: ErrorMeaning,
    s: Surface,
    id: string,
    ...rest: unknown[]
  ) => ReturnType<typeof errorReply>;
  return build(meaning, surface, REQUEST_ID, ...args);
}

describe('the error catalogue', () => {
  it.each(cases)(
    '%s answers a body every operation documenting its status accepts',
    (_name, { meaning, surface, args }) => {
      const got = reply(meaning, surface, args);
      const documenting = operations.filter((op) => op.surface === surface && op.responses.has(got.status));
      // An entry whose status no operation of its surface documents could never be sent in contract.
      expect(
        documenting.map((op) => op.operationId),
        `${surface} operations documenting ${got.status}`,
      ).not.toEqual([]);
      expect(got.headers).toEqual({ 'X-Request-Id': REQUEST_ID });
      // A 429's or 503's Retry-After is its sender's to choose (a mock's injected one says 1 s unless told otherwise).
      if (meaning === 'rate_limited' || meaning === 'unavailable') got.headers['Retry-After'] = '1';
      for (const op of documenting) expect(checkResponse(op.operationId, got)).toBeNull();
    },
  );

  it.each(cases)('%s carries the entry status and code or type', (_name, { meaning, surface, args }) => {
    const entry = ERRORS[meaning] as Record<Surface, { status: number; code?: string; type?: string }>;
    const got = reply(meaning, surface, args) as { status: number; body: Record<string, never> };
    expect(got.status).toBe(entry[surface].status);
    if (surface === 'agents') {
      expect(got.body).toMatchObject({ error: { code: entry.agents.code }, request_id: REQUEST_ID });
    } else if (!(args[0] as { issues?: unknown } | undefined)?.issues) {
      expect(got.body).toMatchObject({ detail: [{ type: entry.convai.type }] });
    }
  });

  it('produces every agents ErrorCode the spec lists', () => {
    const listed = (spec.components as { schemas: { ErrorCode: { enum: string[] } } }).schemas.ErrorCode.enum;
    const produced = new Set<string>(
      Object.values(ERRORS).flatMap((entry) => ('agents' in entry ? [entry.agents.code] : [])),
    );
    expect(listed.filter((code) => !produced.has(code))).toEqual([]);
  });
});

describe('the request validator answers from the catalogue', () => {
  const validate = createRequestValidator(spec);
  const agents = { authorization: `Bearer ${AGENTS_KEY}` };
  const convai = { 'xi-api-key': CONVAI_KEY };

  it.each([
    [
      'an agents id not of the phone_ form, as a missing number',
      { method: 'GET', url: `/v1/agents/phone-numbers/${LEGACY_UUID}`, headers: agents },
      errorReply('phone_number_not_found', 'agents', REQUEST_ID),
    ],
    [
      'a convai id not of the phone_ form, as a missing number',
      { method: 'DELETE', url: `/v1/convai/phone-numbers/${LEGACY_UUID}`, headers: convai },
      errorReply('phone_number_not_found', 'convai', REQUEST_ID),
    ],
    [
      'an unknown route',
      { method: 'GET', url: '/v1/convai/nothing-here', headers: convai },
      errorReply('route_not_found', 'convai', REQUEST_ID),
    ],
    [
      'missing credentials',
      { method: 'GET', url: '/v1/agents/phone-numbers', headers: {} },
      errorReply('unauthorized', 'agents', REQUEST_ID),
    ],
    [
      'a body that is not JSON',
      {
        method: 'POST',
        url: '/v1/agents/phone-numbers',
        headers: { ...agents, 'content-type': 'application/json' },
        body: Buffer.from('{"e164":'),
      },
      errorReply('malformed_json', 'agents', REQUEST_ID, {
        params: { reason: 'Unexpected end of JSON input', position: 8 },
      }),
    ],
  ])('%s', (_name, given, want) => {
    const result = validate({ body: undefined, ...given }, REQUEST_ID);
    expect(result.ok).toBe(false);
    expect(result.ok ? undefined : result.reply).toEqual(want);
  });
});
