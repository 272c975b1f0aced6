import { describe, expect, it } from 'vitest';
import { Contract, checkError, checkResponse, namesField, type ObservedResponse } from '../src/checks.ts';
import { resolvePointer } from '../src/spec.ts';

const contract = new Contract();
const headers = (extra: Record<string, string> = {}) =>
  new Headers({
    'content-type': 'application/json',
    'x-request-id': 'req_01jt9b4kqz8w6v3m2n1p0r7s5t',
    ...extra,
  });
const json = (status: number, body: unknown, extra?: Record<string, string>): ObservedResponse => ({
  status,
  headers: headers(extra),
  body: JSON.stringify(body),
});

/** Every named response example of the spec, with the operation and status it documents. */
function responseExamples(): [string, string, string, unknown][] {
  const out: [string, string, string, unknown][] = [];
  for (const [path, item] of Object.entries(contract.doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const operation = op as { operationId?: string; responses?: Record<string, unknown> };
      if (!operation.operationId) continue;
      for (const [status, raw] of Object.entries(operation.responses ?? {})) {
        const ref = (raw as { $ref?: string }).$ref;
        const response = (ref ? resolvePointer(contract.doc, ref) : raw) as {
          content?: Record<string, { examples?: Record<string, { $ref?: string; value?: unknown }> }>;
        };
        for (const [name, example] of Object.entries(
          response.content?.['application/json']?.examples ?? {},
        )) {
          const value = example.$ref
            ? (resolvePointer(contract.doc, example.$ref) as { value: unknown }).value
            : example.value;
          out.push([
            `${method.toUpperCase()} ${path} ${status} ${name}`,
            operation.operationId,
            status,
            value,
          ]);
        }
      }
    }
  }
  return out;
}

describe('checkResponse', () => {
  it.each(responseExamples())('accepts the spec example %s', (_name, operationId, status, value) => {
    // 429 and 503 require Retry-After.
    const extra: Record<string, string> = status === '429' || status === '503' ? { 'retry-after': '30' } : {};
    const report = checkResponse(contract, operationId, json(Number(status), value, extra));
    // A documented 5xx is still a failure of the target: Schemathesis' not_a_server_error, and nothing else.
    const want = status.startsWith('5') ? ['not_a_server_error'] : [];
    expect(report.failures.map((f) => f.check)).toEqual(want);
  });

  it('reports the first failing path of a body that breaks the discriminated union', () => {
    const report = checkResponse(
      contract,
      'convaiGetPhoneNumber',
      json(200, {
        provider: 'sip_trunk',
        phone_number: '+12025551234',
        label: '',
        phone_number_id: 'phone_01kjqh7vm8fg9vjw2pv29p5pjw',
      }),
    );
    expect(report.failures).toEqual([
      expect.objectContaining({ check: 'response_schema_conformance', path: '/' }),
    ]);
    expect(report.failures[0]?.message).toContain('livekit_stack');
  });

  it('rejects a non-object body for a discriminated union (ajv alone would let it through)', () => {
    for (const body of ['a string', [], 42]) {
      const report = checkResponse(contract, 'convaiGetPhoneNumber', json(200, body));
      expect(report.failures.map((f) => f.check)).toEqual(['response_schema_conformance']);
    }
  });

  it('rejects a variant whose tag does not match its shape (discriminator honoured)', () => {
    const report = checkResponse(
      contract,
      'agentsGetPhoneNumber',
      json(200, {
        id: 'phone_01kjqh7vm8fg9vjw2pv29p5pjw',
        e164: '+14155550142',
        source: 'livekit',
        capabilities: ['inbound', 'outbound'],
        created_at: '2026-02-11T09:30:00Z',
        updated_at: '2026-02-11T09:30:00Z',
        label: '',
        trunk_id: null,
        agent_id: null,
        livekit_phone_number_id: null,
      }),
    );
    expect(report.ok).toBe(false);
    expect(report.failures[0]?.check).toBe('response_schema_conformance');
  });

  it('requires Retry-After on 429 and checks it is an integer of seconds', () => {
    const body = {
      error: { code: 'rate_limited', message: 'slow down' },
      request_id: 'req_01jt9b4kqz8w6v3m2n1p0r7s5t',
    };
    expect(checkResponse(contract, 'agentsListPhoneNumbers', json(429, body)).failures[0]).toMatchObject({
      check: 'response_headers_conformance',
      path: 'header:Retry-After',
    });
    expect(
      checkResponse(contract, 'agentsListPhoneNumbers', json(429, body, { 'retry-after': 'soon' }))
        .failures[0],
    ).toMatchObject({ check: 'response_headers_conformance', path: 'header:Retry-After' });
  });

  it('rejects a malformed X-Request-Id and a request_id that does not echo it', () => {
    const body = {
      error: { code: 'unauthorized', message: 'no' },
      request_id: 'req_01jt9b4kqz8w6v3m2n1p0r7s5t',
    };
    expect(
      checkResponse(
        contract,
        'agentsListPhoneNumbers',
        json(401, body, { 'x-request-id': 'abc' }),
      ).failures.map((f) => f.check),
    ).toEqual(['response_headers_conformance', 'request_id_echo']);
  });

  it('rejects a body on a status that documents none (204)', () => {
    const report = checkResponse(contract, 'agentsDeletePhoneNumber', json(204, {}));
    expect(report.failures.map((f) => f.check)).toEqual(['content_type_conformance']);
  });

  it('reports a body that is not JSON', () => {
    const report = checkResponse(contract, 'agentsListPhoneNumbers', {
      status: 200,
      headers: headers(),
      body: '{',
    });
    expect(report.failures[0]).toMatchObject({ check: 'response_schema_conformance', path: '/' });
  });
});

describe('checkError', () => {
  const notFound = {
    error: { code: 'phone_number_not_found', message: 'No such number.' },
    request_id: 'req_01jt9b4kqz8w6v3m2n1p0r7s5t',
  };

  it('passes a documented error with the expected status and code', () => {
    expect(
      checkError(contract, 'agentsGetPhoneNumber', json(404, notFound), {
        status: 404,
        codes: ['phone_number_not_found'],
      }).ok,
    ).toBe(true);
  });

  it('fails on the wrong code, and on an error that does not name the field', () => {
    expect(
      checkError(contract, 'agentsGetPhoneNumber', json(404, notFound), { status: 404, codes: ['not_found'] })
        .failures,
    ).toEqual([expect.objectContaining({ check: 'expected_error', path: '/error/code' })]);
    const validation = {
      detail: [{ loc: ['body', 'phone_number'], msg: 'Field required', type: 'missing' }],
    };
    expect(
      checkError(contract, 'convaiCreatePhoneNumber', json(422, validation), {
        status: 422,
        fields: ['label'],
      }).failures,
    ).toEqual([expect.objectContaining({ check: 'expected_error', path: '/detail' })]);
    expect(
      checkError(contract, 'convaiCreatePhoneNumber', json(422, validation), {
        status: 422,
        fields: ['phone_number'],
      }).ok,
    ).toBe(true);
  });

  it.each([
    ['e164', 'e164', true],
    ['body.e164', 'e164', true],
    ['twilio.account_sid', 'twilio', true],
    ['capabilities[0]', 'capabilities', true],
    ['idempotency-key', 'Idempotency-Key', true],
    ['e1640', 'e164', false],
    ['label', 'e164', false],
  ] as const)('namesField(%s, %s) is %s', (path, field, want) => {
    expect(namesField(path, field)).toBe(want);
  });
});
