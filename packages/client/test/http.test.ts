import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentsApiError, createPhoneNumbersClient, TimeoutError } from '../src/index.ts';
import { example, PHONE_ID } from './helpers.ts';

// Exercises the real fetch (undici) against a real socket: request ids, bodies re-sent on retry, and a
// timeout that really closes the connection. Handlers are per test; the server is this file's own stub.
type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let handler: Handler = (_req, res) => res.end();
let server: Server;
let baseUrl: string;
let counter = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      res.setHeader('x-request-id', `req_test${String(++counter).padStart(8, '0')}`);
      handler(req, res, body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

describe('over real HTTP on 127.0.0.1', () => {
  it('retries a keyed import after 429 + Retry-After: 0, re-sending body and key, and reports the last request id', async () => {
    const seen: { key: string | undefined; body: string }[] = [];
    handler = (req, res, body) => {
      seen.push({ key: req.headers['idempotency-key'] as string | undefined, body });
      if (seen.length === 1) {
        send(
          res,
          429,
          { error: { code: 'rate_limited', message: 'slow down' }, request_id: 'req_x0000000' },
          { 'retry-after': '0' },
        );
      } else send(res, 201, example('PhoneNumberLivekit'));
    };
    const client = createPhoneNumbersClient({
      agents: { apiKey: 'sk_http' },
      baseUrl,
      retry: { baseDelayMs: 1 },
    });
    const body = { source: 'livekit', e164: '+14155550142' } as const;
    const res = await client.agents.phoneNumbers.import(body, { idempotencyKey: 'http-1' });
    expect(res.status).toBe(201);
    expect(res.requestId).toMatch(/^req_test\d{8}$/);
    expect(seen).toEqual([
      { key: 'http-1', body: JSON.stringify(body) },
      { key: 'http-1', body: JSON.stringify(body) },
    ]);
  });

  it('a timeout rejects with TimeoutError and closes the connection the server was holding', async () => {
    let closed: Promise<unknown> | undefined;
    handler = (req) => {
      // Never answer; resolve when the client drops the socket.
      closed = once(req.socket, 'close');
    };
    const client = createPhoneNumbersClient({ agents: { apiKey: 'sk_http' }, baseUrl, timeoutMs: 100 });
    await expect(client.agents.phoneNumbers.get(PHONE_ID)).rejects.toBeInstanceOf(TimeoutError);
    await expect(closed).resolves.toBeDefined();
  });

  it('throw mode carries the server request id', async () => {
    handler = (_req, res) =>
      send(res, 404, {
        error: { code: 'phone_number_not_found', message: 'No phone number with this id in the workspace.' },
        request_id: 'req_ignored0',
      });
    const client = createPhoneNumbersClient({ agents: { apiKey: 'sk_http' }, baseUrl, throwOnError: true });
    const error = await client.agents.phoneNumbers.get('legacy-uuid').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentsApiError);
    expect((error as AgentsApiError).requestId).toMatch(/^req_test\d{8}$/);
  });
});
