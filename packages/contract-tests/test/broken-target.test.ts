import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { type CheckName, type CheckReport, Contract } from '../src/checks.ts';
import { sendAndCheck, sendAndCheckError } from '../src/http.ts';
import { serveDuringTests } from './fixture-servers.ts';

// Proof that the checks can fail: each server below breaks the contract in exactly one way, and the
// matching check must report it. A well-behaved server answering the same requests passes every check.

const contract = new Contract();
const REQUEST_ID = 'req_01jt9b4kqz8w6v3m2n1p0r7s5t';
const PHONE = {
  id: 'phone_01kjqh7vm8fg9vjw2pv29p5pjw',
  e164: '+12025551234',
  source: 'twilio',
  capabilities: ['inbound', 'outbound'],
  created_at: '2026-03-02T15:04:05Z',
  updated_at: '2026-03-09T10:11:12Z',
  label: 'Front desk',
  trunk_id: null,
  agent_id: null,
  livekit_phone_number_id: null,
};
const AGENTS_ERROR = (code: string) => ({
  error: { code, message: `${code} happened` },
  request_id: REQUEST_ID,
});

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': REQUEST_ID, ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

/** A server that keeps to the contract for the few requests these tests send. */
const conformant: Handler = (req, body, res) => {
  if (req.method === 'POST') {
    try {
      JSON.parse(body);
    } catch {
      return reply(res, 400, AGENTS_ERROR('bad_request'));
    }
    return reply(res, 201, PHONE);
  }
  if (req.url?.startsWith('/v1/agents/phone-numbers/phone_')) return reply(res, 200, PHONE);
  if (req.url?.startsWith('/v1/agents/phone-numbers/'))
    return reply(res, 404, AGENTS_ERROR('phone_number_not_found'));
  return reply(res, 200, { numbers: [PHONE], next_cursor: null, has_more: false });
};

const servers: Record<string, Handler> = {
  conformant,
  undocumentedStatus: (_req, _body, res) => reply(res, 418, AGENTS_ERROR('bad_request')),
  missingRequiredProperty: (_req, _body, res) => {
    const { e164: _omitted, ...rest } = PHONE;
    reply(res, 200, rest);
  },
  wrongErrorShape: (_req, _body, res) =>
    reply(res, 404, { detail: [{ loc: ['path', 'id'], msg: 'Phone number not found.', type: 'not_found' }] }),
  hangsOnMalformedJson: (req, body, res) => {
    if (req.method !== 'POST') return conformant(req, body, res);
    try {
      JSON.parse(body);
    } catch {
      return; // never answers
    }
    reply(res, 201, PHONE);
  },
  noRequestId: (req, body, res) => {
    const original = res.writeHead.bind(res);
    res.writeHead = ((status: number, headers: Record<string, string>) => {
      const { 'x-request-id': _dropped, ...rest } = headers;
      return original(status, rest);
    }) as typeof res.writeHead;
    conformant(req, body, res);
  },
  wrongContentType: (_req, _body, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'x-request-id': REQUEST_ID });
    res.end('<h1>ok</h1>');
  },
  serverError: (_req, _body, res) => reply(res, 500, AGENTS_ERROR('internal_error')),
};

/** A server that reads the whole body, then lets the handler answer. */
function serverOf(handler: Handler): () => Server {
  return () =>
    createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => handler(req, body, res));
    });
}

const urls = serveDuringTests(
  Object.fromEntries(Object.entries(servers).map(([name, handler]) => [name, serverOf(handler)])),
);

const url = (name: string) => urls[name] as string;
const auth = { authorization: 'Bearer sk_contract_tests' };
const getPhone = { method: 'GET', path: `/v1/agents/phone-numbers/${PHONE.id}`, headers: auth };
const list = { method: 'GET', path: '/v1/agents/phone-numbers', headers: auth };
const malformedImport = {
  method: 'POST',
  path: '/v1/agents/phone-numbers',
  headers: { ...auth, 'content-type': 'application/json' },
  body: '{"source": "livekit",',
};

const failedChecks = (report: CheckReport): CheckName[] => report.failures.map((f) => f.check);

describe('checks against deliberately broken servers', () => {
  it('pass against a server that keeps to the contract (the control)', async () => {
    const reports = [
      await sendAndCheck(contract, url('conformant'), 'agentsGetPhoneNumber', getPhone),
      await sendAndCheck(contract, url('conformant'), 'agentsListPhoneNumbers', list),
      await sendAndCheckError(contract, url('conformant'), 'agentsImportPhoneNumber', malformedImport, {
        status: 400,
        codes: ['bad_request'],
      }),
      await sendAndCheckError(
        contract,
        url('conformant'),
        'agentsGetPhoneNumber',
        { ...getPhone, path: '/v1/agents/phone-numbers/3f2c1b8e-6d4a-4f9e-8b7c-2a1d0e9f8c7b' },
        { status: 404, codes: ['phone_number_not_found'] },
      ),
    ];
    expect(reports.flatMap((r) => r.failures)).toEqual([]);
  });

  it('status_code_conformance fails on a status the spec does not document (418)', async () => {
    const report = await sendAndCheck(contract, url('undocumentedStatus'), 'agentsGetPhoneNumber', getPhone);
    expect(report.ok).toBe(false);
    expect(report.failures[0]).toMatchObject({ check: 'status_code_conformance', path: 'status' });
  });

  it('response_schema_conformance fails on a body missing a required property, naming it', async () => {
    const report = await sendAndCheck(
      contract,
      url('missingRequiredProperty'),
      'agentsGetPhoneNumber',
      getPhone,
    );
    expect(failedChecks(report)).toEqual(['response_schema_conformance']);
    expect(report.failures[0]?.message).toContain('e164');
  });

  it('response_schema_conformance fails on an error in the other surface’s shape', async () => {
    const report = await sendAndCheck(contract, url('wrongErrorShape'), 'agentsGetPhoneNumber', getPhone);
    expect(failedChecks(report)).toContain('response_schema_conformance');
  });

  it('expected_error fails when the error code is not the documented one', async () => {
    const report = await sendAndCheckError(
      contract,
      url('undocumentedStatus'),
      'agentsImportPhoneNumber',
      malformedImport,
      { status: 400, codes: ['bad_request'] },
    );
    expect(failedChecks(report)).toEqual(['status_code_conformance', 'expected_error']);
  });

  it('response_time fails when malformed JSON gets no answer within the limit', async () => {
    const started = performance.now();
    const report = await sendAndCheckError(
      contract,
      url('hangsOnMalformedJson'),
      'agentsImportPhoneNumber',
      malformedImport,
      { status: 400, codes: ['bad_request'] },
      500,
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(report.status).toBeUndefined();
    expect(report.failures).toEqual([expect.objectContaining({ check: 'response_time', path: 'status' })]);
  });

  it('response_headers_conformance fails without X-Request-Id', async () => {
    const report = await sendAndCheck(contract, url('noRequestId'), 'agentsGetPhoneNumber', getPhone);
    expect(report.failures).toEqual([
      expect.objectContaining({ check: 'response_headers_conformance', path: 'header:X-Request-Id' }),
    ]);
  });

  it('content_type_conformance fails on an undocumented media type', async () => {
    const report = await sendAndCheck(contract, url('wrongContentType'), 'agentsGetPhoneNumber', getPhone);
    expect(failedChecks(report)).toEqual(['content_type_conformance']);
  });

  it('not_a_server_error fails on a 5xx even when the spec documents it', async () => {
    const report = await sendAndCheck(contract, url('serverError'), 'agentsGetPhoneNumber', getPhone);
    expect(failedChecks(report)).toEqual(['not_a_server_error']);
  });
});
