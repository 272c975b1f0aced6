import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Surface, surfaceOf } from '@phone-api/openapi';
import { EXPOSED_HEADERS, errorReply, newRequestId, type Reply, readBody } from '@phone-api/server';
import { docsReply } from './docs.ts';
import { type Engine, MAX_BODY_BYTES, type OperationInfo } from './engine.ts';
import { type Preferences, parsePrefer } from './prefer.ts';

const ALLOWED_METHODS = 'GET, POST, PATCH, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, Prefer, xi-api-key';
// Header names a preflight may ask for, echoed back only when every one is a plain token.
const HEADER_LIST = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$/;
// Dynamic data comes from json-schema-faker, which ignores `if`/`then`/`else` (about a third of generated
// agents numbers fail PhoneNumber's rules); regenerating is cheap, and lists are short (DYNAMIC_MAX_ITEMS).
const DYNAMIC_ATTEMPTS = 30;

/** How the HTTP layer finds the current engine and reports what it did. */
export interface HandlerContext {
  /** The engine of the last good spec; read once per request so a reload never splits a request. */
  engine(): Engine;
  /** Default for `Prefer: dynamic` when a request does not say. */
  dynamic: boolean;
  log(line: string): void;
}

interface Outcome {
  reply: Reply;
  /** What the log line should add, e.g. an ignored preference. */
  notes: string[];
  /** `Preference-Applied` value (RFC 7240), when a preference was honoured. */
  applied?: string;
  closeConnection?: boolean;
  /** The matched operation's own headers (a deprecated one's), from the server package's model. */
  operationHeaders?: Readonly<Record<string, string>>;
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** The one status Prism answers with when no `code` is preferred: the lowest documented 2xx. */
function defaultStatus(op: OperationInfo): number | undefined {
  return [...op.responses.keys()].filter((s) => s >= 200 && s < 300).sort((a, b) => a - b)[0];
}

/**
 * Keeps the preferences this operation can honour. A status the operation does not document, or an
 * example that response does not have, is ignored (RFC 7240 allows it) so that every answer stays one
 * the contract documents for this operation.
 */
function honourable(op: OperationInfo, asked: Preferences, dynamicDefault: boolean, notes: string[]) {
  const prefs: Preferences & { dynamic: boolean } = { dynamic: asked.dynamic ?? dynamicDefault };
  if (asked.code !== undefined) {
    if (op.responses.has(asked.code)) prefs.code = asked.code;
    else notes.push(`ignored Prefer code=${asked.code}: not documented for ${op.operationId}`);
  }
  const status = prefs.code ?? defaultStatus(op);
  if (asked.example !== undefined) {
    if (status !== undefined && op.responses.get(status)?.has(asked.example)) prefs.example = asked.example;
    else
      notes.push(`ignored Prefer example=${asked.example}: no such example for ${op.operationId} ${status}`);
  }
  // Generated error bodies would carry random `error.code`s; errors always use their documented examples.
  if (status !== undefined && (status < 200 || status > 299)) prefs.dynamic = false;
  return prefs;
}

function appliedValue(prefs: Preferences): string | undefined {
  const parts: string[] = [];
  if (prefs.code !== undefined) parts.push(`code=${prefs.code}`);
  if (prefs.example !== undefined) parts.push(`example=${prefs.example}`);
  if (prefs.dynamic) parts.push('dynamic=true');
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/**
 * Puts our request id where the contract says it goes (the header; `request_id` of agents error bodies),
 * whatever id Prism copied from an example.
 */
function stamp(reply: Reply, requestId: string): Reply {
  const headers = { ...reply.headers, 'x-request-id': requestId };
  let body = reply.body;
  const isError = reply.status >= 400;
  if (isError && body !== null && typeof body === 'object' && !Array.isArray(body) && 'request_id' in body) {
    body = { ...body, request_id: requestId };
  }
  return { status: reply.status, headers, body };
}

async function mockResponse(
  engine: Engine,
  op: OperationInfo,
  path: string,
  asked: Preferences,
  ctx: HandlerContext,
  requestId: string,
): Promise<Outcome> {
  const notes: string[] = [];
  const prefs = honourable(op, asked, ctx.dynamic, notes);
  const attempts = prefs.dynamic ? DYNAMIC_ATTEMPTS : 1;
  for (let i = 0; i < attempts; i++) {
    const produced = await engine.mock(op, path, prefs);
    if (produced === undefined) break;
    const reply = stamp(produced, requestId);
    if (!op.responses.has(reply.status)) {
      notes.push(`Prism answered ${reply.status}, which ${op.operationId} does not document`);
      break;
    }
    if (!prefs.dynamic) return { reply, notes, applied: appliedValue(prefs) };
    const problem = engine.validateResponse(op.operationId, reply);
    if (problem === null) return { reply, notes, applied: appliedValue(prefs) };
    if (i === attempts - 1)
      notes.push(`generated data kept failing the schema (${problem}); served the example`);
  }
  // Prism could not honour the preferences: its default (the first example of the lowest 2xx) is documented.
  const fallback = { dynamic: false };
  const produced = await engine.mock(op, path, fallback);
  if (produced !== undefined && op.responses.has(produced.status)) {
    return { reply: stamp(produced, requestId), notes };
  }
  notes.push(`Prism produced no documented response for ${op.operationId}`);
  return {
    reply: errorReply('internal', op.surface, requestId),
    notes,
  };
}

async function respond(req: IncomingMessage, ctx: HandlerContext, requestId: string): Promise<Outcome> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = req.url ?? '/';
  const path = pathOf(url);

  if (
    method === 'OPTIONS' &&
    req.headers.origin !== undefined &&
    req.headers['access-control-request-method']
  ) {
    const asked = req.headers['access-control-request-headers'];
    return {
      reply: {
        status: 204,
        headers: {
          'access-control-allow-methods': ALLOWED_METHODS,
          'access-control-allow-headers': asked && HEADER_LIST.test(asked) ? asked : ALLOWED_HEADERS,
          'access-control-max-age': '600',
          'x-request-id': requestId,
        },
        body: undefined,
      },
      notes: ['CORS preflight'],
    };
  }

  const engine = ctx.engine();
  const read = await readBody(req, MAX_BODY_BYTES);
  const tooLarge = read === 'too_large';
  // The rest of an oversized body is drained unread, and the connection closed after the answer.
  if (tooLarge) req.resume();
  const checked = engine.validateRequest(
    { method, url, headers: req.headers, body: tooLarge ? undefined : read, bodyTooLarge: tooLarge },
    requestId,
  );
  if (!checked.ok) {
    return {
      reply: checked.reply,
      notes: [],
      closeConnection: tooLarge,
      operationHeaders: checked.responseHeaders,
    };
  }
  const operationHeaders = checked.request.responseHeaders;
  try {
    const operation = engine.operations.get(checked.request.operationId);
    if (operation === undefined) {
      throw new Error(`the validator matched ${checked.request.operationId}, which Prism does not know`);
    }
    const outcome = await mockResponse(
      engine,
      operation,
      path,
      parsePrefer(req.headers.prefer),
      ctx,
      requestId,
    );
    return { ...outcome, operationHeaders };
  } catch (error) {
    // Past validation the operation is known: its 500 still carries the operation's own headers.
    return { ...internalOutcome(error, checked.request.surface, requestId), operationHeaders };
  }
}

/** The mock's own 500 for a failure of its own (`error` goes to the log, not to the client). */
function internalOutcome(error: unknown, surface: Surface, requestId: string): Outcome {
  const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { reply: errorReply('internal', surface, requestId), notes: [`mock error: ${reason}`] };
}

function write(res: ServerResponse, outcome: Outcome, origin: string | undefined, requestId: string): void {
  const { reply } = outcome;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.headers)) headers[name.toLowerCase()] = value;
  headers['x-request-id'] = requestId;
  // Prism copies the header's example (`*`) into every answer; the contract sends it only to browsers.
  delete headers['access-control-allow-origin'];
  delete headers['content-length'];
  if (origin !== undefined) {
    headers['access-control-allow-origin'] = '*';
    headers['access-control-expose-headers'] = EXPOSED_HEADERS;
  }
  // After Prism's headers: Prism copies each documented header's example, and the values are ours.
  for (const [name, value] of Object.entries(outcome.operationHeaders ?? {}))
    headers[name.toLowerCase()] = value;
  if (outcome.applied !== undefined) headers['preference-applied'] = outcome.applied;
  if (outcome.closeConnection) headers.connection = 'close';
  let payload: string | undefined;
  if (reply.status === 204 || reply.body === undefined) {
    delete headers['content-type'];
  } else {
    payload = JSON.stringify(reply.body);
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/**
 * The mock's `node:http` request handler: request id, CORS, body limit, the server package's request
 * validator (surface-shaped 400/401/404/413/415/422), then Prism for the response, normalised so it
 * carries our request id and is an answer the contract documents for the operation.
 */
export function createHandler(ctx: HandlerContext): (req: IncomingMessage, res: ServerResponse) => void {
  const api = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const requestId = newRequestId();
    const origin = req.headers.origin;
    respond(req, ctx, requestId)
      .catch((error: unknown) =>
        internalOutcome(error, surfaceOf(pathOf(req.url ?? '/')) ?? 'agents', requestId),
      )
      .then((outcome) => {
        if (!res.headersSent) write(res, outcome, origin, requestId);
        const ms = (performance.now() - started).toFixed(1);
        const notes = outcome.notes.length > 0 ? ` (${outcome.notes.join('; ')})` : '';
        ctx.log(`${req.method} ${req.url} -> ${outcome.reply.status} ${ms} ms ${requestId}${notes}`);
      })
      .catch((error: unknown) => {
        ctx.log(`failed to write the response for ${req.method} ${req.url}: ${String(error)}`);
        res.destroy();
      });
  };
  return (req, res) => {
    if (pathOf(req.url ?? '/').startsWith('/docs')) serveDocs(ctx, req, res, () => api(req, res));
    else api(req, res);
  };
}

/** The reference page's routes (`docsReply`); any other path is the API's. */
function serveDocs(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, api: () => void): void {
  const path = pathOf(req.url ?? '/');
  docsReply(ctx.engine().spec, req.method ?? 'GET', path).then(
    (reply) => {
      if (reply === undefined) return api();
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
      ctx.log(`${req.method} ${req.url} -> ${reply.status} (reference page)`);
    },
    (error: unknown) => {
      ctx.log(`failed to serve ${req.method} ${req.url}: ${String(error)}`);
      res.destroy();
    },
  );
}
