import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../src/body.ts';
import { shapeError } from '../src/errors.ts';
import { dropFraming } from '../src/headers.ts';
import { createResponseValidator, newRequestId, readBody, surfaceOf } from '../src/index.ts';
import { KNOWN_ID, phoneNumber, REQUEST_ID, spec } from './support.ts';

describe('surfaceOf', () => {
  it.each([
    ['/v1/agents/phone-numbers', 'agents'],
    ['/v1/agents', 'agents'],
    ['/v1/convai/phone-numbers/x', 'convai'],
    ['/v1/convai?x=1', 'convai'],
    ['/v1/agentsx/phone-numbers', undefined],
    ['/v2/agents', undefined],
    ['/', undefined],
  ] as const)('%s -> %s', (path, want) => {
    expect(surfaceOf(path)).toBe(want);
  });
});

describe('newRequestId', () => {
  it('matches the spec pattern and differs every time', () => {
    const ids = Array.from({ length: 1000 }, newRequestId);
    for (const id of ids) expect(id).toMatch(REQUEST_ID);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('dropFraming', () => {
  it('drops every framing header in any case and keeps every other, lookalikes included', () => {
    const framing = ['Content-Length', 'content-type', 'TRANSFER-ENCODING', 'Connection', 'cOnNeCtIoN'];
    const kept = [
      'X-Request-Id',
      'Content-Md5',
      'Content-Lengths',
      'Trailer',
      'Transfer-Encodings',
      'Cache-Control',
    ];
    const headers: Record<string, string> = {};
    for (const name of [...framing, ...kept]) headers[name] = 'x';
    dropFraming(headers);
    expect(Object.keys(headers)).toEqual(kept);
  });

  it('lets a reply through untouched when it has no framing header', () => {
    const headers = { 'X-Request-Id': 'req_abcdefgh', Deprecation: '@1', 'Retry-After': '1' };
    dropFraming(headers);
    expect(headers).toEqual({ 'X-Request-Id': 'req_abcdefgh', Deprecation: '@1', 'Retry-After': '1' });
  });
});

describe('shapeError (the bounded body under errorReply)', () => {
  it('builds the agents envelope with fields and the request id', () => {
    const reply = shapeError('agents', 400, 'validation_failed', 'bad', 'req_abcdefgh', {
      fields: { a: 'a is required' },
    });
    expect(reply).toEqual({
      status: 400,
      headers: { 'X-Request-Id': 'req_abcdefgh' },
      body: {
        error: { code: 'validation_failed', message: 'bad', fields: { a: 'a is required' } },
        request_id: 'req_abcdefgh',
      },
    });
  });

  it('builds the convai detail list with loc', () => {
    const reply = shapeError('convai', 422, 'missing', 'Field required', 'req_abcdefgh', {
      loc: ['body', 'x', 0],
    });
    expect(reply.body).toEqual({
      detail: [{ loc: ['body', 'x', 0], msg: 'Field required', type: 'missing' }],
    });
  });

  it('keeps user-controlled text inside the schema limits (no control characters, bounded length)', () => {
    const validate = createResponseValidator(spec);
    const nasty = `line\nbreak\u0000${'x'.repeat(5000)}`;
    const fields = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`f${i}`, nasty]));
    const agents = shapeError('agents', 400, 'validation_failed', nasty, 'req_abcdefgh', { fields });
    expect(validate('agentsUpdatePhoneNumber', agents)).toBeNull();
    const convai = shapeError('convai', 422, 'value_error', nasty, 'req_abcdefgh', { loc: ['body', nasty] });
    expect(validate('convaiUpdatePhoneNumber', convai)).toBeNull();
  });
});

describe('createResponseValidator', () => {
  const validate = createResponseValidator(spec);
  const headers = { 'X-Request-Id': 'req_abcdefgh' };

  it.each([
    [
      'a documented 200 with a valid body',
      'agentsGetPhoneNumber',
      { status: 200, headers, body: phoneNumber },
      null,
    ],
    ['a 204 without a body', 'agentsDeletePhoneNumber', { status: 204, headers, body: undefined }, null],
    [
      'an undocumented status',
      'agentsGetPhoneNumber',
      { status: 201, headers, body: phoneNumber },
      /201 is not documented/,
    ],
    ['a 204 with a body', 'agentsDeletePhoneNumber', { status: 204, headers, body: {} }, /must be empty/],
    [
      'a missing X-Request-Id',
      'agentsGetPhoneNumber',
      { status: 200, headers: {}, body: phoneNumber },
      /X-Request-Id is required/,
    ],
    [
      'a 429 without Retry-After',
      'convaiGetPhoneNumber',
      { status: 429, headers, body: { detail: [{ loc: [], msg: 'slow down', type: 'rate_limited' }] } },
      /Retry-After is required/,
    ],
    // The header in any case.
    ...(['Retry-After', 'retry-after'] as const).map(
      (spelling) =>
        [
          `a 429 with ${spelling}`,
          'convaiGetPhoneNumber',
          {
            status: 429,
            headers: { ...headers, [spelling]: '30' },
            body: { detail: [{ loc: [], msg: 'slow down', type: 'rate_limited' }] },
          },
          null,
        ] as const,
    ),
    // node:http sends both lines; the second spelling must not hide behind the first (either order).
    ...(['Retry-After', 'retry-after'] as const).map(
      (first) =>
        [
          `a valid ${first} beside a bad spelling of it`,
          'convaiGetPhoneNumber',
          {
            status: 429,
            headers: {
              ...headers,
              [first]: '5',
              [first === 'Retry-After' ? 'retry-after' : 'Retry-After']: 'soon',
            },
            body: { detail: [{ loc: [], msg: 'slow down', type: 'rate_limited' }] },
          },
          /header (Retry-After|retry-after) must be integer/,
        ] as const,
    ),
    [
      'a nested mismatch, reported with its JSON path',
      'agentsListPhoneNumbers',
      {
        status: 200,
        headers,
        body: { numbers: [{ ...phoneNumber, id: 'bad' }], next_cursor: null, has_more: false },
      },
      /\$\.numbers\[0\]\.id/,
    ],
    [
      'a livekit number without its LiveKit id (the if/then rule)',
      'agentsGetPhoneNumber',
      { status: 200, headers, body: { ...phoneNumber, source: 'livekit', capabilities: ['inbound'] } },
      /livekit_phone_number_id/,
    ],
    [
      'a convai number whose provider matches no variant',
      'convaiGetPhoneNumber',
      {
        status: 200,
        headers,
        body: { provider: 'sms', phone_number: '+12025551234', label: '', phone_number_id: KNOWN_ID },
      },
      /provider/,
    ],
  ] as const)('%s', (_name, operationId, reply, want) => {
    const result = validate(operationId, { ...reply, headers: { ...reply.headers } });
    if (want === null) expect(result).toBeNull();
    else expect(result).toMatch(want);
  });
});

describe('jsonErrorOffset', () => {
  it.each([
    ['{"a":}', 5],
    ['{"a":1', 6],
    ['{"a":1}x', 7],
    ['{a:1}', 1],
    ['', 0],
    ['[1,]', 3],
    ['nul', 3],
    ['{"a":"b\u0001"}', 7],
    ['{"a":"\\x"}', 7],
    ['  -', 3],
    ['[1 2]', 3],
    ['1.', 2],
    ['1e+', 3],
    ['01', 1],
  ])('%j fails at %i', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('agrees with V8 wherever V8 reports a position', () => {
    const samples = [
      '{"a":1',
      '{"a":1}x',
      '{a:1}',
      '{"a" 1}',
      '[1,2',
      '{"a":[1,{"b":2]}',
      '"abc',
      '  -',
      '1.',
      '-x',
      '01',
    ];
    for (const text of samples) {
      let v8: number | undefined;
      try {
        JSON.parse(text);
      } catch (error) {
        const m = /position (\d+)/.exec((error as Error).message);
        v8 = m ? Number(m[1]) : undefined;
      }
      if (v8 !== undefined) expect([text, jsonErrorOffset(text)]).toEqual([text, v8]);
    }
  });
});

describe('readBody', () => {
  async function withServer(
    maxBytes: number,
    send: (port: number) => Promise<void>,
  ): Promise<{ result: Buffer | 'too_large'; received: number }> {
    let settle: (value: { result: Buffer | 'too_large'; received: number }) => void = () => {};
    const done = new Promise<{ result: Buffer | 'too_large'; received: number }>((r) => {
      settle = r;
    });
    const server = createServer((req, res) => {
      readBody(req, maxBytes).then((result) => {
        settle({ result, received: req.socket.bytesRead });
        res.writeHead(204, { Connection: 'close' }).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await send(port).catch(() => {});
    const outcome = await done;
    server.closeAllConnections();
    server.close();
    return outcome;
  }

  function post(port: number, headers: Record<string, string | number>, chunks: Buffer[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      let i = 0;
      const next = () => {
        const chunk = chunks[i++];
        if (!chunk) return req.end();
        req.write(chunk, () => setTimeout(next, 2));
      };
      next();
    });
  }

  it('returns the whole body under the limit', async () => {
    const body = Buffer.from('{"hello":"world"}');
    const { result } = await withServer(1024, (port) =>
      post(port, { 'content-length': body.length }, [body]),
    );
    expect(result).toEqual(body);
  });

  it('says too_large from Content-Length without reading the body', async () => {
    const { result, received } = await withServer(1024, (port) =>
      post(port, { 'content-length': 1_000_000 }, [Buffer.alloc(10)]),
    );
    expect(result).toBe('too_large');
    expect(received).toBeLessThan(10_000);
  });

  it('says too_large on the chunk that passes the limit of a chunked body', async () => {
    const chunks = Array.from({ length: 200 }, () => Buffer.alloc(4096, 0x20));
    const { result, received } = await withServer(16 * 1024, (port) =>
      post(port, { 'transfer-encoding': 'chunked' }, chunks),
    );
    expect(result).toBe('too_large');
    expect(received).toBeLessThan(200 * 4096);
  });
});
