/**
 * One benchmark target, run in its own process so the load generator does not share its event loop:
 * `bare` answers a fixed body from plain node:http; `router` and `router-checked` serve the spec through
 * createRouter with trivial handlers (response validation off / on); `fastify` is the peer a user would
 * pick: Fastify 5 with its own ajv validation of the same request schemas (see fastify-server.ts); `fetch`
 * is the same pipeline through its Fetch adapter, put on node:http by srvx (as a Fetch-API server runs on
 * Node), responses unchecked. Prints the port on stdout.
 */
import { readFileSync } from 'node:fs';
import { createServer, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseCommandLine, usageError } from '@phone-api/tooling/args';
import { toNodeHandler } from 'srvx/node';
import { createFetchHandler, createRouter, defineHandlers, notImplemented } from '../src/index.ts';

export const KNOWN_ID = 'phone_01kjqh7vm8fg9vjw2pv29p5pjw';
const phoneNumber = {
  id: KNOWN_ID,
  e164: '+12025551234',
  source: 'twilio' as const,
  capabilities: ['inbound' as const, 'outbound' as const],
  created_at: '2026-03-02T15:04:05Z',
  updated_at: '2026-03-09T10:11:12Z',
  label: 'Front desk',
  trunk_id: null,
  agent_id: null,
  livekit_phone_number_id: null,
};

const MODES = ['bare', 'router', 'router-checked', 'fetch', 'fastify'];
const cli = { usage: `node bench/server.ts [${MODES.join('|')}]`, options: {}, positionals: ['mode'] };
const mode = parseCommandLine(cli).positionals[0] ?? 'bare';
if (!MODES.includes(mode)) usageError(cli, `unknown mode '${mode}'`);

/** The listener of a node:http target: the fixed body, or the router over the spec. */
function nodeListener(): RequestListener {
  if (mode === 'bare') {
    const payload = JSON.stringify(phoneNumber);
    const answer = (res: ServerResponse) => {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(payload),
      });
      res.end(payload);
    };
    // A request with a body is read to its end first, as any server that uses the body must.
    return (req, res) => {
      if (req.headers['content-length'] === undefined) return answer(res);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => answer(res));
    };
  }
  const spec = JSON.parse(readFileSync(new URL(import.meta.resolve('@phone-api/spec/openapi.json')), 'utf8'));
  const handlers = defineHandlers()({
    agentsListPhoneNumbers: notImplemented('agentsListPhoneNumbers'),
    agentsImportPhoneNumber: (req) => ({ status: 201, body: { ...phoneNumber, e164: req.body.e164 } }),
    agentsGetPhoneNumber: () => ({ status: 200, body: phoneNumber }),
    agentsUpdatePhoneNumber: notImplemented('agentsUpdatePhoneNumber'),
    agentsDeletePhoneNumber: notImplemented('agentsDeletePhoneNumber'),
    convaiListPhoneNumbers: notImplemented('convaiListPhoneNumbers'),
    convaiCreatePhoneNumber: notImplemented('convaiCreatePhoneNumber'),
    convaiGetPhoneNumber: notImplemented('convaiGetPhoneNumber'),
    convaiUpdatePhoneNumber: notImplemented('convaiUpdatePhoneNumber'),
    convaiDeletePhoneNumber: notImplemented('convaiDeletePhoneNumber'),
  });
  const options = {
    spec,
    handlers,
    validateResponses: mode === 'router-checked',
    authenticate: (_surface: string, credential: string) =>
      credential === 'sk_bench' ? { id: 'ws_bench' } : undefined,
  };
  return mode === 'fetch'
    ? (toNodeHandler(createFetchHandler(options)) as RequestListener)
    : createRouter(options);
}

if (mode === 'fastify') {
  const { startFastify } = await import('./fastify-server.ts');
  process.stdout.write(`${await startFastify(phoneNumber)}\n`);
} else {
  const server = createServer(nodeListener());
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
