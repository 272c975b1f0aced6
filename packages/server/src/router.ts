import {
  type IncomingMessage,
  type ServerResponse,
  validateHeaderName,
  validateHeaderValue,
} from 'node:http';
import { type Surface, surfaceOf } from '@phone-api/openapi';
import { readBody } from './body.ts';
import { withOperationHeaders } from './deprecation.ts';
import { errorReply, newRequestId, type Reply } from './errors.ts';
import type { ExactHandlers, HandlerRequest, Handlers, OperationId } from './handlers.ts';
import { responseValidatorFor } from './response-validator.ts';
import {
  compileSpec,
  DEFAULT_MAX_BODY_BYTES,
  type RawRequest,
  readCredential,
  type ValidRequest,
  validatorFor,
} from './validator.ts';

/** Why the router called `onError`. */
export type RouterErrorKind = 'handler_threw' | 'handler_timeout' | 'invalid_response' | 'authenticate_threw';

/** What `onError` learns about a failed request (never its body). */
export interface RouterErrorContext {
  kind: RouterErrorKind;
  requestId: string;
  operationId: string;
  surface: Surface;
  /** For `invalid_response`: the mismatch, with the JSON path of the first difference. */
  mismatch?: string;
}

/** Options of {@link createRouter}. */
export interface RouterOptions<W> {
  /** The bundled OpenAPI document (`spec/dist/openapi.json`), parsed. */
  spec: object;
  /** Check every handler reply against the spec (default: `NODE_ENV !== 'production'`). */
  validateResponses?: boolean;
  /** Request body limit in bytes (default 64 KiB). */
  maxBodyBytes?: number;
  /**
   * Resolves a credential to a workspace; `undefined` answers the surface's 401. Without it any present
   * credential is accepted and handlers get `workspace: undefined`. May answer synchronously. `connection`
   * is the request's socket, an identity only: an implementation may remember what a connection has
   * already proven (see the reference server's store), never trusting it for another connection.
   */
  authenticate?: (
    surface: Surface,
    credential: string,
    connection: object,
  ) => W | undefined | Promise<W | undefined>;
  /** Called when a request ends in a 500 (thrown handler, timeout, out-of-contract reply). */
  onError?: (error: unknown, context: RouterErrorContext) => void;
  /** A handler that has not settled after this many milliseconds is answered 500 (default 30 000). */
  handlerTimeoutMs?: number;
  /** Where failures are logged (default `console`). Request bodies are never logged. */
  logger?: Pick<Console, 'error'>;
}

/** A `node:http` request listener. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Response headers a browser app may read (CORS hides every other non-safelisted header), for every HTTP
 * layer that answers this API; Deprecation, Sunset and Link are a deprecated operation's.
 */
export const EXPOSED_HEADERS = 'X-Request-Id, Retry-After, RateLimit, Deprecation, Sunset, Link';

/**
 * A validating router for `node:http`: every request gets an `X-Request-Id`; CORS for browser callers;
 * then body read (with limit) -> request validation -> `authenticate` -> the operation's handler ->
 * optional response validation -> JSON. Every failure is answered with a documented status in the
 * surface's error shape; a thrown or out-of-contract handler becomes the documented 500 and `onError`.
 * Handlers are checked for exactness at compile time (see {@link defineHandlers}).
 */
export function createRouter<W = unknown, H extends Handlers<W> = Handlers<W>>(
  options: RouterOptions<W> & { handlers: H & ExactHandlers<H, W> },
): RequestListener {
  const compiled = compileSpec(options.spec);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const handlers = options.handlers as unknown as Record<
    string,
    (req: HandlerRequest<OperationId, W>) => unknown
  >;
  const missing = [...compiled.model.operations.keys()].filter((id) => typeof handlers[id] !== 'function');
  if (missing.length > 0) throw new Error(`createRouter: no handler for ${missing.join(', ')}`);
  const validate = validatorFor(compiled, { maxBodyBytes });
  const checkResponse =
    (options.validateResponses ?? process.env.NODE_ENV !== 'production')
      ? responseValidatorFor(compiled)
      : undefined;
  const logger = options.logger ?? console;
  const timeoutMs = options.handlerTimeoutMs ?? 30_000;

  // Never throws: it is the last resort of every failure path, and nothing above them would catch.
  const fail = (error: unknown, context: RouterErrorContext): Reply => {
    const detail =
      context.kind === 'invalid_response' ? `out-of-contract reply: ${context.mismatch}` : describe(error);
    logger.error(
      `[@phone-api/server] ${context.operationId} ${context.requestId} ${context.kind}: ${detail}`,
    );
    try {
      options.onError?.(error, context);
    } catch (hookError) {
      logger.error(`[@phone-api/server] onError threw: ${describe(hookError)}`);
    }
    return errorReply('internal', context.surface, context.requestId);
  };

  /**
   * Authenticates, runs the handler ({@link handle}) and sends its reply. Written with callbacks rather than as an async
   * function: a cached key answers synchronously and the handler's promise is followed directly, so a
   * request costs one turn of the microtask queue instead of four (and no wrapper promises).
   */
  const run = (
    request: ValidRequest,
    requestId: string,
    connection: object,
    res: ServerResponse,
    cors: boolean,
  ): void => {
    let found: W | undefined;
    if (options.authenticate) {
      try {
        const answer = options.authenticate(request.surface, request.credential, connection);
        if (isThenable(answer)) {
          answer.then(
            (workspace) => handle(request, requestId, workspace, res, cors),
            (error: unknown) => authenticateThrew(error, request, requestId, res, cors),
          );
          return;
        }
        found = answer;
      } catch (error) {
        // authenticate itself threw, or the then() of the thenable it returned did.
        authenticateThrew(error, request, requestId, res, cors);
        return;
      }
    }
    handle(request, requestId, found, res, cors);
  };

  const authenticateThrew = (
    error: unknown,
    request: ValidRequest,
    requestId: string,
    res: ServerResponse,
    cors: boolean,
  ): void => send(res, fail(error, errorContext(request, requestId, 'authenticate_threw')), cors);

  const handle = (
    request: ValidRequest,
    requestId: string,
    workspace: W | undefined,
    res: ServerResponse,
    cors: boolean,
  ): void => {
    if (options.authenticate && workspace === undefined) {
      send(res, errorReply('unauthorized', request.surface, requestId), cors);
      return;
    }
    const handler = handlers[request.operationId] as (req: HandlerRequest<OperationId, W>) => unknown;
    let result: unknown;
    try {
      result = handler({
        operationId: request.operationId as OperationId,
        surface: request.surface,
        params: request.params,
        query: request.query,
        headers: request.headers,
        body: request.body,
        requestId,
        credential: request.credential,
        ...(request.variant ? { variant: request.variant } : {}),
        workspace: workspace as W,
      } as HandlerRequest<OperationId, W>);
    } catch (error) {
      send(res, fail(error, errorContext(request, requestId, 'handler_threw')), cors);
      return;
    }
    if (!isThenable(result)) {
      send(res, finish(request, requestId, result), cors);
      return;
    }
    // A handler that has not settled in time is answered 500 at once; whatever it settles to later is
    // dropped (not validated, not logged), as the request is over.
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      send(
        res,
        fail(new Error('handler timed out'), errorContext(request, requestId, 'handler_timeout')),
        cors,
      );
    }, timeoutMs);
    timer.unref();
    /** Whether this is the first word on the request (the timer's or the handler's); it stops the timer. */
    const first = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      return true;
    };
    const failed = (error: unknown) => {
      if (first()) send(res, fail(error, errorContext(request, requestId, 'handler_threw')), cors);
    };
    try {
      result.then((value) => {
        if (first()) send(res, finish(request, requestId, value), cors);
      }, failed);
    } catch (error) {
      failed(error); // a thenable whose then() itself throws
    }
  };

  /**
   * The reply for what a handler returned: checked for a status, and against the spec when enabled. Never
   * throws (a reply that cannot even be checked is a 500 too), since nothing above it would catch.
   */
  const finish = (request: ValidRequest, requestId: string, result: unknown): Reply => {
    try {
      return checked(request, requestId, result);
    } catch (error) {
      const mismatch = error instanceof Error ? error.message : describe(error);
      return fail(error, errorContext(request, requestId, 'invalid_response', mismatch));
    }
  };

  const checked = (request: ValidRequest, requestId: string, result: unknown): Reply => {
    const out = result as { status?: unknown; headers?: Record<string, string>; body?: unknown } | undefined;
    if (!out || typeof out.status !== 'number') {
      return fail(
        new Error('handler returned no { status }'),
        errorContext(request, requestId, 'invalid_response', '$.status is missing'),
      );
    }
    // node:http would throw from writeHead; with response checks off (production) nothing else catches it.
    if (!Number.isInteger(out.status) || out.status < 100 || out.status > 599) {
      return fail(
        new Error(`handler returned status ${out.status}`),
        errorContext(request, requestId, 'invalid_response', `$.status ${out.status} is not an HTTP status`),
      );
    }
    if (out.headers) {
      // Checked here, where a refusal becomes the documented 500: node:http would throw from writeHead,
      // after it had already taken the status in (a 204 there leaves no way to send the 500's body).
      for (const [name, value] of Object.entries(out.headers)) {
        validateHeaderName(name);
        validateHeaderValue(name, value);
      }
    }
    // The operation's own headers (a deprecated one's) are already set on the response (see respond); they
    // go into the reply too, so the response check below sees exactly what is sent.
    const reply: Reply = {
      status: out.status,
      headers: request.responseHeaders
        ? { ...withOperationHeaders(out.headers ?? {}, request.responseHeaders), 'X-Request-Id': requestId }
        : { ...out.headers, 'X-Request-Id': requestId },
      body: out.body,
    };
    if (checkResponse) {
      const mismatch = checkResponse(request.operationId, reply);
      if (mismatch)
        return fail(new Error(mismatch), errorContext(request, requestId, 'invalid_response', mismatch));
    }
    return reply;
  };

  return (req, res) => {
    const requestId = newRequestId();
    const cors = req.headers.origin !== undefined;
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';

    if (method === 'OPTIONS') {
      send(res, preflight(compiled.match(pathOf(url))?.operations, url, requestId), cors);
      return;
    }
    const declared = req.headers['content-length'];
    const hasBody =
      (declared !== undefined && declared !== '0') || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody) {
      respond(req, res, cors, { method, url, headers: req.headers, body: undefined }, requestId);
      return;
    }
    readBody(req, maxBodyBytes).then(
      (body) => {
        const tooLarge = body === 'too_large';
        if (tooLarge) {
          // The rest of the body is never read: answer, then close the connection instead of draining it.
          res.setHeader('Connection', 'close');
          res.once('finish', () => closeSoon(req));
        }
        respond(
          req,
          res,
          cors,
          { method, url, headers: req.headers, body: tooLarge ? undefined : body, bodyTooLarge: tooLarge },
          requestId,
        );
      },
      () => req.socket.destroy(),
    );
  };

  /**
   * A request the validator refused is still authenticated first when it carries a credential: a caller
   * with a wrong key learns only that (401), never how the request itself would have been judged.
   * Unknown routes keep their 404: no operation, so no security scheme to check.
   */
  async function authenticateRefused(
    raw: RawRequest,
    reply: Reply,
    requestId: string,
    connection: object,
  ): Promise<Reply> {
    if (!options.authenticate || reply.status === 401) return reply;
    const op = compiled.match(pathOf(raw.url))?.operations.get(raw.method.toUpperCase());
    if (op === undefined) return reply;
    const credential = readCredential(op, raw.headers);
    if (credential === undefined || credential === '') return reply;
    const workspace = await options.authenticate(op.surface, credential, connection);
    return workspace === undefined ? errorReply('unauthorized', op.surface, requestId) : reply;
  }

  function refusedContext(raw: RawRequest, requestId: string): RouterErrorContext {
    const op = compiled.match(pathOf(raw.url))?.operations.get(raw.method.toUpperCase());
    return {
      kind: 'authenticate_threw',
      requestId,
      operationId: op?.operationId ?? '',
      surface: op?.surface ?? surfaceOf(pathOf(raw.url)) ?? 'agents',
    };
  }

  function respond(
    req: IncomingMessage,
    res: ServerResponse,
    cors: boolean,
    raw: Parameters<typeof validate>[0],
    requestId: string,
  ): void {
    const checked = validate(raw, requestId);
    // Set once here, every answer of a matched operation carries its headers, whichever path produces it
    // (a refusal, the 401 of authenticate, the handler's reply, a 500, a timeout).
    const operationHeaders = checked.ok ? checked.request.responseHeaders : checked.responseHeaders;
    if (operationHeaders)
      for (const name in operationHeaders) res.setHeader(name, operationHeaders[name] as string);
    if (!checked.ok) {
      authenticateRefused(raw, checked.reply, requestId, req.socket).then(
        (reply) => send(res, reply, cors),
        (error) => send(res, fail(error, refusedContext(raw, requestId)), cors),
      );
      return;
    }
    run(checked.request, requestId, req.socket, res, cors);
  }

  function send(res: ServerResponse, reply: Reply, cors: boolean): void {
    if (res.headersSent || res.destroyed) return;
    let payload: string | undefined;
    try {
      payload = reply.body === undefined ? undefined : JSON.stringify(reply.body);
    } catch (error) {
      const requestId = reply.headers['X-Request-Id'] ?? newRequestId();
      logger.error(`[@phone-api/server] ${requestId} reply is not serialisable: ${describe(error)}`);
      const surface = surfaceOf(res.req?.url ?? '') ?? 'agents';
      reply = errorReply('internal', surface, requestId);
      payload = JSON.stringify(reply.body);
    }
    // Every reply reaching here was built for this request (by run, errorReply or preflight), so its
    // headers object is completed in place rather than copied.
    const headers: Record<string, string | number> = reply.headers;
    if (cors) {
      headers['Access-Control-Allow-Origin'] = '*';
      headers['Access-Control-Expose-Headers'] = EXPOSED_HEADERS;
    }
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  }
}

function errorContext(
  request: ValidRequest,
  requestId: string,
  kind: RouterErrorKind,
  mismatch?: string,
): RouterErrorContext {
  return {
    kind,
    requestId,
    operationId: request.operationId,
    surface: request.surface,
    ...(mismatch ? { mismatch } : {}),
  };
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** The answer to a CORS preflight: the path's methods and the headers the spec lets clients send. */
function preflight(
  operations:
    | Map<
        string,
        { credentials: { kind: string; header?: string }[]; params: { in: string; name: string }[] }
      >
    | undefined,
  url: string,
  requestId: string,
): Reply {
  if (!operations) {
    const surface = surfaceOf(pathOf(url)) ?? 'agents';
    return errorReply('route_not_found', surface, requestId);
  }
  const allowHeaders = new Set(['Content-Type']);
  for (const op of operations.values()) {
    for (const c of op.credentials)
      allowHeaders.add(c.kind === 'bearer' ? 'Authorization' : (c.header ?? ''));
    for (const p of op.params) if (p.in === 'header') allowHeaders.add(p.name);
  }
  return {
    status: 204,
    headers: {
      'X-Request-Id': requestId,
      'Access-Control-Allow-Methods': [...operations.keys()].join(', '),
      'Access-Control-Allow-Headers': [...allowHeaders].join(', '),
      'Access-Control-Max-Age': '600',
    },
    body: undefined,
  };
}

/** Text for any thrown value, even one String() cannot convert (`Object.create(null)`, a throwing toString). */
function describe(value: unknown): string {
  try {
    return value instanceof Error ? (value.stack ?? value.message) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

/**
 * After a 413 the unread remainder of the body is not drained: the response carries `Connection: close`
 * and the socket is destroyed shortly after, giving the client time to read the reply first.
 */
function closeSoon(req: IncomingMessage): void {
  const socket = req.socket;
  const timer = setTimeout(() => socket.destroy(), 500);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}
