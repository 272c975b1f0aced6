import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { type components, createResponseValidator, defineHandlers, type Reply } from '../src/index.ts';

/** The bundled contract every consumer reads. */
export const spec = JSON.parse(
  readFileSync(new URL(import.meta.resolve('@phone-api/spec/openapi.json')), 'utf8'),
) as Record<string, unknown>;

export const REQUEST_ID = /^req_[0-9A-Za-z_-]{8,64}$/;
export const KNOWN_ID = 'phone_01kjqh7vm8fg9vjw2pv29p5pjw';
export const LEGACY_UUID = '3f2c1a7e-9b4d-4c1e-8a6f-2d5e7b9c0a13';
export const AGENTS_KEY = 'sk_test_agents';
export const CONVAI_KEY = 'xi_test_convai';

export const phoneNumber: components['schemas']['PhoneNumber'] = {
  id: KNOWN_ID,
  e164: '+12025551234',
  source: 'twilio',
  capabilities: ['inbound', 'outbound'],
  created_at: '2026-03-02T15:04:05Z',
  updated_at: '2026-03-09T10:11:12Z',
  label: 'Front desk',
  trunk_id: 'trunk_01kagb9r80ehc8e5k2fjx2vqm3',
  agent_id: null,
  livekit_phone_number_id: null,
};

export const convaiNumber = {
  provider: 'twilio' as const,
  phone_number: '+12025551234',
  label: 'Front desk',
  phone_number_id: KNOWN_ID,
  assigned_agent: null,
};

/** Everything the fixture handlers saw, so tests can check what validation handed over. */
export const seen: { operationId: string; query: unknown; body: unknown; workspace: unknown }[] = [];

/** Handlers that answer in contract; requests for ids other than KNOWN_ID are 404s. */
export const fixtureHandlers = defineHandlers<{ workspace: string }>()({
  agentsListPhoneNumbers: (req) => {
    seen.push({ operationId: req.operationId, query: req.query, body: req.body, workspace: req.workspace });
    return { status: 200, body: { numbers: [phoneNumber], next_cursor: null, has_more: false } };
  },
  agentsImportPhoneNumber: async (req) => {
    seen.push({ operationId: req.operationId, query: req.query, body: req.body, workspace: req.workspace });
    return { status: 201, body: { ...phoneNumber, e164: req.body.e164, label: req.body.label ?? '' } };
  },
  agentsGetPhoneNumber: (req) =>
    req.params.id === KNOWN_ID
      ? { status: 200, body: phoneNumber }
      : {
          status: 404,
          body: {
            error: { code: 'phone_number_not_found', message: 'No phone number with this id.' },
            request_id: req.requestId,
          },
        },
  agentsUpdatePhoneNumber: async (req) => {
    seen.push({ operationId: req.operationId, query: req.query, body: req.body, workspace: req.workspace });
    return { status: 200, body: { ...phoneNumber, label: req.body.label ?? phoneNumber.label } };
  },
  agentsDeletePhoneNumber: () => ({ status: 204 }),
  convaiListPhoneNumbers: (req) => {
    seen.push({ operationId: req.operationId, query: req.query, body: req.body, workspace: req.workspace });
    return { status: 200, body: [convaiNumber] };
  },
  convaiCreatePhoneNumber: async (req) => {
    seen.push({ operationId: req.operationId, query: req.query, body: req.body, workspace: req.workspace });
    return { status: 200, body: { phone_number_id: KNOWN_ID } };
  },
  convaiGetPhoneNumber: () => ({ status: 200, body: convaiNumber }),
  convaiUpdatePhoneNumber: async (req) => {
    seen.push({ operationId: req.operationId, query: req.query, body: req.body, workspace: req.workspace });
    return { status: 200, body: convaiNumber };
  },
  convaiDeletePhoneNumber: () => ({ status: 200, body: {} }),
});

/** Known keys per surface, for the router's `authenticate`. */
export function authenticate(
  surface: 'agents' | 'convai',
  credential: string,
): { workspace: string } | undefined {
  const expected = surface === 'agents' ? AGENTS_KEY : CONVAI_KEY;
  return credential === expected ? { workspace: `ws_${surface}` } : undefined;
}

/** `promise`, or a rejection once `ms` have passed: a hang fails its test at once, not at vitest's timeout. */
export function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Starts a listener on 127.0.0.1, port 0; returns its base URL and a stop function. */
export async function listen(
  listener: Parameters<typeof createServer>[1],
): Promise<{ base: string; port: number; server: Server; close: () => Promise<void> }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const responseValidator = createResponseValidator(spec);
const shapes = new Ajv2020({ strict: false, allErrors: true });
addFormatsModule.default(shapes);
shapes.addSchema({ ...spec, $id: 'https://test.invalid/openapi.json' });
const errorShape = {
  agents: shapes.compile({ $ref: 'https://test.invalid/openapi.json#/components/schemas/Error' }),
  convai: shapes.compile({
    $ref: 'https://test.invalid/openapi.json#/components/schemas/HTTPValidationError',
  }),
};

/**
 * Asserts a reply is in contract: against the operation's documented responses when there is one,
 * otherwise (unknown routes) against the surface's error schema. Returns the mismatch or null.
 */
export function contractMismatch(
  surface: 'agents' | 'convai',
  operationId: string | undefined,
  reply: Reply,
): string | null {
  if (!REQUEST_ID.test(reply.headers['x-request-id'] ?? ''))
    return `bad X-Request-Id ${reply.headers['x-request-id']}`;
  if (operationId) return responseValidator(operationId, reply);
  const validate = errorShape[surface];
  return validate(reply.body) ? null : JSON.stringify(validate.errors);
}

/** fetch, returning status, lowercase headers and the parsed JSON body (undefined when empty). */
export async function call(
  base: string,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string } = {},
): Promise<Reply & { ms: number }> {
  const started = performance.now();
  const response = await fetch(base + path, { method, headers: init.headers, body: init.body });
  const text = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return {
    status: response.status,
    headers,
    body: text.length > 0 ? JSON.parse(text) : undefined,
    ms: performance.now() - started,
  };
}
